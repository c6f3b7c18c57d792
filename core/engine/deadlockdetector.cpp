#include "engine/deadlockdetector.h"

#include "engine/waitgraph.h"

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

DeadlockFinding findDeadlock(const Scenario &scenario, const KernelObjects &objects,
                             std::span<const RunProcess> procs)
{
    WaitGraph graph(scenario, objects);
    for (const RunProcess &p : procs)
        if (!p.ended)
            graph.addBlocked(p.index, p.pid, p.exec ? p.execWait.op : p.op,
                             p.exec ? p.execWait.res : p.res, p.sig);
    for (const RunProcess &p : procs)
        graph.setAlive(p.index, !p.ended, p.pid);
    return graph.analyse();
}

} // namespace ipcsim::core
