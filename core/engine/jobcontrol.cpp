#include "engine/jobcontrol.h"

#include "ipc/syscall.h"

#include <csignal>
#include <utility>

namespace ipcsim::core {

JobControl::JobControl(Drain drain, Tell tell) : m_drain(std::move(drain)), m_tell(std::move(tell))
{
}

void JobControl::look(RunProcess &p, int which, qint64 notAfterNs)
{
    if (p.ended || p.pid <= 0) return;
    siginfo_t si{};
    if (sys::retry([&] { return waitid(P_PID, id_t(p.pid), &si, which | WNOHANG); }) != 0 ||
        si.si_pid != p.pid)
        return;
    if (si.si_code == CLD_CONTINUED) {
        p.stopComing = false; // (stopped and continued between two looks)
        if (p.stoppedBy) continued(p, notAfterNs);
        return;
    }
    if (si.si_code != CLD_STOPPED) return;
    // What it reported before it stopped comes first.
    m_drain(p);
    p.stoppedBy = si.si_status;
    p.stopComing = false;
    p.blocked = false;
    p.sleep.reset();
    m_tell(p, Event::Suspended, si.si_status, -1);
}

void JobControl::stepped(RunProcess &p, qint64 tNs)
{
    if (!p.stoppedBy) return;
    // The kernel's report of the continue is taken, if it is still there (the process may be
    // reaped already).
    look(p, WCONTINUED, tNs);
    if (p.stoppedBy) continued(p, tNs);
}

void JobControl::signalled(RunProcess &p, int sig, qint64 tNs)
{
    if (p.ended) return;
    if (sig == SIGSTOP && !p.stoppedBy) p.stopComing = true; // a stopped one stays as it is
    if (sig == SIGCONT && p.stoppedBy) look(p, WCONTINUED, tNs);
}

void JobControl::reaped(RunProcess &p, int status)
{
    if (p.stoppedBy && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) continued(p, -1);
    p.stopComing = false;
}

void JobControl::continued(RunProcess &p, qint64 notAfterNs)
{
    p.stoppedBy = 0;
    m_tell(p, Event::Continued, SIGCONT, notAfterNs);
}

} // namespace ipcsim::core
