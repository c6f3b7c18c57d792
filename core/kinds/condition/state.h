// What the world keeps of a condition variable (ResourceState::own), for its model, its story and
// its diagram item.
#pragma once

#include "model/worldstate.h"

namespace ipcsim::core::kinds::condition {

struct State
{
    qint64 notifications = 0; // Reported: the notify and broadcast calls made on it
    friend bool operator==(const State &, const State &) = default;
};

inline const State &stateOf(const ResourceState &r)
{
    return r.own.get<State>();
}
inline State &stateOf(ResourceState &r)
{
    return r.own.get<State>();
}

} // namespace ipcsim::core::kinds::condition
