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

inline const State &stateOf(const ResourceState &r)
{
    return r.own.get<State>();
}
inline State &stateOf(ResourceState &r)
{
    return r.own.get<State>();
}

} // namespace ipcsim::core::kinds::semaphore
