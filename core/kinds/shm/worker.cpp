// Shared memory in a worker: its cells mapped MAP_SHARED; a load and a store are plain memory
// accesses, as in real code without synchronisation, and add is one atomic fetch-and-add.
#include "kinds/shm/worker.h"
#include "kinds/shm/settings.h"

#include "worker/scripterror.h"

#include <cerrno>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

namespace ipcsim::core::kinds::shm {

Cells::~Cells()
{
    if (!m_cells) return;
    if (m_shmat)
        shmdt(const_cast<int64_t *>(m_cells));
    else
        munmap(const_cast<int64_t *>(m_cells), size_t(m_count) * sizeof(int64_t));
}

void Cells::hold(void *at, const ResourceSpec &spec, bool shmat)
{
    m_spec = &spec;
    m_cells = static_cast<volatile int64_t *>(at);
    m_count = settingsOf(spec).cells;
    m_shmat = shmat;
}

void Cells::attached(void *at, const ResourceSpec &spec)
{
    hold(at, spec, true);
}

bool Cells::map(int fd, const ResourceSpec &spec, const std::string &what, std::string *error)
{
    const size_t bytes = size_t(settingsOf(spec).cells) * sizeof(int64_t);
    void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    const int err = errno;
    ::close(fd);
    if (p == MAP_FAILED) {
        errno = err;
        return fail(spec, "mmap(" + what + ")", error);
    }
    hold(p, spec, false);
    return true;
}

void Cells::run(const Stmt &s, Step &step)
{
    const int64_t i = step.integer(s, s.e1);
    if (i < 0 || i >= m_count)
        throwScriptError(s.line, "index " + std::to_string(i) + " is outside " + m_spec->name +
                                     " (" + std::to_string(m_count) + " cells, 0.." +
                                     std::to_string(m_count - 1) + ")");
    volatile int64_t *cell = m_cells + i;
    switch (s.op) {
    case Op::Load: {
        step.enter(s, s.res);
        step.begin(0, i);
        const int64_t v = *cell; // a plain read, as in real code without synchronisation
        step.storeReg(s.reg, v);
        step.end(v, i);
        return;
    }
    case Op::Store: {
        const int64_t v = step.integer(s, s.e2);
        step.enter(s, s.res);
        step.begin(v, i);
        *cell = v;
        step.end(v, i);
        return;
    }
    case Op::Add: {
        const int64_t delta = step.integer(s, s.e2);
        step.enter(s, s.res);
        step.begin(delta, i);
        auto *p = const_cast<int64_t *>(cell);
        const uint64_t old = uint64_t(__atomic_fetch_add(p, delta, __ATOMIC_SEQ_CST));
        step.end(int64_t(old + uint64_t(delta)), i); // wraps like the hardware does
        return;
    }
    default:
        unsupported(s);
    }
}

namespace {

// A POSIX shared memory segment, opened by its name.
class Segment final : public Cells
{
public:
    bool open(const Place &at, std::string *error) override
    {
        const std::string name = at.layout.objectName(at.spec.name);
        const int fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0);
        if (fd < 0) return fail(at.spec, "shm_open(" + name + ")", error);
        return map(fd, at.spec, name, error);
    }
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Segment>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::shm
