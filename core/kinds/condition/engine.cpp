// A condition variable's kernel object: a process-shared pthread_cond_t in its slot of the
// session segment. A process asleep in its wait is woken by a notify, then by its mutex's
// holder, whose unlock lets it take the mutex back: those are who could wake it. Once
// notified, it sleeps on the mutex's futex word, and waits for its holder only.
#include "engine/kernelobject.h"
#include "kinds/condition/settings.h"

#include <linux/futex.h>
#include <pthread.h>

namespace ipcsim::core::kinds::condition {

namespace {

class Condition final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_mutex = wire::syncSlot(at.session, at.scenario.resourceIndex(settingsOf(at.spec).mutex));
        pthread_condattr_t a;
        pthread_condattr_init(&a);
        pthread_condattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        const int rc = pthread_cond_init(&at.slot->cond, &a);
        pthread_condattr_destroy(&a);
        if (rc != 0) {
            errno = rc;
            *error = failure("pthread_cond_init for " + at.spec.name);
            return false;
        }
        return true;
    }
    // The mutex's owner, from its futex word (kinds/mutex/engine.cpp).
    Holder holder() const override
    {
        const int w =
            __atomic_load_n(reinterpret_cast<const int *>(&m_mutex->mutex), __ATOMIC_ACQUIRE);
        return {-1, w & FUTEX_TID_MASK};
    }

private:
    wire::SyncSlot *m_mutex = nullptr;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Condition>();
}

// Whoever's script notifies it or broadcasts on it.
bool couldWake(const Sleeper &, const Other &other)
{
    return other.use.notifies;
}

} // namespace

extern const KindEngine engine = {
    .make = make, .holderWakes = true, .couldWake = couldWake, .thenSleepsOn = mutexOf};

} // namespace ipcsim::core::kinds::condition
