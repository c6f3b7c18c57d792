// A file in a worker: one descriptor, opened O_APPEND (every write goes to the end), read
// from this process's own position; locked whole with fcntl (shared or exclusive).
#include "kinds/pipe/worker.h"
#include "ipc/syscall.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace ipcsim::core::kinds::file {

namespace {

class File final : public pipe::ByteStream
{
public:
    bool open(const Place &at, std::string *error) override
    {
        const std::string path = at.layout.filePath(at.spec.name);
        const int fd =
            sys::retry([&] { return ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC); });
        if (fd < 0) return fail(at.spec, "open(" + path + ")", error);
        m_read = m_write = fd;
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        if (s.op == Op::LockFile || s.op == Op::UnlockFile)
            lock(s, step);
        else
            ByteStream::run(s, step);
    }

private:
    // O_APPEND moves the shared offset to the end on every write; reads keep their own.
    ssize_t readSome(Step &, char *buf, size_t n) override
    {
        const ssize_t r = sys::retry([&] { return pread(m_read, buf, n, m_readOffset); });
        if (r > 0) m_readOffset += r;
        return r;
    }
    void takeEnds(int fds[2]) override
    {
        fds[0] = m_read; // one descriptor serves both
        fds[1] = -1;
        m_read = m_write = -1;
    }
    void lock(const Stmt &s, Step &step)
    {
        const bool lock = s.op == Op::LockFile;
        const uint16_t flags = lock && s.shared ? uint16_t(wire::SharedLock) : uint16_t(0);
        step.enter(s, s.res);
        step.begin(0, 0, flags);
        struct flock fl = {};
        fl.l_type = short(lock ? (s.shared ? F_RDLCK : F_WRLCK) : F_UNLCK);
        fl.l_whence = SEEK_SET;
        fl.l_start = 0;
        fl.l_len = 0; // the whole file, however long it grows
        if (sys::retry([&] { return fcntl(m_read, lock ? F_SETLKW : F_SETLK, &fl); }) < 0)
            step.failCall(errno);
        step.end(0, 0, flags);
    }

    off_t m_readOffset = 0;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<File>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::file
