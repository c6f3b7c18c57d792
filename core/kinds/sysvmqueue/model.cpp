// A System V message queue in the world: its messages oldest first, each with its type (in the
// priority's place), from the reported sends and receives. Its ledger holds a receive until a
// message of the type it got has been sent.
#include "kinds/mqueue/model.h"

#include <map>

namespace ipcsim::core::kinds::sysvmqueue {

namespace {

// A receive's Begin says the type it asks for.
void began(const StepEnded &step)
{
    if (step.event.op == Op::Receive)
        step.res.asking[step.event.proc] = {int(step.event.messageType())};
}

void ended(const StepEnded &step)
{
    mqueue::messageEnded(step, mqueue::Order::Fifo);
}

class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        if (e.op != Op::Receive) return true;
        const auto it = m_queued.find(e.messageType());
        return it != m_queued.end() && it->second > 0;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::Receive && open.op == Op::Send && open.messageType() == e.messageType();
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (e.op == Op::Send) ++m_queued[e.messageType()];
        if (e.op == Op::Receive) --m_queued[e.messageType()];
    }

private:
    std::map<qint64, qint64> m_queued; // per type: sent less received
};

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

// FIFO within a type: a receive takes the earliest sent with its text and type.
Flows flows(const ResourceSpec &)
{
    return {.shape = Flows::Messages};
}

} // namespace

extern const KindModel model = {.began = began,
                                .ended = ended,
                                .ledger = ledger,
                                .flows = flows,
                                .finalReading = mqueue::finalMessages};

} // namespace ipcsim::core::kinds::sysvmqueue
