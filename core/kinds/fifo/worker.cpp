// A fifo in a worker: opened by its path inside the first step that uses each end, because
// that open really sleeps until the other side opens it too.
#include "kinds/pipe/worker.h"
#include "ipc/syscall.h"
#include "kinds/pipe/settings.h"

#include <cerrno>
#include <fcntl.h>

namespace ipcsim::core::kinds::fifo {

namespace {

class Fifo final : public pipe::ByteStream
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_path = at.layout.fifoPath(at.spec.name);
        m_capacity = pipe::settingsOf(at.spec).capacity;
        m_asksRoom = true;
        return true;
    }

private:
    int writeEnd(Step &step) override { return opened(step, m_write, O_WRONLY); }
    int readEnd(Step &step) override { return opened(step, m_read, O_RDONLY); }
    int opened(Step &step, int &fd, int mode)
    {
        if (fd >= 0) return fd;
        fd = sys::retry([&] { return ::open(m_path.c_str(), mode | O_CLOEXEC); });
        if (fd < 0) step.failCall(errno);
        // A fifo's buffer exists only while it is open, so whoever opens it sets its capacity.
        if (m_capacity > 0 && fcntl(fd, F_SETPIPE_SZ, int(m_capacity)) < 0) step.failCall(errno);
        return fd;
    }

    std::string m_path;
    int64_t m_capacity = 0;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Fifo>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::fifo
