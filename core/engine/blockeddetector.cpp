#include "engine/blockeddetector.h"

#include "engine/kernelobject.h"
#include "engine/runprocess.h"
#include "scenario/statements.h"

#include <sys/syscall.h>

namespace ipcsim::core {

bool SleepWatch::sample(const ProcSample &s)
{
    const bool sleeping = s.sleeping() && s.syscall >= 0;
    if (sleeping && s.voluntarySwitches == m_lastSwitches)
        ++m_streak;
    else
        m_streak = sleeping ? 1 : 0;
    m_lastSwitches = s.voluntarySwitches;
    return asleep();
}

ExecWait execWaitOf(const ProcessSpec &program, const std::vector<ResourceSpec> &resources,
                    const ProcSample &s)
{
    ExecWait w;
    const quint64 fd = s.args[0];
    switch (s.syscall) {
    case SYS_read:
    case SYS_readv:
    case SYS_pread64:
    case SYS_preadv:
        w.op = Op::Read;
        if (fd == 0) w.res = program.stdinRes;
        break;
    case SYS_write:
    case SYS_writev:
    case SYS_pwrite64:
    case SYS_pwritev:
        w.op = Op::Write;
        if (fd == 1) w.res = program.stdoutRes;
        if (fd == 2) w.res = program.stderrRes;
        break;
    case SYS_openat:
#ifdef SYS_open
    case SYS_open:
#endif
        for (int res : {program.stdinRes, program.stdoutRes, program.stderrRes})
            if (res >= 0 && kindEngine(resources[size_t(res)].type).openWaitsForPeer) {
                w.res = res;
                w.op = res == program.stdinRes ? Op::Read : Op::Write;
                break;
            }
        break;
    default:
        break;
    }
    return w;
}

BlockedDetector::BlockedDetector(const Scenario &scenario, Objects objects, Tell tell)
    : m_scenario(scenario), m_objects(std::move(objects)), m_tell(std::move(tell))
{
}

bool BlockedDetector::sample(RunProcess &p)
{
    if (p.ended || p.stoppedBy) return false; // stopped: SIGCONT, not another process, wakes it
    if (!p.exec && (!p.inStep || !statementInfo(p.op).mayBlock)) return false;
    const ProcSample s = sampleProcess(p.pid, !p.blockedReported);
    if (!s.ok) return false;
    if (p.spinning && !p.exec) {
        // The kernel sees a spinner running; the spinlock word says whether it can get in.
        // Spinning on a lock it holds itself (a relock) can never end.
        const int held = m_objects.spinHolder(p.res);
        p.blocked = held >= 0 && (held != p.index || p.spinHolder == p.index);
    } else if (p.exec) {
        // A program runs no script: its system call says what it sleeps on.
        const ProcessSpec &program =
            m_scenario.processes[size_t(m_scenario.instances[size_t(p.index)].spec)];
        p.execWait = execWaitOf(program, m_scenario.resources, s);
        p.blocked = p.sleep.sample(s) && p.execWait.res >= 0;
    } else {
        p.blocked = p.sleep.sample(s) && !m_objects.letsGoOn(p, s);
    }
    if (p.blocked && !p.blockedReported) {
        p.blockedReported = true;
        Event e;
        e.kind = Event::Blocked;
        e.proc = p.index;
        e.pid = p.pid;
        if (p.exec) {
            // A program has no steps: what it sleeps on is what its system call waits for.
            e.op = p.execWait.op;
            e.res = p.execWait.res;
        } else {
            e.seq = p.seq;
            e.line = p.line;
            e.op = p.op;
            e.res = p.res;
        }
        e.syscall = int(s.syscall);
        e.text = s.wchan;
        e.spinning = p.spinning;
        m_tell(std::move(e));
    } else if (p.exec && !p.blocked && p.blockedReported) {
        // Nor an End to say it woke: the detector says so when it sees it run again.
        p.blockedReported = false;
        Event e;
        e.kind = Event::Unblocked;
        e.proc = p.index;
        e.pid = p.pid;
        m_tell(std::move(e));
    }
    return p.blocked;
}

} // namespace ipcsim::core
