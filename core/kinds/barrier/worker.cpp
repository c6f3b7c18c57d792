// A barrier in a worker: pthread_barrier_wait on the one in the session segment; the slot
// counts who is waiting, for the records.
#include "worker/workerobject.h"

#include <pthread.h>

namespace ipcsim::core::kinds::barrier {

namespace {

class Barrier final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_slot = wire::syncSlot(at.session, at.index);
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        if (s.op != Op::Arrive) unsupported(s);
        step.enter(s, s.res);
        const int32_t waiting = m_slot->arrived.fetch_add(1) + 1;
        step.begin(waiting);
        const int r = pthread_barrier_wait(&m_slot->barrier);
        m_slot->arrived.fetch_sub(1);
        if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) step.failCall(r);
        step.end(r == PTHREAD_BARRIER_SERIAL_THREAD ? 1 : 0);
    }

private:
    wire::SyncSlot *m_slot = nullptr;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Barrier>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::barrier
