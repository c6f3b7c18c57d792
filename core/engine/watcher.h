// A small process that outlives ipcsim if ipcsim is killed: it waits for its parent to vanish
// (end of file on a pipe only the parent holds), then kills what is left of the run and purges
// the session's objects and folder. Forked, not exec'd: it runs only async-signal-safe code.
#pragma once

#include <string>
#include <sys/types.h>

namespace ipcsim::core {

class Watcher
{
public:
    Watcher() = default;
    ~Watcher();
    Watcher(const Watcher &) = delete;
    Watcher &operator=(const Watcher &) = delete;

    bool start(const std::string &sessionDir, std::string *error);
    // Tells the watcher which process group to kill if ipcsim dies (0: none is left).
    void setProcessGroup(pid_t pgid);
    // Normal end: everything is already removed; the watcher exits and is reaped. Returns
    // false if it was gone before (killed from outside): had ipcsim died too, what it left
    // would have stayed until the next start purged it.
    bool finish();
    pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    bool m_lost = false;
};

} // namespace ipcsim::core
