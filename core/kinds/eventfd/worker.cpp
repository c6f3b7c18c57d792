// An eventfd in a worker: the descriptor it inherited. A write is write(2) of the 8-byte
// amount to add; a read is read(2) of the 8-byte counter (a count under 8 is the kernel's
// EINVAL). The records carry the 8 bytes the call moved as their value, and the amount (added,
// or taken) beside it.
#include "ipc/sessionlayout.h"
#include "ipc/syscall.h"
#include "worker/workerobject.h"

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace ipcsim::core::kinds::eventfd {

namespace {

class Counter final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *error) override
    {
        m_fd = at.end(EndRole::Object);
        if (m_fd >= 0) return true;
        errno = EBADF;
        return fail(at.spec, "its inherited descriptor", error);
    }
    void run(const Stmt &s, Step &step) override
    {
        switch (s.op) {
        case Op::Write: {
            const int64_t amount = step.integer(s, s.e1);
            step.enter(s, s.res, 0, {.aux = amount});
            step.begin(sizeof(uint64_t), amount);
            const uint64_t v = uint64_t(amount);
            const ssize_t n = sys::retry([&] { return ::write(m_fd, &v, sizeof v); });
            if (n < 0) step.failCall(errno);
            endWith(step, n, amount);
            return;
        }
        case Op::Read: {
            const int64_t count = step.integer(s, s.e1);
            step.enter(s, s.res);
            step.begin(count);
            // The kernel reads the counter into any buffer of 8 bytes or more.
            uint64_t v = 0;
            const size_t asked = size_t(std::clamp<int64_t>(count, 0, sizeof v));
            const ssize_t n = sys::retry([&] { return ::read(m_fd, &v, asked); });
            if (n < 0) step.failCall(errno);
            step.storeReg(s.reg, int64_t(v));
            endWith(step, n, int64_t(v));
            return;
        }
        default:
            unsupported(s);
        }
    }

private:
    // The bytes the call moved, the amount, and the amount as text (the diagram's label).
    static void endWith(Step &step, ssize_t bytes, int64_t amount)
    {
        const std::string text = std::to_string(amount);
        step.endText(int64_t(bytes), amount, 0, text);
    }

    int m_fd = -1;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Counter>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::eventfd
