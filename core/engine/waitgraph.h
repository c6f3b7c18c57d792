// Who waits for what, and who could wake whom: the deadlock report. Each kind of resource
// answers "who can let this process go on" its own way (a mutex its owner, a file lock the
// holder F_GETLK names, a pipe whoever holds the other end, a semaphore any script that posts
// it, a barrier the processes that have not arrived, a signal whoever signals this process).
#pragma once

#include "model/deadlock.h"
#include "scenario/scenario.h"

#include <sys/types.h>
#include <vector>

namespace ipcsim::core {

class KernelObjects;

class WaitGraph
{
public:
    WaitGraph(const Scenario &scenario, const KernelObjects &objects);
    void addBlocked(int proc, pid_t pid, Op op, int res, int sig);
    void setAlive(int proc, bool alive, pid_t pid);
    DeadlockFinding analyse() const;

    // Instances that could let proc go on (exposed for tests and the narration).
    std::vector<int> wakers(int proc) const;

private:
    struct Node
    {
        bool blocked = false;
        bool alive = false;
        pid_t pid = 0;
        Op op = Op::None;
        int res = -1;
        int sig = 0;
    };
    DeadlockWait waitOf(int proc) const;
    int instanceOfPid(pid_t pid) const;

    const Scenario &m_scenario;
    const KernelObjects &m_objects;
    std::vector<Node> m_nodes;
};

} // namespace ipcsim::core
