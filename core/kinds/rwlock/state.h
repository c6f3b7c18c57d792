// What the world keeps of a rwlock (ResourceState::own), for its model, story and item: its
// readers, once per read lock held (glibc counts a reader's locks); its writer is
// ResourceState::owner, which the wait-for graph reads.
#pragma once

#include "model/valuelist.h"
#include "model/worldstate.h"

#include <QList>

namespace ipcsim::core::kinds::rwlock {

struct State
{
    ValueList<int> readers; // Reported: instances, once per read lock held
    // Derived: a process that died holding it, as its writer or a reader (-1: none); no
    // rwlock is robust, so it holds it for good.
    int diedHolding = -1;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::rwlock
