// An eventfd's kernel object: eventfd(2), created by the engine before any process, and
// inherited by each that uses it. The engine keeps its own descriptor to the end and reads the
// counter from /proc/self/fdinfo (eventfd-count), which reads without taking.
#include "engine/kernelobject.h"
#include "ipc/sessionlayout.h"
#include "kinds/eventfd/settings.h"

#include <QByteArray>
#include <QFile>
#include <sys/eventfd.h>
#include <unistd.h>

namespace ipcsim::core::kinds::eventfd {

namespace {

class Counter final : public KernelObject
{
public:
    ~Counter() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        const int flags = EFD_CLOEXEC | (settingsOf(at.spec).semaphoreMode ? EFD_SEMAPHORE : 0);
        m_fd = ::eventfd(unsigned(settingsOf(at.spec).initial), flags);
        if (m_fd < 0) {
            *error = failure("eventfd for " + at.spec.name);
            return false;
        }
        return true;
    }
    int endFd(EndRole role) const override { return role == EndRole::Object ? m_fd : -1; }
    std::optional<qint64> sample() const override { return count(); }
    bool letsGoOn(Op op) const override
    {
        const auto c = count();
        return c && (op == Op::Read ? *c > 0 : op == Op::Write);
    }
    void readFinal(KernelFinal *f) override
    {
        const auto c = count();
        f->read = c.has_value();
        f->value = c.value_or(-1);
    }
    void closeAll() override
    {
        if (m_fd >= 0) close(m_fd);
        m_fd = -1;
    }

private:
    // "eventfd-count: <hex>" in the descriptor's fdinfo (fs/eventfd.c).
    std::optional<qint64> count() const
    {
        if (m_fd < 0) return std::nullopt;
        QFile f(QStringLiteral("/proc/self/fdinfo/%1").arg(m_fd));
        if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
        for (const QByteArray &line : f.readAll().split('\n')) {
            if (!line.startsWith("eventfd-count:")) continue;
            bool ok = false;
            const qint64 v = line.mid(14).trimmed().toLongLong(&ok, 16);
            if (ok) return v;
        }
        return std::nullopt;
    }

    int m_fd = -1;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Counter>();
}

// A read sleeps until someone writes; a write (at the counter's top) until someone reads.
bool couldWake(const Sleeper &sleeper, const Other &other)
{
    return sleeper.op == Op::Read ? other.use.writes : other.use.reads;
}

} // namespace

extern const KindEngine engine = {.make = make, .couldWake = couldWake};

} // namespace ipcsim::core::kinds::eventfd
