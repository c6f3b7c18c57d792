// What the world keeps of a pipe or a fifo (ResourceState::own), for its model, its story and
// its diagram item: who still holds a write end.
#pragma once

#include "model/worldstate.h"

#include <QList>

namespace ipcsim::core::kinds::pipe {

struct State
{
    int writersOpen = 0;      // processes still holding a write end (Derived)
    QList<int> closedWriters; // processes that closed their write end themselves
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::pipe
