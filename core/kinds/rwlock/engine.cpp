// A rwlock's kernel object: a process-shared pthread rwlock (glibc's default, which prefers
// readers) in its slot of the session segment. Its writer is the thread id glibc keeps in the
// lock; its readers, the bits the workers set in the slot (glibc only counts them).
#include "engine/kernelobject.h"

#include <bit>
#include <pthread.h>

namespace ipcsim::core::kinds::rwlock {

namespace {

class Rwlock final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_slot = at.slot;
        pthread_rwlockattr_t a;
        pthread_rwlockattr_init(&a);
        pthread_rwlockattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
        const int rc = pthread_rwlock_init(&m_slot->rwlock, &a);
        pthread_rwlockattr_destroy(&a);
        if (rc != 0) {
            errno = rc;
            *error = failure("pthread_rwlock_init for " + at.spec.name);
            return false;
        }
        return true;
    }
    Holder holder() const override { return {-1, writer()}; }
    // A waiter waits for the writer, or for every reader.
    std::vector<Holder> holders() const override
    {
        if (const int w = writer()) return {{-1, w}};
        std::vector<Holder> out;
        for (uint64_t bits = m_slot->readers.load(); bits; bits &= bits - 1)
            out.push_back({std::countr_zero(bits), 0});
        return out;
    }
    // Nobody holds it: whoever sleeps in lock gets it.
    bool letsGoOn(Op op) const override
    {
        return op == Op::Lock && writer() == 0 && readers() == 0;
    }

private:
    // glibc's words (bits/struct_rwlock.h): __readers counts the readers from bit 3;
    // __cur_writer is the writer's thread id (a worker's pid: it has one thread), 0 when none.
    unsigned readers() const
    {
        return __atomic_load_n(&m_slot->rwlock.__data.__readers, __ATOMIC_ACQUIRE) >> 3;
    }
    int writer() const
    {
        return __atomic_load_n(&m_slot->rwlock.__data.__cur_writer, __ATOMIC_ACQUIRE);
    }

    wire::SyncSlot *m_slot = nullptr;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Rwlock>();
}

} // namespace

extern const KindEngine engine = {.make = make, .holderWakes = true};

} // namespace ipcsim::core::kinds::rwlock
