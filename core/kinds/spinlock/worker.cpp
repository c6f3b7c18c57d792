// A spinlock in a worker: a ticket lock in the session segment.
#include "worker/workerobject.h"

#include <atomic>
#include <cerrno>

namespace ipcsim::core::kinds::spinlock {

namespace {

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    asm volatile("yield" ::: "memory");
#else
    asm volatile("" ::: "memory");
#endif
}

class Spinlock final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_slot = wire::syncSlot(at.session, at.index);
        return true;
    }
    // A ticket spinlock, as the Linux kernel's own spinlocks are fair (FIFO): each process that
    // must wait takes a ticket and spins until the lock serves it. The order of waiting is then
    // the order of arrival, so a step schedule gives the same owner after each unlock, run after
    // run. The tickets live in the slot's spare bytes; `spin` names the holder for everyone to see.
    void run(const Stmt &s, Step &step) override
    {
        wire::SyncSlot *slot = m_slot;
        std::atomic<int32_t> &spin = slot->spin;
        std::atomic_ref<uint32_t> next(slot->ticket.next);
        std::atomic_ref<uint32_t> serving(slot->ticket.serving);
        const int32_t me = step.instance() + 1;
        step.enter(s, s.res);
        if (s.op == Op::Unlock) {
            step.begin(0, spin.load(std::memory_order_relaxed) - 1);
            int32_t mine = me;
            if (!spin.compare_exchange_strong(mine, 0, std::memory_order_relaxed))
                step.failCall(EPERM); // like an error-checking mutex: only the holder may unlock
            serving.fetch_add(1, std::memory_order_release);
            wire::spinSkipAbandoned(slot);
            step.end();
            return;
        }
        if (s.op == Op::TryLock) {
            // Only a free lock with nobody queued can be taken without waiting.
            uint32_t now = serving.load(std::memory_order_relaxed);
            const bool got = next.compare_exchange_strong(now, now + 1, std::memory_order_acquire);
            if (got) {
                spin.store(me, std::memory_order_relaxed);
                step.begin();
                step.storeReg(s.reg, int64_t(1));
                step.end(1);
                return;
            }
            const int64_t holder = spin.load(std::memory_order_relaxed) - 1;
            step.begin(0, holder);
            step.storeReg(s.reg, int64_t(0));
            step.end(0, holder);
            return;
        }
        const uint32_t ticket = next.fetch_add(1, std::memory_order_relaxed);
        if (serving.load(std::memory_order_acquire) == ticket) {
            spin.store(me, std::memory_order_relaxed);
            step.begin();
            step.storeReg(s.reg, int64_t(1));
            step.end(0);
            return;
        }
        // The holder as it is now (the one ahead in the queue when the lock is passing hands), and
        // the ticket, for the engine to mark abandoned if this process dies in the queue.
        int32_t holder = spin.load(std::memory_order_relaxed);
        step.begin(int64_t(ticket), holder - 1, wire::Spinning);
        // Spin on a plain load, as a real spinlock does: the burnt CPU is what the student is
        // meant to see.
        while (serving.load(std::memory_order_acquire) != ticket)
            cpuRelax();
        spin.store(me, std::memory_order_relaxed);
        step.end();
    }

private:
    wire::SyncSlot *m_slot = nullptr;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Spinlock>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::spinlock
