// What the world keeps of a message queue, POSIX or System V (ResourceState::own): its
// messages, and those whose receive was told before their send (the receiver ran first).
#pragma once

#include "model/worldstate.h"

#include <QByteArray>
#include <QList>

namespace ipcsim::core::kinds::mqueue {

struct Message
{
    QByteArray text;
    qint64 priority = 0; // a System V queue's: its type
    int sender = -1;     // the instance that sent it (-1: not known)
    friend bool operator==(const Message &, const Message &) = default;
};

struct State
{
    // In the queue, in the order the kernel delivers them (Derived from the reported sends
    // and receives; at the end, the kernel's own reading); ResourceState::level is how many,
    // capacity how many it takes (a System V queue's: how many bytes).
    QList<Message> messages;
    QList<Message> earlyReceives;
    // The bytes of its messages (a System V queue's msg_cbytes, as told).
    qint64 bytes() const
    {
        qint64 n = 0;
        for (const Message &m : messages)
            n += m.text.size();
        return n;
    }
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::mqueue
