#include "engine/launcher.h"
#include "engine/session.h" // parseCpuList

#include "ipc/syscall.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <string_view>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

namespace ipcsim::core {

std::string findProgram(const std::string &name)
{
    auto executable = [](const std::string &p) {
        struct stat st;
        return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(p.c_str(), X_OK) == 0;
    };
    if (name.find('/') != std::string::npos) return executable(name) ? name : std::string();
    const char *path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    for (;;) {
        const size_t colon = dirs.find(':');
        const std::string_view dir = dirs.substr(0, colon);
        std::string candidate(dir.empty() ? std::string_view(".") : dir);
        candidate.push_back('/');
        candidate.append(name);
        if (executable(candidate)) return candidate;
        if (colon == std::string_view::npos) break;
        dirs.remove_prefix(colon + 1);
    }
    return {};
}

namespace {

// Parses "0,2-3" into its CPUs; false if it is not such a list.
bool parseCpuRanges(std::string_view text, std::vector<bool> *chosen, std::string *error)
{
    const std::string quoted = "\"" + std::string(text) + "\"";
    size_t at = 0;
    auto number = [&](int *out) {
        const size_t from = at;
        long v = 0;
        while (at < text.size() && text[at] >= '0' && text[at] <= '9' && v < CPU_SETSIZE)
            v = v * 10 + (text[at++] - '0');
        *out = int(v);
        return at > from && v < CPU_SETSIZE;
    };
    for (;;) {
        int first = 0, last = 0;
        if (!number(&first)) {
            *error = quoted + " is not a CPU list (numbers and ranges such as 0,2-3)";
            return false;
        }
        last = first;
        if (at < text.size() && text[at] == '-') {
            ++at;
            if (!number(&last) || last < first) {
                *error = quoted + " is not a CPU list (a range reads low-high, such as 2-3)";
                return false;
            }
        }
        for (int c = first; c <= last; ++c)
            (*chosen)[size_t(c)] = true;
        if (at == text.size()) return true;
        if (text[at] != ',') {
            *error = quoted + " is not a CPU list (numbers and ranges such as 0,2-3)";
            return false;
        }
        ++at;
    }
}

} // namespace

std::vector<int> parseCpuList(const std::string &text, std::string *error)
{
    std::vector<bool> chosen(CPU_SETSIZE, false);
    if (!parseCpuRanges(text, &chosen, error)) return {};
    // The CPUs that are online (what taskset would accept), else those this process may use.
    std::vector<bool> online(CPU_SETSIZE, false);
    std::string onlineText, ignored;
    if (FILE *f = std::fopen("/sys/devices/system/cpu/online", "re")) {
        char buf[256] = {};
        if (std::fgets(buf, sizeof buf, f)) onlineText = buf;
        std::fclose(f);
        while (!onlineText.empty() && (onlineText.back() == '\n' || onlineText.back() == ' '))
            onlineText.pop_back();
    }
    if (onlineText.empty() || !parseCpuRanges(onlineText, &online, &ignored)) {
        cpu_set_t mine;
        CPU_ZERO(&mine);
        sched_getaffinity(0, sizeof mine, &mine);
        onlineText.clear();
        for (int c = 0; c < CPU_SETSIZE; ++c) {
            online[size_t(c)] = CPU_ISSET(c, &mine);
            if (online[size_t(c)])
                onlineText += (onlineText.empty() ? "" : ",") + std::to_string(c);
        }
    }
    std::vector<int> cpus;
    for (int c = 0; c < CPU_SETSIZE; ++c) {
        if (!chosen[size_t(c)]) continue;
        if (!online[size_t(c)]) {
            *error = "CPU " + std::to_string(c) + " is not online here (the online CPUs are " +
                     onlineText + ")";
            return {};
        }
        cpus.push_back(c);
    }
    return cpus;
}

namespace {
// What a child that could not become its program was doing (launchFailure reads it).
enum : int32_t
{
    kOpenFailed = 1,
    kPlaceFailed,
    kPinFailed,
    kExecFailed
};
} // namespace

Spawned spawnProcess(const SpawnRequest &request, std::string *error)
{
    // Everything the child needs is built here, before fork: it may not allocate afterwards.
    std::vector<char *> argv;
    for (const std::string &a : request.argv)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    const int devNull = open("/dev/null", O_RDWR | O_CLOEXEC);
    int maxTarget = 2;
    for (const auto &f : request.fds)
        maxTarget = std::max(maxTarget, f.second);
    for (const auto &o : request.opens)
        maxTarget = std::max(maxTarget, o.target);
    const SpawnRequest::Open *opens = request.opens.data();
    const size_t nopens = request.opens.size();
    const pid_t parent = getpid();
    const int niceness = request.niceness;
    const pid_t group = request.processGroup;
    const char *program = request.program.c_str();
    const std::pair<int, int> *fds = request.fds.data();
    const size_t nfds = request.fds.size();
    cpu_set_t cpus;
    CPU_ZERO(&cpus);
    for (int c : request.cpus)
        CPU_SET(c, &cpus);
    const bool pin = !request.cpus.empty();
    bool hasTarget[3] = {false, false, false};
    for (const auto &f : request.fds)
        if (f.second >= 0 && f.second < 3) hasTarget[f.second] = true;
    for (const auto &o : request.opens)
        if (o.target >= 0 && o.target < 3) hasTarget[o.target] = true;

    // The environment: the request's variables, then ipcsim's own but those they replace.
    std::vector<char *> envp;
    for (const std::string &v : request.env) // first: found at the start of /proc/PID/environ
        envp.push_back(const_cast<char *>(v.c_str()));
    for (char **e = environ; e && *e; ++e) {
        bool replaced = false;
        for (const std::string &v : request.env) {
            const size_t eq = v.find('=');
            replaced = replaced || std::strncmp(*e, v.c_str(), eq + 1) == 0;
        }
        if (!replaced) envp.push_back(*e);
    }
    envp.push_back(nullptr);
    // Every descriptor to place has its slot (there were 64, and the rest were dropped).
    std::vector<int> moved(nfds + nopens, -1), targets(nfds + nopens, -1);
    // Why the child could not become the program, if it could not: {step, errno} on a pipe
    // that execve closes. The parent reads it once the child has ended with 127.
    int report[2] = {-1, -1};
    if (pipe2(report, O_CLOEXEC | O_NONBLOCK) != 0) {
        *error = sys::describe("pipe2 for a launch", errno);
        close(devNull);
        return {};
    }
    const pid_t pid = fork();
    if (pid < 0) {
        *error = sys::describe("fork", errno);
        close(devNull);
        close(report[0]);
        close(report[1]);
        return {};
    }
    if (pid == 0) {
        // Child: async-signal-safe calls only.
        int reportFd = report[1];
        auto fail = [&reportFd](int32_t step, size_t index) {
            const int32_t v[3] = {step, errno, int32_t(index)};
            [[maybe_unused]] const ssize_t n = write(reportFd, v, sizeof v);
            _exit(127);
        };
        setpgid(0, group);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127); // the parent died before the death signal was armed
        struct sigaction dfl = {};
        dfl.sa_handler = SIG_DFL;
        for (int sig = 1; sig < NSIG; ++sig)
            sigaction(sig, &dfl, nullptr);
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, nullptr);
        // The report pipe above every target, out of their way.
        reportFd = fcntl(reportFd, F_DUPFD_CLOEXEC, maxTarget + 1);
        // Move the sources out of the way of the targets, then place them.
        const size_t n = nfds + nopens;
        for (size_t i = 0; i < nfds; ++i) {
            moved[i] = fcntl(fds[i].first, F_DUPFD_CLOEXEC, maxTarget + 1);
            targets[i] = fds[i].second;
        }
        for (size_t i = 0; i < nopens; ++i) {
            int fd;
            do {
                fd = open(opens[i].path.c_str(), opens[i].flags | O_CLOEXEC);
            } while (fd < 0 && errno == EINTR);
            if (fd < 0) fail(kOpenFailed, i);
            moved[nfds + i] = fcntl(fd, F_DUPFD_CLOEXEC, maxTarget + 1);
            targets[nfds + i] = opens[i].target;
        }
        for (size_t i = 0; i < n; ++i)
            if (moved[i] < 0 || dup2(moved[i], targets[i]) < 0) fail(kPlaceFailed, i);
        if (!hasTarget[0]) dup2(devNull, 0); // the terminal's input is not the child's to read
        // Below the highest target, close whatever is not a target (1 and 2 stay: diagnostics).
        for (int fd = 3; fd <= maxTarget; ++fd) {
            bool keep = false;
            for (size_t i = 0; i < n; ++i)
                keep = keep || targets[i] == fd;
            if (!keep) close(fd);
        }
        // Above them, only the report pipe stays (execve closes it).
        if (reportFd != maxTarget + 1) reportFd = dup3(reportFd, maxTarget + 1, O_CLOEXEC);
        syscall(SYS_close_range, maxTarget + 2, ~0U, 0);
        if (pin && sched_setaffinity(0, sizeof cpus, &cpus) != 0) fail(kPinFailed, 0);
        setpriority(PRIO_PROCESS, 0, niceness);
        struct rlimit noCore = {0, 0};
        setrlimit(RLIMIT_CORE, &noCore);
        execve(program, argv.data(), envp.data());
        fail(kExecFailed, 0);
    }
    close(devNull);
    close(report[1]);
    setpgid(pid, group == 0 ? pid : group); // both sides set it: whoever runs first wins the race
    Spawned s;
    s.pid = pid;
    // -1 where the kernel (before 5.3) or a tool such as valgrind lacks pidfd_open: the caller
    // then polls for the exit instead.
    s.pidfd = int(syscall(SYS_pidfd_open, pid, 0));
    s.reportFd = report[0];
    return s;
}

