// What the world keeps of a condition variable (ResourceState::own), for its model, its story and
// its diagram item.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::condition {

struct State
{
    qint64 notifications = 0; // Reported: the notify and broadcast calls made on it
    int mutex = -1;           // the resource index of its mutex (its "mutex" option)
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::condition
