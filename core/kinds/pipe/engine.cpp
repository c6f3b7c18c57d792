// A pipe's kernel object: pipe2, sized with F_SETPIPE_SZ; the engine holds both ends until
// every process has inherited its own.
#include "kinds/pipe/engine.h"
#include "kinds/pipe/settings.h"

#include <fcntl.h>
#include <unistd.h>

namespace ipcsim::core::kinds::pipe {

namespace {

class Pipe final : public KernelObject
{
public:
    ~Pipe() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        const ResourceSpec &rs = at.spec;
        if (pipe2(m_ends, O_CLOEXEC) != 0) {
            *error = failure("pipe2 for " + rs.name);
            return false;
        }
        if (const int64_t capacity = settingsOf(rs).capacity;
            capacity > 0 && fcntl(m_ends[1], F_SETPIPE_SZ, int(capacity)) < 0) {
            *error = failure("F_SETPIPE_SZ " + std::to_string(capacity) + " for " + rs.name);
            return false;
        }
        return true;
    }
    int endFd(EndRole role) const override
    {
        return role == EndRole::PipeRead ? m_ends[0] : role == EndRole::PipeWrite ? m_ends[1] : -1;
    }
    StreamEnd streamEnd(bool reading) const override { return {reading ? m_ends[0] : m_ends[1]}; }
    void closeInheritedEnds() override
    {
        for (int &fd : m_ends) {
            if (fd >= 0) close(fd);
            fd = -1;
        }
    }

private:
    int m_ends[2] = {-1, -1};
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Pipe>();
}

} // namespace

bool streamCouldWake(const Sleeper &sleeper, const Other &other)
{
    if (sleeper.op == Op::Accept) return other.use.connects;
    if (sleeper.op == Op::Connect) return other.use.accepts;
    return wantsData(sleeper.op) ? other.use.writes || other.execWrites
                                 : other.use.reads || other.execReads;
}

extern const KindEngine engine = {.make = make, .couldWake = streamCouldWake};

} // namespace ipcsim::core::kinds::pipe
