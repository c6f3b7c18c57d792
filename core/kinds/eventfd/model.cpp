// An eventfd in the world: its counter, from its initial value, up by what each write added
// and down by what each read took (all of it, or 1 in semaphore mode), in causal order.
#include "kinds/eventfd/settings.h"
#include "kinds/eventfd/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::eventfd {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    stateOf(r).counter = settingsOf(spec).initial;
}

// A record's aux is the amount the call added or took (its value, the 8 bytes it moved).
void ended(const StepEnded &step)
{
    const Event &e = step.event;
    qint64 &counter = stateOf(step.res).counter;
    if (e.op == Op::Write) {
        counter += e.amount();
    } else if (e.op == Op::Read) {
        counter = std::max<qint64>(0, counter - e.amount());
        step.model.setRegister(step.process, step.reg, QByteArray::number(e.amount()));
    }
}

// A read needs what it took written (or there from the start).
class Ledger : public CausalLedger
{
public:
    explicit Ledger(qint64 initial) : m_count(initial) {}

    bool met(const Event &e, const View &) const override
    {
        return e.op != Op::Read || m_count >= e.amount();
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::Read && open.op == Op::Write;
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (e.op == Op::Write) m_count += e.amount();
        if (e.op == Op::Read) m_count -= e.amount();
    }

private:
    qint64 m_count; // written less taken, from the initial value
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(settingsOf(scenario.resources[size_t(res)]).initial);
}

// At the end, the counter is fdinfo's (the last sample's may be 100 ms old).
void finalCounter(ResourceState &r, const KernelFinal &kernel)
{
    stateOf(r).counter = kernel.value;
    r.kernelValue = kernel.value;
}

} // namespace

extern const KindModel model = {
    .init = init, .ended = ended, .ledger = ledger, .finalReading = finalCounter};

} // namespace ipcsim::core::kinds::eventfd
