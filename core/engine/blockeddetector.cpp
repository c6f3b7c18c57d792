#include "engine/blockeddetector.h"

#include "engine/kernelobject.h"

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

} // namespace ipcsim::core
