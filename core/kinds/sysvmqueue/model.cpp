// A System V message queue in the world: its messages oldest first, each with its type (in the
// priority's place), from the reported sends and receives. Its ledger holds a receive until a
// message of the type it got has been sent, and a send until there was room for it.
#include "kinds/mqueue/model.h"
#include "kinds/mqueue/settings.h"

#include <map>

namespace ipcsim::core::kinds::sysvmqueue {

namespace {

// Its capacity is its bytes (msg_qbytes).
void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.capacity = mqueue::settingsOf(spec).queueBytes;
}

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
    explicit Ledger(qint64 queueBytes) : m_queueBytes(queueBytes) {}

    // A receive needs a message of its type sent; a send, room for its message (the kernel's
    // test: its bytes and one more message within msg_qbytes; one that slept on a full queue
    // went in once a receive took a message out).
    bool met(const Event &e, const View &) const override
    {
        if (e.op == Op::Send)
            return m_bytes + e.bytes() <= m_queueBytes && m_messages + 1 <= m_queueBytes;
        if (e.op != Op::Receive) return true;
        const auto it = m_queued.find(e.messageType());
        return it != m_queued.end() && it->second > 0;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        if (e.op == Op::Send) return open.op == Op::Receive;
        return e.op == Op::Receive && open.op == Op::Send && open.messageType() == e.messageType();
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End || (e.op != Op::Send && e.op != Op::Receive)) return;
        const qint64 in = e.op == Op::Send ? 1 : -1;
        m_queued[e.messageType()] += in;
        m_messages += in;
        m_bytes += in * e.bytes();
    }

private:
    const qint64 m_queueBytes;         // msg_qbytes
    std::map<qint64, qint64> m_queued; // per type: sent less received
    qint64 m_messages = 0;
    qint64 m_bytes = 0;
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(mqueue::settingsOf(scenario.resources[size_t(res)]).queueBytes);
}

// FIFO within a type: a receive takes the earliest sent with its text and type.
Flows flows(const ResourceSpec &)
{
    return {.shape = Flows::Messages};
}

} // namespace

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .ledger = ledger,
                                .flows = flows,
                                .finalReading = mqueue::finalMessages};

} // namespace ipcsim::core::kinds::sysvmqueue
