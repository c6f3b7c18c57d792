// What the world keeps of a locked file (ResourceState::own), for its model, story and item:
// the processes holding a shared lock on it (lockfile ... shared); an exclusive lock's holder
// is ResourceState::owner, which the wait-for graph reads.
#pragma once

#include "model/valuelist.h"
#include "model/worldstate.h"

#include <QList>

namespace ipcsim::core::kinds::file {

struct State
{
    ValueList<int> sharedHolders; // Reported: instances, once each
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::file
