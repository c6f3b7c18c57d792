// A message queue in the world: its messages in the order the kernel delivers them (highest
// priority first, FIFO within one), from the reported sends and receives.
#include "kinds/mqueue/model.h"
#include "kinds/mqueue/settings.h"
#include "kinds/mqueue/state.h"

#include "model/worldmodel.h"

namespace ipcsim::core::kinds::mqueue {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.capacity = settingsOf(spec).maxMessages;
}

void sent(const Event &e, ResourceState &r, Order order)
{
    // A receiver woken by this send may have reported its receive first: then the message has
    // already left the queue.
    QList<Message> &early = stateOf(r).earlyReceives;
    for (qsizetype i = 0; i < early.size(); ++i) {
        if (early[i].text == e.text && early[i].priority == e.priority()) {
            early.removeAt(i);
            return;
        }
    }
    // The kernel delivers the highest priority first, FIFO within a priority.
    QList<Message> &messages = stateOf(r).messages;
    Message m{e.text, e.priority(), e.proc};
    qsizetype at = messages.size();
    for (qsizetype i = 0; i < messages.size() && order == Order::ByPriority; ++i) {
        if (messages[i].priority < m.priority) {
            at = i;
            break;
        }
    }
    messages.insert(at, m);
    r.level = messages.size();
}

void received(const Event &e, ResourceState &r)
{
    // Remove the message that was received: the first one with its text and priority.
    State &q = stateOf(r);
    bool found = false;
    for (qsizetype i = 0; i < q.messages.size() && !found; ++i) {
        if (q.messages[i].text == e.text && q.messages[i].priority == e.priority()) {
            q.messages.removeAt(i);
            found = true;
        }
    }
    if (!found) // its send is still to be reported (see sent)
        q.earlyReceives.append(Message{e.text, e.priority(), e.proc});
    r.level = q.messages.size();
}

} // namespace

void messageEnded(const StepEnded &step, Order order)
{
    const Event &e = step.event;
    switch (e.op) {
    case Op::Send:
        step.res.bytesWritten += e.bytes();
        sent(e, step.res, order);
        break;
    case Op::Receive:
        step.res.bytesRead += e.bytes();
        received(e, step.res);
        step.model.setRegister(step.process, step.reg, e.text);
        break;
    default:
        break;
    }
}

void finalMessages(ResourceState &r, const KernelFinal &kernel)
{
    QList<Message> &messages = stateOf(r).messages;
    QList<Message> told = messages;
    messages.clear();
    for (qsizetype i = 0; i < kernel.messages.size(); ++i) {
        Message m{kernel.messages[i], kernel.priorities.value(i), -1};
        for (qsizetype k = 0; k < told.size(); ++k) {
            if (told[k].text == m.text && told[k].priority == m.priority) {
                m.sender = told.takeAt(k).sender;
                break;
            }
        }
        messages.append(m);
    }
    r.level = messages.size();
    r.kernelValue = kernel.value;
}

namespace {

void ended(const StepEnded &step)
{
    messageEnded(step, Order::ByPriority);
}

// A receive needs a message sent.
class Ledger : public CausalLedger
{
public:
    explicit Ledger(qint64 capacity) : m_capacity(capacity) {}

    // A receive needs a message sent; a send, room in the queue (one that blocked on a full
    // queue went in once a receive took a message out).
    bool met(const Event &e, const View &) const override
    {
        if (e.op == Op::Send) return m_capacity <= 0 || m_messages < m_capacity;
        return (e.op != Op::Receive && e.op != Op::Read) || m_messages > 0;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        if (e.op == Op::Send) return open.op == Op::Receive || open.op == Op::Read;
        return (e.op == Op::Receive || e.op == Op::Read) && open.op == Op::Send;
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (e.op == Op::Send) ++m_messages;
        if (e.op == Op::Receive || e.op == Op::Read) --m_messages;
    }

private:
    qint64 m_capacity;     // mq_maxmsg
    qint64 m_messages = 0; // sent less received
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(settingsOf(scenario.resources[size_t(res)]).maxMessages);
}

// The kernel is FIFO within a priority.
Flows flows(const ResourceSpec &)
{
    return {.shape = Flows::Messages};
}

} // namespace

extern const KindModel model = {
    .init = init, .ended = ended, .ledger = ledger, .flows = flows, .finalReading = finalMessages};

} // namespace ipcsim::core::kinds::mqueue
