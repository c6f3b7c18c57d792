// What the world keeps of a System V semaphore set (ResourceState::own), for its model, its
// story and its diagram item: each member's value, and what SEM_UNDO will give back; and the
// members a semop took, as the set's records carry them ("0,1").
#pragma once

#include "model/valuelist.h"
#include "model/worldstate.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QVector>

namespace ipcsim::core::kinds::sysvsemaphore {

struct State
{
    // Each member's value (Derived, as a semaphore's value).
    ValueList<qint64> members;
    // Under SEM_UNDO, what the kernel will add back to each member when a process exits: its
    // semadj, the tokens it took less those it posted.
    QMap<int, ValueList<qint64>> semadj;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

inline QList<int> membersOf(const QByteArray &text)
{
    QList<int> members;
    for (const QByteArray &m : text.split(','))
        if (bool ok = false; !m.isEmpty()) {
            const int k = m.toInt(&ok);
            if (ok) members.append(k);
        }
    return members;
}

} // namespace ipcsim::core::kinds::sysvsemaphore
