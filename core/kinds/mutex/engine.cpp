// A mutex's kernel object: a process-shared, error-checking pthread mutex (robust unless the
// scenario says not) in its slot of the session segment.
#include "engine/kernelobject.h"
#include "kinds/mutex/settings.h"

#include <linux/futex.h>
#include <pthread.h>

namespace ipcsim::core::kinds::mutex {

namespace {

class Mutex final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_mutex = &at.slot->mutex;
        pthread_mutexattr_t a;
        pthread_mutexattr_init(&a);
        pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
        pthread_mutexattr_setrobust(&a, settingsOf(at.spec).robust ? PTHREAD_MUTEX_ROBUST
                                                                   : PTHREAD_MUTEX_STALLED);
        const int rc = pthread_mutex_init(m_mutex, &a);
        pthread_mutexattr_destroy(&a);
        if (rc != 0) {
            errno = rc;
            *error = failure("pthread_mutex_init for " + at.spec.name);
            return false;
        }
        return true;
    }
    // The owner's thread id (a worker's pid: it has one thread), as the kernel reads it.
    Holder holder() const override { return {-1, word() & FUTEX_TID_MASK}; }
    // Free, or its owner died: the next lock gets it (EOWNERDEAD).
    bool letsGoOn(Op op) const override
    {
        const int w = word();
        return op == Op::Lock && ((w & FUTEX_TID_MASK) == 0 || (w & FUTEX_OWNER_DIED) != 0);
    }

private:
    // glibc keeps the futex word first in pthread_mutex_t; for a robust mutex the kernel reads
    // it too (owner TID, FUTEX_WAITERS, FUTEX_OWNER_DIED), so it is the kernel's view.
    int word() const
    {
        return __atomic_load_n(reinterpret_cast<const int *>(m_mutex), __ATOMIC_ACQUIRE);
    }

    pthread_mutex_t *m_mutex = nullptr;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Mutex>();
}

} // namespace

extern const KindEngine engine = {.make = make, .holderWakes = true};

} // namespace ipcsim::core::kinds::mutex
