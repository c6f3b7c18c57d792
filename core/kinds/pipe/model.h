// What a fifo shares with a pipe in the world: a byte stream whose readers see end of file
// once every writer has closed its end.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::pipe {

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario);
void ended(const StepEnded &step);
void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec);

} // namespace ipcsim::core::kinds::pipe
