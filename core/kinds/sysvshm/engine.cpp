// A System V segment's kernel object: shmget with a key recorded in the manifest first (an id
// outlives every process; the purge removes it with IPC_RMID however the run ends), as long
// as its cells. Its id goes in the resource's slot for the workers. The engine attaches it
// read-only, and reads the cells there at the end.
#include "kinds/shm/engine.h"
#include "engine/kernelobject.h"
#include "kinds/shm/settings.h"

#include <sys/shm.h>

namespace ipcsim::core::kinds::sysvshm {

namespace {

class Segment final : public KernelObject
{
public:
    ~Segment() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        m_count = size_t(shm::settingsOf(at.spec).cells);
        const size_t bytes = m_count * sizeof(qint64);
        const int id = makeSysv(
            at, "sysv-shm", "shmget",
            [bytes](int32_t key) { return shmget(key, bytes, IPC_CREAT | IPC_EXCL | 0600); },
            error);
        if (id < 0) return false;
        at.slot->sysvId = id;
        void *p = shmat(id, nullptr, SHM_RDONLY);
        if (p == reinterpret_cast<void *>(-1)) {
            *error = failure("shmat for " + at.spec.name);
            return false;
        }
        m_cells = static_cast<const qint64 *>(p);
        return true;
    }
    void closeAll() override
    {
        if (m_cells) shmdt(m_cells);
        m_cells = nullptr;
    }
    void readFinal(KernelFinal *f) override { shm::readFinalCells(f, m_cells, m_count); }

private:
    const qint64 *m_cells = nullptr;
    size_t m_count = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Segment>();
}

} // namespace

extern const KindEngine engine = {make};

} // namespace ipcsim::core::kinds::sysvshm
