// The members a semop took, as a sysv-semaphore's records carry them ("0,1"): for its model,
// its story and its diagram item.
#pragma once

#include <QByteArray>
#include <QList>

namespace ipcsim::core::kinds::sysvsemaphore {

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
