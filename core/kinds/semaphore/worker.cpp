// A semaphore in a worker: sem_wait, sem_trywait and sem_post on the one in the session
// segment.
#include "ipc/syscall.h"
#include "worker/workerobject.h"

#include <cerrno>
#include <semaphore.h>

namespace ipcsim::core::kinds::semaphore {

namespace {

int valueOf(sem_t *sem)
{
    int v = 0;
    sem_getvalue(sem, &v); // reads the counter: no system call
    return v;
}

class Semaphore final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_sem = &wire::syncSlot(at.session, at.index)->sem;
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        step.enter(s, s.res);
        const int before = valueOf(m_sem);
        step.begin(before);
        switch (s.op) {
        case Op::Wait:
            if (sys::retry([&] { return sem_wait(m_sem); }) < 0) step.failCall(errno);
            step.end(valueOf(m_sem));
            return;
        case Op::Post:
            if (sem_post(m_sem) < 0) step.failCall(errno);
            // The value this post made, not a later reading: a woken waiter may take the token
            // at once, and the result must not depend on who got the CPU first.
            step.end(int64_t(before) + 1);
            return;
        case Op::TryWait: {
            int64_t got = 1;
            if (sys::retry([&] { return sem_trywait(m_sem); }) < 0) {
                if (errno != EAGAIN) step.failCall(errno);
                got = 0;
            }
            step.storeReg(s.reg, got);
            step.end(got, valueOf(m_sem));
            return;
        }
        default:
            unsupported(s);
        }
    }

private:
    sem_t *m_sem = nullptr;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Semaphore>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::semaphore
