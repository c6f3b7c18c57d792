// The engine's order of a batch of events, before the causal order (model/causalorder.h) puts
// each cause before its effects. Each process's events come in its own order, one run per ring
// drained; the engine interleaves the runs by time (a free run), or, in step mode, in a fixed
// order, so that the same schedule tells the same story run after run. Times are never changed.
#pragma once

#include "model/event.h"

namespace ipcsim::core {

// A free run's batch: runs each already in time order, interleaved by time; at equal times
// the earlier run's event first. Each event is moved once.
void interleaveByTime(EventBatch &batch);
// One step of a step-mode run (from a release until every process is quiet again), whose
// processes ran in parallel: the released process's events first, then each process's by its
// index, the engine's findings last; within one process by time, so that what the engine saw
// of it (released, blocked, a kernel sample) falls between its records where it happened.
void orderStep(EventBatch &step, int released);

} // namespace ipcsim::core
