// What a mapped file shares with shared memory in the world: its cells, who touched each
// last, and the versions from which the lost updates are counted.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::shm {

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario);
void ended(const StepEnded &step);

} // namespace ipcsim::core::kinds::shm
