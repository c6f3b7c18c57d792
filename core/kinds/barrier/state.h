// What the world keeps of a barrier (ResourceState::own), for its model, its story and its
// diagram item.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::barrier {

struct State
{
    int parties = 0; // how many it waits for (the scenario's)
    int arrived = 0; // how many of this round are there (Reported: their arrive began)
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::barrier
