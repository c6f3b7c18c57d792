// What the world keeps of a socket (ResourceState::own), for its model and its diagram item:
// the connections made (a connect ended), and the connection ends open now: each accept and
// connect gives its process one, until it closes it or exits.
#pragma once

#include "model/worldstate.h"

#include <QList>
#include <QMap>

namespace ipcsim::core::kinds::socket {

struct State
{
    int connections = 0;
    // Per process, how many ends it holds (a close closes one).
    QMap<int, int> endsHeld;
    int openEnds() const
    {
        int open = 0;
        for (int n : endsHeld)
            open += n;
        return open;
    }
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::socket
