// A pipe in a worker: the ends it inherited (its read end if its script reads, its write end if
// it writes), read and written with read(2) and write(2).
#include "kinds/pipe/worker.h"

#include "ipc/syscall.h"
#include "worker/scripterror.h"

#include <cerrno>
#include <sys/uio.h>
#include <unistd.h>

namespace ipcsim::core::kinds::pipe {

void ByteStream::run(const Stmt &s, Step &step)
{
    switch (s.op) {
    case Op::Write:
    case Op::WriteBytes:
        write(s, step);
        return;
    case Op::Read: {
        const int64_t want = step.integer(s, s.e1);
        if (want <= 0) throwScriptError(s.line, "cannot read " + std::to_string(want) + " bytes");
        prepare(s);
        receive(s, step, size_t(want));
        return;
    }
    case Op::Close:
        close(s, step);
        return;
    default:
        unsupported(s);
    }
}

void ByteStream::write(const Stmt &s, Step &step)
{
    prepare(s);
    const char *data;
    size_t n;
    Evaluator::NumberBuffer nb;
    const bool traceText = s.op != Op::WriteBytes;
    if (traceText) {
        const std::string_view text = step.text(s, s.e1, nb);
        data = text.data();
        n = text.size();
    } else {
        const int64_t count = step.integer(s, s.e1);
        if (count < 0) throwScriptError(s.line, "cannot write " + std::to_string(count) + " bytes");
        n = size_t(count);
        data = step.pattern(n);
    }
    step.enter(s, s.res, 0, {.aux = int64_t(n)}); // its size: the pages it takes
    step.begin(int64_t(n));
    const uint16_t flags = writeAll(step, data, n);
    if (traceText)
        step.endText(int64_t(n), 0, flags, std::string_view(data, n));
    else
        step.end(int64_t(n), 0, flags);
}

uint16_t ByteStream::writeAll(Step &step, const char *data, size_t n)
{
    const int fd = writeEnd(step);
    size_t done = 0;
    uint16_t flags = 0;
    if (m_asksRoom && n > 0) {
        // Whether there is room, from the kernel: a try that does not wait, and falls short
        // when the buffer is full (by its pages: a write of up to a page goes whole into one).
        iovec v{const_cast<char *>(data), n};
        const ssize_t r = sys::retry([&] { return pwritev2(fd, &v, 1, -1, RWF_NOWAIT); });
        if (r < 0 && (errno == EOPNOTSUPP || errno == EINVAL))
            m_asksRoom = false; // a kernel that cannot say: write as before, telling nothing
        else if (r < 0 && errno != EAGAIN)
            step.failCall(errno);
        if (r >= 0) done = size_t(r);
        if (m_asksRoom && done < n) flags = wire::WaitedForRoom;
    }
    if (n > 0 && done == n) return 0;
    do {
        const ssize_t r = sys::retry([&] { return ::write(fd, data + done, n - done); });
        if (r < 0) step.failCall(errno);
        done += size_t(r);
    } while (done < n);
    return flags;
}

ssize_t ByteStream::readSome(Step &step, char *buf, size_t n)
{
    const int fd = readEnd(step);
    return sys::retry([&] { return ::read(fd, buf, n); });
}

void ByteStream::receive(const Stmt &s, Step &step, size_t n)
{
    char *buf = step.buffer(n);
    step.enter(s, s.res);
    step.begin(int64_t(n));
    const ssize_t r = readSome(step, buf, n);
    if (r < 0) step.failCall(errno);
    const std::string_view got(buf, size_t(r));
    step.storeReg(s.reg, got);
    step.endText(r, 0, r == 0 ? uint16_t(wire::Eof) : uint16_t(0), got);
}

void ByteStream::takeEnds(int fds[2])
{
    fds[0] = m_read;
    fds[1] = m_write;
    m_read = m_write = -1;
}

void ByteStream::close(const Stmt &s, Step &step)
{
    step.enter(s, s.res);
    step.begin();
    int fds[2] = {-1, -1};
    takeEnds(fds);
    if (fds[0] < 0 && fds[1] < 0)
        step.failCall(EBADF); // nothing of it is open here: closing again is the bug it is in C
    for (int fd : fds) {
        // No retry: after EINTR the descriptor is already gone on Linux.
        if (fd >= 0 && ::close(fd) < 0 && errno != EINTR) step.failCall(errno);
    }
    step.end();
}

namespace {

class Pipe final : public ByteStream
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_read = at.end(EndRole::PipeRead);
        m_write = at.end(EndRole::PipeWrite);
        m_asksRoom = true;
        return true;
    }
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Pipe>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::pipe
