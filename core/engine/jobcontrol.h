// The processes' job control as their parent sees it (waitid WSTOPPED | WCONTINUED): a stop by
// SIGSTOP, from a script or from outside, and the SIGCONT that lets the process go on, each
// told as an event in its place among the steps. What a process reported before it stopped is
// taken first; a continue is told before the first step after it, and no later than the kill()
// of the script that sent SIGCONT returned, since the kernel continues a process inside that
// call (it stops one only when it next runs).
#pragma once

#include "engine/runprocess.h"
#include "model/event.h"

#include <functional>
#include <sys/wait.h>

namespace ipcsim::core {

class JobControl
{
public:
    // drain: takes what p (and every other process) reported up to now. tell: tells a Suspended or
    // Continued event of p with its signal, its time no later than notAfterNs when that is >= 0.
    using Drain = std::function<void(RunProcess &p)>;
    using Tell = std::function<void(RunProcess &p, Event::Kind kind, int sig, qint64 notAfterNs)>;
    JobControl(Drain drain, Tell tell);

    // Looks once, without waiting, for what the kernel has to tell of p's job control. which:
    // WSTOPPED and/or WCONTINUED (only WCONTINUED while the rings are being merged, since a
    // stop drains the rings); notAfterNs: a continue found came by then (-1: no such bound).
    void look(RunProcess &p, int which = WSTOPPED | WCONTINUED, qint64 notAfterNs = -1);
    // p reported a step at tNs: stopped, it has been continued before that step.
    void stepped(RunProcess &p, qint64 tNs);
    // A script's signal reached p (the sender's kill() returned at tNs).
    void signalled(RunProcess &p, int sig, qint64 tNs);
    // p was reaped with status: stopped, it could die only of SIGKILL, so anything else means
    // it was continued first.
    void reaped(RunProcess &p, int status);

private:
    void continued(RunProcess &p, qint64 notAfterNs);

    Drain m_drain;
    Tell m_tell;
};

} // namespace ipcsim::core
