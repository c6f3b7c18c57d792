// A mutex in the scenario file, and what a spinlock shares with it.
#pragma once

#include "scenario/kind.h"

namespace ipcsim::core::kinds::mutex {

// lock, trylock and unlock.
extern const Op lockStatements[3];
// "lock M shared" on a lock with one owner: only a rwlock has read locks.
std::string noSharedLock(const ResourceSpec &r, const Stmt &s);

} // namespace ipcsim::core::kinds::mutex
