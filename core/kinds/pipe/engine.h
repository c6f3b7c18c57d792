// What the other byte and message channels share with a pipe in the engine.
#pragma once

#include "engine/kernelobject.h"

namespace ipcsim::core::kinds::pipe {

// The sleeper waits for data (or a connection), not for room.
constexpr bool wantsData(Op op)
{
    return op == Op::Read || op == Op::Receive || op == Op::Accept || op == Op::None;
}
// Who could wake a sleeper on a channel: a writer (or a program writing to it) wakes a reader,
// a reader wakes a writer waiting for room, a connecting process an accepting one and the
// other way round.
bool streamCouldWake(const Sleeper &sleeper, const Other &other);

} // namespace ipcsim::core::kinds::pipe
