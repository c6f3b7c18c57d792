#include "engine/deadlockdetector.h"

#include "engine/kernelobject.h"
#include "engine/waitgraph.h"
#include "ipc/wire.h"
#include "probe/procprobe.h"

#include <sys/syscall.h>

namespace ipcsim::core {

bool DeadlockWatch::confirm(bool candidate, quint64 events)
{
    if (!candidate) {
        m_streak = 0;
        return false;
    }
    m_streak = events == m_events ? m_streak + 1 : 1;
    m_events = events;
    return m_streak >= 2;
}

namespace {

// Where p sleeps now, when its kind says a process woken there sleeps on another object next
// (a condition's waiter, notified, on its mutex): the kernel says, by the futex word its system
// call waits on (/proc/PID/syscall), in the slot of which object of the session segment (at
// the address /proc/PID/maps gives). -1: where its step is.
int sleepsNowOn(const Scenario &scenario, const RunProcess &p)
{
    if (p.exec || p.res < 0 || size_t(p.res) >= scenario.resources.size()) return -1;
    const KindEngine &kind = kindEngine(scenario.resources[size_t(p.res)].type);
    const int then = kind.thenSleepsOn ? kind.thenSleepsOn(p.res, scenario) : -1;
    if (then < 0) return -1;
    const ProcSample s = sampleProcess(p.pid);
    const quint64 base = memfdMapping(p.pid, wire::kSessionMemfdName);
    if (!s.ok || s.syscall != SYS_futex || base == 0) return -1;
    const quint64 slot = base + wire::kSyncOffset + quint64(then) * sizeof(wire::SyncSlot);
    return s.args[0] >= slot && s.args[0] < slot + sizeof(wire::SyncSlot) ? then : -1;
}

} // namespace

DeadlockFinding findDeadlock(const Scenario &scenario, const KernelObjects &objects,
                             std::span<const RunProcess> procs)
{
    WaitGraph graph(scenario, objects);
    for (const RunProcess &p : procs) {
        if (p.ended) continue;
        if (const int res = sleepsNowOn(scenario, p); res >= 0)
            graph.addBlocked(p.index, p.pid, Op::Lock, res, p.sig); // to take it back
        else
            graph.addBlocked(p.index, p.pid, p.exec ? p.execWait.op : p.op,
                             p.exec ? p.execWait.res : p.res, p.sig);
    }
    for (const RunProcess &p : procs)
        graph.setAlive(p.index, !p.ended, p.pid);
    return graph.analyse();
}

} // namespace ipcsim::core
