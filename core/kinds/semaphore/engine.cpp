// A semaphore's kernel object: sem_init, process-shared, in its slot of the session segment.
#include "engine/kernelobject.h"
#include "kinds/semaphore/settings.h"

#include <semaphore.h>

namespace ipcsim::core::kinds::semaphore {

namespace {

class Semaphore final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_sem = &at.slot->sem;
        if (sem_init(m_sem, 1, unsigned(settingsOf(at.spec).initial)) != 0) {
            *error = failure("sem_init for " + at.spec.name);
            return false;
        }
        return true;
    }
    std::optional<qint64> sample() const override { return value(); }
    bool letsGoOn(Op op) const override { return op == Op::Wait && value() > 0; }
    void readFinal(KernelFinal *f) override
    {
        f->read = true;
        f->value = value();
    }

private:
    int value() const
    {
        int v = 0;
        sem_getvalue(m_sem, &v);
        return v;
    }

    sem_t *m_sem = nullptr;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Semaphore>();
}

} // namespace

// Whoever's script posts it.
bool couldWake(const Sleeper &, const Other &other)
{
    return other.use.posts;
}

extern const KindEngine engine = {.make = make, .couldWake = couldWake};

} // namespace ipcsim::core::kinds::semaphore
