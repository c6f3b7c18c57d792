#include "trace/tracenames.h"

#include <cerrno>
#include <csignal>
#include <cstring>

namespace ipcsim::core {

namespace {

// glibc >= 2.32 names errnos and signals itself; a tiny table keeps other C libraries working.
const char *errnoNameRaw(int err)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    return strerrorname_np(err);
#else
    switch (err) {
    case EAGAIN:
        return "EAGAIN";
    case EBUSY:
        return "EBUSY";
    case EDEADLK:
        return "EDEADLK";
    case EPERM:
        return "EPERM";
    case EPIPE:
        return "EPIPE";
    case EINTR:
        return "EINTR";
    case EINVAL:
        return "EINVAL";
    case EBADF:
        return "EBADF";
    case ENOENT:
        return "ENOENT";
    case ECONNREFUSED:
        return "ECONNREFUSED";
    case ECONNRESET:
        return "ECONNRESET";
    case ENOTCONN:
        return "ENOTCONN";
    case EMSGSIZE:
        return "EMSGSIZE";
    case EOWNERDEAD:
        return "EOWNERDEAD";
    case ENOTRECOVERABLE:
        return "ENOTRECOVERABLE";
    case ETIMEDOUT:
        return "ETIMEDOUT";
    default:
        return nullptr;
    }
#endif
}

const char *signalAbbrevRaw(int sig)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
    return sigabbrev_np(sig);
#else
    switch (sig) {
    case SIGHUP:
        return "HUP";
    case SIGINT:
        return "INT";
    case SIGQUIT:
        return "QUIT";
    case SIGILL:
        return "ILL";
    case SIGABRT:
        return "ABRT";
    case SIGFPE:
        return "FPE";
    case SIGKILL:
        return "KILL";
    case SIGSEGV:
        return "SEGV";
    case SIGPIPE:
        return "PIPE";
    case SIGALRM:
        return "ALRM";
    case SIGTERM:
        return "TERM";
    case SIGUSR1:
        return "USR1";
    case SIGUSR2:
        return "USR2";
    case SIGCHLD:
        return "CHLD";
    case SIGCONT:
        return "CONT";
    case SIGSTOP:
        return "STOP";
    case SIGBUS:
        return "BUS";
    case SIGTRAP:
        return "TRAP";
    default:
        return nullptr;
    }
#endif
}

} // namespace

QString TraceNames::errnoName(int err)
{
    if (const char *n = errnoNameRaw(err)) return QString::fromLatin1(n);
    return QStringLiteral("E%1").arg(err);
}

int TraceNames::errnoFromName(const QString &name)
{
    bool ok = false;
    const int n = name.toInt(&ok);
    if (ok) return n;
    if (name.startsWith(QLatin1Char('E'))) {
        const int m = name.mid(1).toInt(&ok);
        if (ok) return m;
    }
    // errno values are small; scanning them is cheaper than keeping a second table in sync.
    for (int e = 1; e < 4096; ++e) {
        const char *n = errnoNameRaw(e);
        if (n && name == QLatin1String(n)) return e;
    }
    return 0;
}

QString TraceNames::signalName(int sig)
{
    if (sig >= SIGRTMIN && sig <= SIGRTMAX)
        return sig == SIGRTMIN ? QStringLiteral("SIGRTMIN")
                               : QStringLiteral("SIGRTMIN+%1").arg(sig - SIGRTMIN);
    if (const char *n = signalAbbrevRaw(sig)) return QStringLiteral("SIG") + QString::fromLatin1(n);
    return QStringLiteral("SIG%1").arg(sig);
}

int TraceNames::signalFromName(const QString &text)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok) return n;
    QString name = text.startsWith(QLatin1String("SIG")) ? text.mid(3) : text;
    if (name == QLatin1String("RTMIN")) return SIGRTMIN;
    if (name.startsWith(QLatin1String("RTMIN+"))) {
        const int k = name.mid(6).toInt(&ok);
        return ok ? SIGRTMIN + k : 0;
    }
    const int m = name.toInt(&ok);
    if (ok) return m;
    for (int s = 1; s < SIGRTMIN; ++s) {
        const char *a = signalAbbrevRaw(s);
        if (a && name == QLatin1String(a)) return s;
    }
    return 0;
}

QString TraceNames::scheduleText(const Schedule &schedule)
{
    switch (schedule.kind) {
    case Schedule::Free:
        return QStringLiteral("free");
    case Schedule::RoundRobin:
        return QStringLiteral("round-robin");
    case Schedule::Random:
        return QStringLiteral("random:%1").arg(schedule.seed);
    case Schedule::List: {
        QStringList names;
        for (const std::string &n : schedule.names)
            names << QString::fromStdString(n);
        return names.join(QLatin1Char(','));
    }
    }
    return QStringLiteral("free");
}

} // namespace ipcsim::core
