// A fifo in the world is a pipe's byte stream (kinds/pipe/model.h), and the ends each process
// has opened: a fifo's first read or write opens its end, and that open waits for the other.
#include "kinds/pipe/model.h"
#include "kinds/pipe/state.h"

namespace ipcsim::core::kinds::fifo {

namespace {

using pipe::stateOf;

void began(const StepEnded &step)
{
    const Event &e = step.event;
    pipe::State &s = stateOf(step.res);
    QList<int> &ends = e.op == Op::Read ? s.readEnds : s.writeEnds;
    if ((e.op == Op::Read || pipe::puts(e.op)) && !ends.contains(e.proc)) ends << e.proc;
}

void letGo(pipe::State &s, int proc)
{
    s.readEnds.removeAll(proc);
    s.writeEnds.removeAll(proc);
}

void ended(const StepEnded &step)
{
    pipe::ended(step);
    if (step.event.op == Op::Close) letGo(stateOf(step.res), step.event.proc);
}

void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec)
{
    pipe::exited(r, res, proc, p, spec);
    letGo(stateOf(r), proc);
}

} // namespace

extern const KindModel model = {.init = pipe::init,
                                .began = began,
                                .ended = ended,
                                .programsWrote = pipe::programsWrote,
                                .exited = exited,
                                .ledger = pipe::ledger,
                                .flows = pipe::flows};

} // namespace ipcsim::core::kinds::fifo
