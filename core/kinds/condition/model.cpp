// A condition variable in the world: who sleeps in its wait, and what the wait does to its
// mutex: it lets go of it as it goes to sleep, waits for it once woken, and holds it again when
// it returns. The world and the ledger keep its sleepers alike (state.h): a notify wakes one
// waiter, a broadcast every one, and one given while nobody waits is lost. A waiter known woken
// leaves the condition's waiters for its mutex's: it stands in the mutex's line. Its mutex's
// ledger is told of its waits too (partner): the mutex is free while its holder sleeps here.
#include "kinds/condition/settings.h"
#include "kinds/condition/state.h"
#include "kinds/mutex/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::condition {

namespace {

int releasedAsleep(Op op, int res, const Scenario &scenario)
{
    return op == Op::Wait ? mutexOf(res, scenario) : -1;
}

void init(ResourceState &r, int res, const ResourceSpec &, const Scenario &scenario)
{
    stateOf(r).mutex = mutexOf(res, scenario);
}

void began(const StepEnded &step)
{
    const Event &e = step.event;
    if (e.op != Op::Wait) return;
    stateOf(step.res).sleepers.began(e.proc);
    const int mi = stateOf(step.res).mutex;
    ResourceState &m = step.model.resource(mi);
    if (m.owner == e.proc) m.owner = -1;
    step.process.holds.removeOne(mi);
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    State &c = stateOf(step.res);
    const int mi = c.mutex;
    ResourceState &m = step.model.resource(mi);
    if (e.op == Op::Notify || e.op == Op::Broadcast) {
        ++c.notifications;
        // Those it woke wait for the mutex now, in its line.
        for (int w : e.op == Op::Notify ? c.sleepers.notified() : c.sleepers.broadcast()) {
            step.res.waiters.removeOne(w);
            if (!m.waiters.contains(w)) m.waiters.append(w);
        }
    }
    if (e.op != Op::Wait) return;
    c.sleepers.returned(e.proc);
    m.waiters.removeOne(e.proc);
    if (!e.ownerDied) mutex::stateOf(m).diedHolding = -1;
    m.owner = e.proc;
    if (!step.process.holds.contains(mi)) step.process.holds.append(mi);
}

void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    stateOf(r).sleepers.exited(proc);
}

class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        return e.op != Op::Wait || m_sleepers.mayReturn(e.proc);
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::Wait && (open.op == Op::Notify || open.op == Op::Broadcast);
    }
    void told(const Event &e) override
    {
        if (e.op == Op::Wait && e.phase == Phase::Begin) m_sleepers.began(e.proc);
        if (e.phase != Phase::End) return;
        if (e.op == Op::Notify) m_sleepers.notified();
        if (e.op == Op::Broadcast) m_sleepers.broadcast();
        if (e.op == Op::Wait) m_sleepers.returned(e.proc);
    }
    void exited(int proc) override { m_sleepers.exited(proc); }

private:
    Sleepers m_sleepers;
};

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

} // namespace

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .exited = exited,
                                .ledger = ledger,
                                .partner = mutexOf,
                                .releasedAsleep = releasedAsleep};

} // namespace ipcsim::core::kinds::condition
