#include "engine/watcher.h"

#include "ipc/purge.h"
#include "ipc/syscall.h"

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

[[noreturn]] void watch(int fd, const char *dir, const char *lockPath)
{
    // Keep only the pipe (as descriptor 0); drop everything else, the session lock first.
    dup2(fd, 0);
    syscall(SYS_close_range, 1, ~0U, 0);
    setsid(); // not in the terminal's process group: Ctrl+C must not kill the cleaner
    struct sigaction ign = {};
    ign.sa_handler = SIG_IGN;
    sigaction(SIGINT, &ign, nullptr);
    sigaction(SIGHUP, &ign, nullptr);
    sigaction(SIGTERM, &ign, nullptr);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);

    int32_t pgid = 0;
    for (;;) {
        int32_t v;
        const ssize_t n = read(0, &v, sizeof v);
        if (n == ssize_t(sizeof v)) {
            pgid = v;
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        break; // EOF: the parent closed the pipe or died
    }
    if (pgid > 0) kill(-pgid, SIGKILL);
    const int lock = open(lockPath, O_RDONLY | O_CLOEXEC);
    if (lock < 0) _exit(0); // already cleaned up
    while (flock(lock, LOCK_EX) != 0 && errno == EINTR) {
    }
    purgeSessionDirectory(dir);
    _exit(0);
}

} // namespace

Watcher::~Watcher()
{
    finish();
}

bool Watcher::start(const std::string &sessionDir, std::string *error)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) != 0) {
        *error = sys::describe("pipe2 for the watcher", errno);
        return false;
    }
    const std::string lock = sessionDir + "/lock";
    const pid_t pid = fork();
    if (pid < 0) {
        *error = sys::describe("fork of the watcher", errno);
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        close(p[1]);
        watch(p[0], sessionDir.c_str(), lock.c_str());
    }
    close(p[0]);
    m_pid = pid;
    m_fd = p[1];
    return true;
}

void Watcher::setProcessGroup(pid_t pgid)
{
    if (m_fd < 0) return;
    const int32_t v = pgid;
    sys::retry([&] { return write(m_fd, &v, sizeof v); });
}

void Watcher::finish()
{
    if (m_fd >= 0) {
        setProcessGroup(0);
        close(m_fd);
        m_fd = -1;
    }
    if (m_pid > 0) {
        sys::retry([&] { return waitpid(m_pid, nullptr, 0); });
        m_pid = -1;
    }
}

} // namespace ipcsim::core
