// A System V semaphore set's kernel object: semget with a key recorded in the manifest first
// (an id outlives every process; the purge removes it with IPC_RMID however the run ends),
// each member set to its initial value (SETALL). Its id goes in the resource's slot for the
// workers. The kernel's figures are its members' values (GETALL).
#include "engine/kernelobject.h"
#include "kinds/sysvsemaphore/settings.h"

#include <sys/sem.h>

#include <vector>

namespace ipcsim::core::kinds::sysvsemaphore {

namespace {

// semctl's fourth argument, which <sys/sem.h> leaves to the caller to declare.
union SemArg {
    int val;
    semid_ds *buf;
    unsigned short *array;
};

class Set final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        const Settings &set = settingsOf(at.spec);
        m_count = int(set.semaphores);
        m_id = makeSysv(
            at, "sysv-sem", "semget",
            [this](int32_t key) { return semget(key, m_count, IPC_CREAT | IPC_EXCL | 0600); },
            error);
        if (m_id < 0) return false;
        std::vector<unsigned short> initial;
        for (int k = 0; k < m_count; ++k)
            initial.push_back((unsigned short)set.initialOf(k));
        SemArg arg{};
        arg.array = initial.data();
        if (semctl(m_id, 0, SETALL, arg) != 0) {
            *error = failure("semctl SETALL for " + at.spec.name);
            return false;
        }
        at.slot->sysvId = m_id;
        return true;
    }
    // The sum of its members' values: the tokens the set holds.
    std::optional<qint64> sample() const override
    {
        const QList<qint64> v = values();
        if (v.isEmpty()) return std::nullopt;
        qint64 sum = 0;
        for (qint64 x : v)
            sum += x;
        return sum;
    }
    void readFinal(KernelFinal *f) override
    {
        f->values = values();
        f->read = !f->values.isEmpty();
        f->value = 0;
        for (qint64 x : f->values)
            f->value += x;
    }

private:
    QList<qint64> values() const // GETALL; empty on failure
    {
        if (m_id < 0) return {};
        std::vector<unsigned short> v(static_cast<size_t>(m_count));
        SemArg arg{};
        arg.array = v.data();
        if (semctl(m_id, 0, GETALL, arg) != 0) return {};
        return QList<qint64>(v.begin(), v.end());
    }

    int m_id = -1;
    int m_count = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Set>();
}

} // namespace

// Whoever's script posts it. (A holder's death gives its tokens back under SEM_UNDO, but a
// process asleep for good does not die by itself.)
bool couldWake(const Sleeper &, const Other &other)
{
    return other.use.posts;
}

extern const KindEngine engine = {.make = make, .couldWake = couldWake};

} // namespace ipcsim::core::kinds::sysvsemaphore
