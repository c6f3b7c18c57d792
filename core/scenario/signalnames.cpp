#include "scenario/signalnames.h"

#include <charconv>
#include <csignal>

namespace ipcsim::core {

namespace {

struct NamedSignal
{
    const char *name;
    int sig;
};

// The standard signals of signal(7) that Linux defines (aliases included).
const NamedSignal kSignals[] = {
    {"SIGHUP", SIGHUP},       {"SIGINT", SIGINT},    {"SIGQUIT", SIGQUIT},   {"SIGILL", SIGILL},
    {"SIGTRAP", SIGTRAP},     {"SIGABRT", SIGABRT},  {"SIGIOT", SIGIOT},     {"SIGBUS", SIGBUS},
    {"SIGFPE", SIGFPE},       {"SIGKILL", SIGKILL},  {"SIGUSR1", SIGUSR1},   {"SIGSEGV", SIGSEGV},
    {"SIGUSR2", SIGUSR2},     {"SIGPIPE", SIGPIPE},  {"SIGALRM", SIGALRM},   {"SIGTERM", SIGTERM},
#ifdef SIGSTKFLT
    {"SIGSTKFLT", SIGSTKFLT},
#endif
    {"SIGCHLD", SIGCHLD},
#ifdef SIGCLD
    {"SIGCLD", SIGCLD},
#endif
    {"SIGCONT", SIGCONT},     {"SIGSTOP", SIGSTOP},  {"SIGTSTP", SIGTSTP},   {"SIGTTIN", SIGTTIN},
    {"SIGTTOU", SIGTTOU},     {"SIGURG", SIGURG},    {"SIGXCPU", SIGXCPU},   {"SIGXFSZ", SIGXFSZ},
    {"SIGVTALRM", SIGVTALRM}, {"SIGPROF", SIGPROF},  {"SIGWINCH", SIGWINCH}, {"SIGIO", SIGIO},
#ifdef SIGPOLL
    {"SIGPOLL", SIGPOLL},
#endif
#ifdef SIGPWR
    {"SIGPWR", SIGPWR},
#endif
    {"SIGSYS", SIGSYS},       {"SIGUNUSED", SIGSYS}, // signal(7): a synonym for SIGSYS on most
                                                     // architectures, x86 included
};

// Names signal(7) lists that Linux on this architecture does not define.
const char *const kAbsent[] = {"SIGEMT", "SIGINFO", "SIGLOST"};

} // namespace

int signalByName(const std::string &name)
{
    for (const NamedSignal &s : kSignals)
        if (name == s.name) return s.sig;
    // SIGRTMIN, SIGRTMIN+N, SIGRTMAX-N, SIGRTMAX
    const bool fromMin = name.starts_with("SIGRTMIN"), fromMax = name.starts_with("SIGRTMAX");
    if (!fromMin && !fromMax) return 0;
    const std::string_view rest = std::string_view(name).substr(8);
    int n = 0;
    if (!rest.empty()) {
        if (rest.front() != (fromMin ? '+' : '-') || rest.size() < 2) return 0;
        const auto [end, err] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), n);
        if (err != std::errc() || end != rest.data() + rest.size()) return 0;
    }
    const int sig = fromMin ? SIGRTMIN + n : SIGRTMAX - n;
    return n >= 0 && isRealTime(sig) ? sig : 0;
}

bool isRealTime(int sig)
{
    return sig >= SIGRTMIN && sig <= SIGRTMAX;
}

bool signalAbsentHere(const std::string &name)
{
    for (const char *a : kAbsent)
        if (name == a) return true;
    return false;
}

std::string signalName(int sig)
{
    // The first name listed wins, so SIGABRT is preferred to its alias SIGIOT.
    for (const NamedSignal &s : kSignals)
        if (s.sig == sig) return s.name;
    if (sig == SIGRTMIN) return "SIGRTMIN";
    if (isRealTime(sig)) return "SIGRTMIN+" + std::to_string(sig - SIGRTMIN);
    return {};
}

bool scriptMayAwait(int sig)
{
    return sig == SIGUSR1 || sig == SIGUSR2 || sig == SIGTERM || sig == SIGINT || sig == SIGHUP ||
           sig == SIGALRM || isRealTime(sig);
}

bool scriptMaySend(int sig)
{
    return scriptMayAwait(sig) || sig == SIGSTOP || sig == SIGCONT || sig == SIGKILL;
}

const char *sendableSignalList()
{
    return "SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGSTOP, SIGCONT, SIGKILL, "
           "SIGRTMIN+N";
}

const char *awaitableSignalList()
{
    return "SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGRTMIN+N";
}

} // namespace ipcsim::core
