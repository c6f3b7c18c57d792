// What the world keeps of a message queue, POSIX or System V (ResourceState::own), for its
// model: the messages whose receive was told before their send (the receiver ran first).
#pragma once

#include "model/worldstate.h"

#include <QList>

namespace ipcsim::core::kinds::mqueue {

struct State
{
    QList<Message> earlyReceives;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::mqueue
