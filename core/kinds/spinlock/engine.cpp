// A spinlock's kernel object: a word in its slot of the session segment (the holder's
// instance + 1, or 0) and the ticket line behind it.
#include "engine/kernelobject.h"

namespace ipcsim::core::kinds::spinlock {

namespace {

class Spinlock final : public KernelObject
{
public:
    bool create(const Place &at, QString *) override
    {
        m_slot = at.slot;
        m_slot->spin.store(0);
        m_slot->ticket.next = m_slot->ticket.serving = 0; // before any worker exists
        m_slot->ticket.abandoned = 0;
        return true;
    }
    Holder holder() const override { return {m_slot->spin.load() - 1, 0}; }
    bool letsGoOn(Op op) const override { return op == Op::Lock && m_slot->spin.load() == 0; }
    // A process that died in the line must not hold up the ones behind it.
    void waiterDied(int instance, int ticket) override
    {
        if (ticket >= 0 && m_slot->spin.load() != instance + 1)
            wire::spinAbandon(m_slot, uint32_t(ticket));
    }

private:
    wire::SyncSlot *m_slot = nullptr;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Spinlock>();
}

} // namespace

extern const KindEngine engine = {.make = make, .holderWakes = true};

} // namespace ipcsim::core::kinds::spinlock
