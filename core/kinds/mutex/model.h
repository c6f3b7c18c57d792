// What a spinlock shares with a mutex in the world: an owner, and the dead it stays held by.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::mutex {

void ended(const StepEnded &step);
void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec);
// A lock needs its owner's unlock, or its death.
std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario);

} // namespace ipcsim::core::kinds::mutex
