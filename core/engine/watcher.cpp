#include "engine/watcher.h"
#include "engine/teardown.h"

#include "ipc/purge.h"
#include "ipc/syscall.h"

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

[[noreturn]] void watch(int fd, const char *dir, const char *lockPath, const char *marker)
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
    killRun(pgid, marker); // and what the programs put out of the group (engine/teardown.h)
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
    // A socket, not a pipe: ipcsim writes to it with MSG_NOSIGNAL, so a watcher killed from
    // outside costs ipcsim an EPIPE it notices, not a SIGPIPE that ends it.
    int p[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, p) != 0) {
        *error = sys::describe("socketpair for the watcher", errno);
        return false;
    }
    const std::string lock = sessionDir + "/lock";
    const std::string marker = sessionMarker(sessionDir);
    const pid_t pid = fork();
    if (pid < 0) {
        *error = sys::describe("fork of the watcher", errno);
        close(p[0]);
        close(p[1]);
        return false;
    }
    if (pid == 0) {
        close(p[1]);
        watch(p[0], sessionDir.c_str(), lock.c_str(), marker.c_str());
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
    if (sys::retry([&] { return send(m_fd, &v, sizeof v, MSG_NOSIGNAL); }) < 0) m_lost = true;
}

bool Watcher::finish()
{
    if (m_fd >= 0) {
        setProcessGroup(0);
        close(m_fd);
        m_fd = -1;
    }
    if (m_pid > 0) {
        int status = 0;
        // It exits by itself once the socket is closed; killed by a signal, it was lost.
        if (sys::retry([&] { return waitpid(m_pid, &status, 0); }) == m_pid && WIFSIGNALED(status))
            m_lost = true;
        m_pid = -1;
    }
    return !m_lost;
}

} // namespace ipcsim::core
