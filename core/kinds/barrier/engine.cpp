// A barrier's kernel object: a process-shared pthread barrier in its slot of the session
// segment.
#include "engine/kernelobject.h"
#include "kinds/barrier/settings.h"

#include <pthread.h>

namespace ipcsim::core::kinds::barrier {

namespace {

class Barrier final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        pthread_barrierattr_t a;
        pthread_barrierattr_init(&a);
        pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        const int rc =
            pthread_barrier_init(&at.slot->barrier, &a, unsigned(settingsOf(at.spec).parties));
        pthread_barrierattr_destroy(&a);
        if (rc != 0) {
            errno = rc;
            *error = failure("pthread_barrier_init for " + at.spec.name);
            return false;
        }
        return true;
    }
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Barrier>();
}

} // namespace

// Whoever's script arrives at it and has not arrived yet.
bool couldWake(const Sleeper &, const Other &other)
{
    return other.use.any && !other.asleepHere;
}

extern const KindEngine engine = {.make = make, .couldWake = couldWake};

} // namespace ipcsim::core::kinds::barrier
