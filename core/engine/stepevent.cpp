#include "engine/stepevent.h"

#include <algorithm>

namespace ipcsim::core {

namespace {

// The wire's phases are the model's first four, in order: a record's phase is the event's.
static_assert(uint8_t(wire::Phase::Gate) == uint8_t(Phase::Gate));
static_assert(uint8_t(wire::Phase::Begin) == uint8_t(Phase::Begin));
static_assert(uint8_t(wire::Phase::End) == uint8_t(Phase::End));
static_assert(uint8_t(wire::Phase::Error) == uint8_t(Phase::Error));

Phase phaseOf(uint8_t wirePhase)
{
    return Phase(std::min<uint8_t>(wirePhase, uint8_t(wire::Phase::Error)));
}

} // namespace

void fillStepEvent(Event &e, const wire::StepRecord &r, int proc, int pid, qint64 startNs,
                   TextCache *texts)
{
    e.kind = Event::Step;
    e.phase = phaseOf(r.phase);
    e.tNs = qint64(r.tNs) - startNs;
    e.proc = proc;
    e.pid = pid;
    e.seq = r.seq;
    e.line = r.line;
    e.op = Op(r.op);
    if (e.op == Op::Signal)
        e.target = r.res; // a signal names a process, not a resource
    else
        e.res = r.res;
    e.err = r.err;
    e.setRecord(r.value, r.aux);
    e.sig = r.sig;
    e.ownerDied = r.flags & wire::OwnerDied;
    e.spinning = r.flags & wire::Spinning;
    e.partial = r.flags & wire::Partial;
    e.eof = r.flags & wire::Eof;
    e.queued = r.flags & wire::Queued;
    e.shared = r.flags & wire::SharedLock;
    e.scriptError = r.flags & wire::RuntimeError;
    e.waitedForRoom = r.flags & wire::WaitedForRoom;
    if (r.flags & wire::TextInline) {
        const std::string_view text(r.text, size_t(std::min<int>(r.textLen, int(sizeof r.text))));
        e.text = texts ? texts->get(text) : QByteArray(text.data(), qsizetype(text.size()));
    }
}

} // namespace ipcsim::core
