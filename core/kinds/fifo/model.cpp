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
    s.holders.began(e.proc, e.op);
}

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario)
{
    pipe::init(r, res, spec, scenario);
    stateOf(r).holders = pipe::endsAtStart(res, scenario, true);
}

void letGo(pipe::State &s, int proc)
{
    s.readEnds.removeAll(proc);
    s.writeEnds.removeAll(proc);
}

void ended(const StepEnded &step)
{
    pipe::ended(step); // a close lets go of its buffer
    if (step.event.op == Op::Close) letGo(stateOf(step.res), step.event.proc);
}

void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec)
{
    pipe::exited(r, res, proc, p, spec);
    letGo(stateOf(r), proc);
}

// A pipe's ledger, whose ends are held from each process's first read or write.
std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<pipe::StreamLedger>(res, scenario, true, true);
}

std::unique_ptr<BufferHolders> holders(int res, const Scenario &scenario)
{
    return std::make_unique<pipe::EndHolders>(res, pipe::endsAtStart(res, scenario, true));
}

} // namespace

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .programsWrote = pipe::programsWrote,
                                .exited = exited,
                                .ledger = ledger,
                                .flows = pipe::flows,
                                .holders = holders};

} // namespace ipcsim::core::kinds::fifo
