// A rwlock in a worker: pthread_rwlock_rdlock or wrlock (their try forms) and unlock on the one
// in the session segment. The slot names the holders for the records and the wait-for graph:
// its holder word the writer (instance + 1), its readers word a bit for each reader. Unlocking a
// rwlock one does not hold is undefined in POSIX (glibc's would corrupt it), so the worker
// refuses it with EPERM, as an error-checking mutex does, and makes no call.
#include "worker/workerobject.h"

#include <cerrno>
#include <pthread.h>

namespace ipcsim::core::kinds::rwlock {

namespace {

class Rwlock final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_slot = wire::syncSlot(at.session, at.index);
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        pthread_rwlock_t *l = &m_slot->rwlock;
        const int32_t me = step.instance() + 1;
        const uint64_t myBit = uint64_t(1) << step.instance();
        const uint16_t flags = s.shared ? uint16_t(wire::SharedLock) : uint16_t(0);
        step.enter(s, s.res);
        step.begin(0, m_slot->holder.load(std::memory_order_relaxed) - 1, flags);
        if (s.op == Op::Unlock) {
            const bool writing = m_slot->holder.load() == me;
            if (!writing && m_reads == 0) step.failCall(EPERM);
            // Cleared before the unlock: the next holder marks itself right after its lock.
            if (writing)
                m_slot->holder.store(0);
            else if (--m_reads == 0)
                m_slot->readers.fetch_and(~myBit);
            if (const int r = pthread_rwlock_unlock(l); r != 0) step.failCall(r);
            step.end(0, m_reads, writing ? 0 : uint16_t(wire::SharedLock));
            return;
        }
        int r;
        if (s.op == Op::Lock)
            r = s.shared ? pthread_rwlock_rdlock(l) : pthread_rwlock_wrlock(l);
        else
            r = s.shared ? pthread_rwlock_tryrdlock(l) : pthread_rwlock_trywrlock(l);
        if (s.op == Op::TryLock && r == EBUSY) {
            step.storeReg(s.reg, int64_t(0));
            step.end(0, m_reads, flags);
            return;
        }
        if (r != 0) step.failCall(r); // EDEADLK: it holds the write lock already
        if (s.shared) {
            ++m_reads;
            m_slot->readers.fetch_or(myBit);
        } else {
            m_slot->holder.store(me);
        }
        if (s.op == Op::TryLock) step.storeReg(s.reg, int64_t(1));
        step.end(s.op == Op::TryLock ? 1 : 0, m_reads, flags);
    }

private:
    wire::SyncSlot *m_slot = nullptr;
    int64_t m_reads = 0; // the read locks this process holds (glibc counts each one)
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Rwlock>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::rwlock
