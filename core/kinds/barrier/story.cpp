// A barrier's words: who has arrived, and the last one, who lets them all through.
#include "kinds/barrier/state.h"
#include "story/kindwords.h"

#include <algorithm>

namespace ipcsim::core::kinds::barrier {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::Arrive ? "pthread_barrier_wait" : nullptr;
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::Arrive) return {};
    // The count the diagram shows: the arrivals told so far, this one included.
    return tr("%1 arrived at barrier %2 and sleeps until all %3 have arrived (%4 of %3 there "
              "now).")
        .arg(t.who, t.res.name)
        .arg(stateOf(t.res).parties)
        .arg(std::max(1, stateOf(t.res).arrived));
}

QString ended(const Told &t)
{
    if (t.event.op != Op::Arrive) return {};
    return tr("%1 passed barrier %2: all %3 processes had arrived.")
        .arg(t.who, t.res.name)
        .arg(stateOf(t.res).parties);
}

QString next(const Told &t)
{
    if (t.process.op != Op::Arrive) return {};
    const State &r = stateOf(t.res);
    return r.arrived + 1 >= r.parties
               ? tr("opens %1: the last to arrive").arg(t.res.name)
               : tr("will block: %1 of %2 at %3").arg(r.arrived).arg(r.parties).arg(t.res.name);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"barrier-phases"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`parties` (required, ≥ 1)",
    .kernelObject = "process-shared `pthread_barrier_t` in shared memory",
    .statements = "`arrive`: `pthread_barrier_wait`",
};

extern const KindWords story = {.noun = "barrier",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .topic = "Semaphores and barriers",
                                .topicRank = 2,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::barrier
