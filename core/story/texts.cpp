#include "story/texts.h"

#include "scenario/signalnames.h"
#include "story/kindwords.h"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace ipcsim::core {

using core::Op;
using core::ProcState;

QString Texts::stateName(ProcState s)
{
    switch (s) {
    case ProcState::NotStarted:
        return tr("not started");
    case ProcState::Starting:
        return tr("starting");
    case ProcState::Running:
        return tr("running");
    case ProcState::AtGate:
        return tr("at its gate");
    case ProcState::InStep:
        return tr("in a call");
    case ProcState::Blocked:
        return tr("BLOCKED");
    case ProcState::Spinning:
        return tr("SPINNING");
    case ProcState::Exited:
        return tr("exited");
    case ProcState::Killed:
        return tr("killed");
    }
    return {};
}

QString Texts::resourceKind(ResourceType t)
{
    return QCoreApplication::translate("Texts", kindWords(t).noun);
}

QString Texts::resourceKindShort(ResourceType t)
{
    const KindWords &words = kindWords(t);
    return QCoreApplication::translate("Texts", words.shortNoun ? words.shortNoun : words.noun);
}

QString Texts::keyword(Op op)
{
    // The script's own keyword, as the scenario format spells it (none: no statement).
    return op == Op::None ? QString() : QString::fromLatin1(core::opName(op));
}

QString Texts::callName(Op op, ResourceType t, bool shared)
{
    const KindWords &kind = kindWords(t);
    if (const char *call = shared && kind.sharedCallName ? kind.sharedCallName(op) : nullptr)
        return QString::fromLatin1(call);
    if (const char *call = kind.callName ? kind.callName(op) : nullptr)
        return QString::fromLatin1(call);
    return callName(op);
}

QString Texts::callName(Op op)
{
    switch (op) {
    case Op::Signal:
        return QStringLiteral("kill");
    case Op::Await:
        return QStringLiteral("sigwaitinfo");
    case Op::Sleep:
        return QStringLiteral("nanosleep");
    case Op::Compute:
        return tr("a busy loop");
    case Op::Print:
        return QStringLiteral("print");
    case Op::Exit:
        return QStringLiteral("_exit");
    case Op::Crash:
        return QStringLiteral("abort");
    default:
        return keyword(op);
    }
}

QString Texts::sourceName(core::Source s)
{
    switch (s) {
    case core::Source::Reported:
        return tr("reported by the process");
    case core::Source::Kernel:
        return tr("read from the kernel");
    case core::Source::Derived:
        return tr("derived");
    }
    return {};
}

QString Texts::signalName(int sig)
{
    if (sig <= 0) return {};
    if (const std::string name = core::signalName(sig); !name.empty())
        return QString::fromStdString(name); // "SIGUSR1", "SIGRTMIN+1"
    if (const char *abbrev = sigabbrev_np(sig))
        return QStringLiteral("SIG") + QString::fromLatin1(abbrev);
    return tr("signal %1").arg(sig);
}

QString Texts::errnoName(int err)
{
    if (err <= 0) return {};
    if (const char *name = strerrorname_np(err)) return QString::fromLatin1(name);
    return tr("errno %1").arg(err);
}

QString Texts::compact(qint64 v)
{
    const qint64 a = v < 0 ? -v : v;
    if (a < 10000) return QString::number(v);
    if (a < 1000000) return QString::number(v / 1000.0, 'f', a < 100000 ? 1 : 0) + QLatin1Char('k');
    if (a < 1000000000) return QString::number(v / 1e6, 'f', 1) + QLatin1Char('M');
    return QString::number(v / 1e9, 'f', 1) + QLatin1Char('G');
}

QString Texts::bytes(qint64 n)
{
    if (n == 1) return tr("1 byte");
    if (n < 10 * 1024) return tr("%1 bytes").arg(n);
    if (n < 10 * 1024 * 1024) return tr("%1 KiB").arg(n / 1024.0, 0, 'f', 1);
    return tr("%1 MiB").arg(n / (1024.0 * 1024.0), 0, 'f', 1);
}

QString Texts::processLabel(const core::WorldState &w, int instance)
{
    if (instance >= 0 && instance < w.processes.size()) return w.processes[instance].name;
    return tr("process %1").arg(instance);
}

QString Texts::resourceLabel(const core::WorldState &w, int res)
{
    if (res >= 0 && res < w.resources.size()) return w.resources[res].name;
    return {};
}

} // namespace ipcsim::core
