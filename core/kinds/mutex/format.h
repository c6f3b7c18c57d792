// A mutex in the scenario file, and what a spinlock shares with it.
#pragma once

#include "scenario/kind.h"

namespace ipcsim::core::kinds::mutex {

// lock, trylock and unlock.
extern const Op lockStatements[3];

} // namespace ipcsim::core::kinds::mutex
