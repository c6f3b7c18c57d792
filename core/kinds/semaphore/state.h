// What the world keeps of a semaphore (ResourceState::own), for its model, its story and its
// diagram item.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::semaphore {

struct State
{
    qint64 value = 0; // Derived: its initial value, plus the posts, less the tokens taken
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::semaphore
