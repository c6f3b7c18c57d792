// What the world keeps of a mutex or a spinlock (ResourceState::own), for its model and item:
// a holder that died holding it. Its owner is ResourceState::owner, which the wait-for graph
// reads.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::mutex {

struct State
{
    // Derived: a process that died holding it (-1: none). While it is still the owner, the
    // lock is held by the dead; once another process took it (a robust mutex: with
    // EOWNERDEAD, made consistent), it says whose death it was taken from, until unlocked.
    int diedHolding = -1;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::mutex
