// A shared memory segment's kernel object: shm_open, recorded in the manifest first, and a
// mapping the engine reads the cells through.
#include "kinds/shm/engine.h"
#include "engine/kernelobject.h"
#include "engine/sessiondirectory.h"
#include "kinds/shm/settings.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace ipcsim::core::kinds::shm {

namespace {

class Segment final : public KernelObject
{
public:
    ~Segment() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        const std::string name = at.layout.objectName(at.spec.name);
        if (!at.dir.record("shm", name, error)) return false;
        const int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
        const size_t bytes = size_t(settingsOf(at.spec).cells) * sizeof(qint64);
        if (fd < 0 || ftruncate(fd, off_t(bytes)) != 0) {
            *error = failure("shm_open(" + name + ")");
            if (fd >= 0) close(fd);
            return false;
        }
        void *m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        close(fd);
        if (m == MAP_FAILED) {
            *error = failure("mmap(" + name + ")");
            return false;
        }
        m_cells = static_cast<qint64 *>(m);
        m_count = size_t(settingsOf(at.spec).cells);
        return true;
    }
    void closeAll() override
    {
        if (m_cells) munmap(m_cells, m_count * sizeof(qint64));
        m_cells = nullptr;
    }
    void readFinal(KernelFinal *f) override { readFinalCells(f, m_cells, m_count); }

private:
    qint64 *m_cells = nullptr;
    size_t m_count = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Segment>();
}

} // namespace

extern const KindEngine engine = {make};

} // namespace ipcsim::core::kinds::shm
