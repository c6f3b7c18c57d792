// What the world keeps of an eventfd (ResourceState::own), for its model, its story and its
// diagram item.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::eventfd {

struct State
{
    qint64 counter = 0; // Derived: its initial value, plus what writes added, less what reads took
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::eventfd