std::string launchFailure(int reportFd, const SpawnRequest &request)
{
    int32_t v[3] = {0, 0, 0};
    ssize_t n;
    do {
        n = read(reportFd, v, sizeof v);
    } while (n < 0 && errno == EINTR);
    if (n != ssize_t(sizeof v)) return {};
    const std::string why = sys::describe("", v[1]).substr(2); // "Exec format error (ENOEXEC)"
    switch (v[0]) {
    case kOpenFailed:
        return size_t(v[2]) < request.opens.size()
                   ? "could not open " + request.opens[size_t(v[2])].path + ": " + why
                   : "could not open a file: " + why;
    case kPlaceFailed:
        return "could not place its descriptors: " + why;
    case kPinFailed:
        return "the --cpus list cannot be applied here (sched_setaffinity: " + why + ")";
    case kExecFailed:
        if (v[1] == ENOEXEC)
            return "cannot run " + request.program +
                   ": it is no program the kernel can start "
                   "(not an executable file of this machine, nor a script with a #! line): " +
                   why;
        if (v[1] == ENOENT)
            return "cannot run " + request.program +
                   ": its interpreter (the #! line) or a "
                   "library it needs is missing: " +
                   why;
        return "cannot run " + request.program + ": " + why;
    }
    return {};
}

} // namespace ipcsim::core
