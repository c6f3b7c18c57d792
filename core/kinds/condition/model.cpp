// A condition variable in the world: who sleeps in its wait, and what the wait does to its
// mutex: it lets go of it as it goes to sleep, and holds it again when it returns. Its ledger
// counts the wake-ups: a notify wakes one waiter, a broadcast every one, and one given while
// nobody waits is lost (a condition keeps no count, unlike a semaphore). Its mutex's ledger is
// told of its waits too (partner): the mutex is free while its holder sleeps here.
#include "kinds/condition/settings.h"
#include "kinds/condition/state.h"
#include "kinds/mutex/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::condition {

namespace {

int mutexOf(int res, const Scenario &scenario)
{
    return scenario.resourceIndex(settingsOf(scenario.resources[size_t(res)]).mutex);
}

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
    const int mi = stateOf(step.res).mutex;
    ResourceState &m = step.model.resource(mi);
    if (m.owner == e.proc) m.owner = -1;
    step.process.holds.removeOne(mi);
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    if (e.op == Op::Notify || e.op == Op::Broadcast) ++stateOf(step.res).notifications;
    if (e.op != Op::Wait) return;
    const int mi = stateOf(step.res).mutex;
    ResourceState &m = step.model.resource(mi);
    if (!e.ownerDied) mutex::stateOf(m).diedHolding = -1;
    m.owner = e.proc;
    if (!step.process.holds.contains(mi)) step.process.holds.append(mi);
}

class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        return e.op != Op::Wait || std::ranges::find(m_woken, e.proc) != m_woken.end() ||
               m_wakes > 0;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::Wait && (open.op == Op::Notify || open.op == Op::Broadcast);
    }
    void told(const Event &e) override
    {
        if (e.op == Op::Wait && e.phase == Phase::Begin) {
            m_asleep.push_back(e.proc);
            return;
        }
        if (e.phase != Phase::End) return;
        const auto unwoken = qsizetype(m_asleep.size() - m_woken.size()) - m_wakes;
        if (e.op == Op::Notify && unwoken > 0) ++m_wakes; // one of them; the kernel picks
        if (e.op == Op::Broadcast) {
            m_woken = m_asleep;
            m_wakes = 0;
        }
        if (e.op == Op::Wait) {
            std::erase(m_asleep, e.proc);
            if (auto it = std::ranges::find(m_woken, e.proc); it != m_woken.end())
                m_woken.erase(it);
            else if (m_wakes > 0)
                --m_wakes;
        }
    }
    void exited(int proc) override
    {
        std::erase(m_asleep, proc);
        std::erase(m_woken, proc);
    }

private:
    std::vector<int> m_asleep; // in its wait, begun and not ended
    std::vector<int> m_woken;  // of those, each woken by a broadcast
    qsizetype m_wakes = 0;     // notifies that woke one of the others (which, the kernel knows)
};

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

} // namespace

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .ledger = ledger,
                                .partner = mutexOf,
                                .releasedAsleep = releasedAsleep};

} // namespace ipcsim::core::kinds::condition
