// Turns a worker's telemetry record into the event the reducer and the window use. One place,
// so the engine and the benchmark that measures it do the same work.
#pragma once

#include "engine/textcache.h"
#include "ipc/wire.h"
#include "model/event.h"

namespace ipcsim::core {

// The text is attached only when it came inline; text sent on the control socket is the
// caller's to attach. startNs: the run's start on CLOCK_MONOTONIC. texts, when given, shares
// the bytes of texts seen before.
// Writes the fields into e, a default Event already in place in its batch.
void fillStepEvent(Event &e, const wire::StepRecord &r, int proc, int pid, qint64 startNs,
                   TextCache *texts = nullptr);

} // namespace ipcsim::core
