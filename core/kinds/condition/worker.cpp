// A condition variable in a worker: pthread_cond_wait with its mutex, pthread_cond_signal
// ("notify") and pthread_cond_broadcast, on the ones in the session segment. The mutex's holder
// word (kinds/mutex/worker.cpp) follows the wait: cleared as the wait lets go of the mutex,
// this process's again once it has taken it back.
#include "kinds/condition/settings.h"
#include "worker/workerobject.h"

#include <cerrno>
#include <pthread.h>

namespace ipcsim::core::kinds::condition {

namespace {

class Condition final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_slot = wire::syncSlot(at.session, at.index);
        m_mutex = wire::syncSlot(at.session, at.scenario.resourceIndex(settingsOf(at.spec).mutex));
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        const int32_t me = step.instance() + 1;
        step.enter(s, s.res);
        step.begin(0, m_mutex->holder.load(std::memory_order_relaxed) - 1);
        if (s.op == Op::Notify || s.op == Op::Broadcast) {
            const int r = s.op == Op::Notify ? pthread_cond_signal(&m_slot->cond)
                                             : pthread_cond_broadcast(&m_slot->cond);
            if (r != 0) step.failCall(r);
            step.end();
            return;
        }
        // Cleared before the wait lets go of it, as an unlock does; put back if the wait
        // refuses (EPERM: the mutex is not this process's), since it then let go of nothing.
        int32_t mine = me;
        const bool wasMine = m_mutex->holder.compare_exchange_strong(mine, 0);
        uint16_t flags = 0;
        int r = pthread_cond_wait(&m_slot->cond, &m_mutex->mutex);
        if (r == EOWNERDEAD) { // the mutex's holder died while this one slept: it is ours
            flags |= wire::OwnerDied;
            r = pthread_mutex_consistent(&m_mutex->mutex);
        }
        if (r != 0) {
            if (wasMine) m_mutex->holder.store(me);
            step.failCall(r);
        }
        m_mutex->holder.store(me);
        step.end(0, 0, flags);
    }

private:
    wire::SyncSlot *m_slot = nullptr;
    wire::SyncSlot *m_mutex = nullptr;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Condition>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::condition
