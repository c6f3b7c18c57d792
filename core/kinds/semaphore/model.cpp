// A semaphore in the world: its value, counted from its initial value, one up for each post
// and one down for each token taken: exact, in causal order. The value a worker reads beside
// its call (sem_getvalue) may already include another process's post or wait.
#include "kinds/semaphore/settings.h"
#include "kinds/semaphore/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::semaphore {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    stateOf(r).value = settingsOf(spec).initial;
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    qint64 &value = stateOf(step.res).value;
    switch (e.op) {
    case Op::Wait:
        value = std::max<qint64>(0, value - 1);
        break;
    case Op::Post:
        ++value;
        break;
    case Op::TryWait:
        if (e.took()) value = std::max<qint64>(0, value - 1);
        step.model.setRegister(step.process, step.reg, QByteArray::number(int(e.took())));
        break;
    default:
        break;
    }
}

// A wait needs a token: posted, or one of the initial value.
class Ledger : public CausalLedger
{
public:
    explicit Ledger(qint64 initial) : m_tokens(initial) {}

    bool met(const Event &e, const View &) const override
    {
        if (e.op == Op::Wait) return m_tokens > 0;
        if (e.op == Op::TryWait) return !e.took() || m_tokens > 0;
        return true;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return (e.op == Op::Wait || e.op == Op::TryWait) && open.op == Op::Post;
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (e.op == Op::Post) ++m_tokens;
        if (e.op == Op::Wait || (e.op == Op::TryWait && e.took())) --m_tokens;
    }

private:
    qint64 m_tokens; // posted less taken, from the initial value
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(settingsOf(scenario.resources[size_t(res)]).initial);
}

// At the end, the value is sem_getvalue's (the last sample's may be 100 ms old).
void finalValue(ResourceState &r, const KernelFinal &kernel)
{
    stateOf(r).value = kernel.value;
    r.kernelValue = kernel.value;
}

} // namespace

extern const KindModel model = {
    .init = init, .ended = ended, .ledger = ledger, .finalReading = finalValue};

} // namespace ipcsim::core::kinds::semaphore
