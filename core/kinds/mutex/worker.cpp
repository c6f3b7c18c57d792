// A mutex in a worker: pthread_mutex_lock, trylock and unlock on the one in the session
// segment. A robust mutex whose holder died is taken with EOWNERDEAD and made consistent.
// The slot's holder word names the holder (instance + 1) for the records.
#include "worker/workerobject.h"

#include <cerrno>
#include <pthread.h>

namespace ipcsim::core::kinds::mutex {

namespace {

class Mutex final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_slot = wire::syncSlot(at.session, at.index);
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        pthread_mutex_t *m = &m_slot->mutex;
        const int32_t me = step.instance() + 1;
        step.enter(s, s.res);
        step.begin(0, m_slot->holder.load(std::memory_order_relaxed) - 1);
        if (s.op == Op::Unlock) {
            int32_t mine = me;
            const bool wasMine = m_slot->holder.compare_exchange_strong(mine, 0);
            // Cleared before the unlock: the next owner writes its own number right after.
            const int r = pthread_mutex_unlock(m);
            if (r != 0) {
                if (wasMine) m_slot->holder.store(me);
                step.failCall(r);
            }
            step.end();
            return;
        }
        uint16_t flags = 0;
        int r = s.op == Op::Lock ? pthread_mutex_lock(m) : pthread_mutex_trylock(m);
        if (r == EOWNERDEAD) {
            flags |= wire::OwnerDied;
            r = pthread_mutex_consistent(m);
            if (r != 0) step.failCall(r);
        }
        if (s.op == Op::TryLock && r == EBUSY) {
            step.storeReg(s.reg, int64_t(0));
            step.end(0);
            return;
        }
        if (r != 0) step.failCall(r);
        m_slot->holder.store(me);
        if (s.op == Op::TryLock) step.storeReg(s.reg, int64_t(1));
        step.end(s.op == Op::TryLock ? 1 : 0, 0, flags);
    }

private:
    wire::SyncSlot *m_slot = nullptr;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Mutex>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::mutex
