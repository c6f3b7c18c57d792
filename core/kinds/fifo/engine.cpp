// A fifo's kernel object: mkfifo in the session's folder; each process opens it by its path.
#include "kinds/pipe/engine.h"
#include "engine/kernelobject.h"

#include <fcntl.h>
#include <sys/stat.h>

namespace ipcsim::core::kinds::fifo {

namespace {

class Fifo final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_path = at.layout.fifoPath(at.spec.name);
        if (mkfifo(m_path.c_str(), 0600) != 0) {
            *error = failure("mkfifo(" + m_path + ")");
            return false;
        }
        return true;
    }
    StreamEnd streamEnd(bool reading) const override
    {
        return {-1, m_path, reading ? O_RDONLY : O_WRONLY};
    }

private:
    std::string m_path;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Fifo>();
}

} // namespace

extern const KindEngine engine = {
    .make = make, .openWaitsForPeer = true, .couldWake = pipe::streamCouldWake};

} // namespace ipcsim::core::kinds::fifo
