// The deadlock detector: when the processes of a run are stuck for good, and who waits for
// whom. A poll offers a candidate when every live process is blocked (the kernel confirmed it,
// or it spins on a spinlock another holds) and none waits at its gate; DeadlockWatch confirms
// it once seen in two polls with no event told between them (pure: tst_deadlockdetector). Then
// findDeadlock builds the wait-for graph from each process as the engine tracks it (or, for
// one woken that sleeps on another object before its call returns, where the kernel says it
// sleeps), and each kind's rule says who could wake whom (engine/waitgraph.h; tst_waitgraph).
#pragma once

#include "engine/runprocess.h"
#include "model/deadlock.h"

#include <span>

namespace ipcsim::core {

class KernelObjects;

class DeadlockWatch
{
public:
    // One poll's look at the run, with how many events it has told so far: whether it is a
    // candidate (every live process blocked, none at its gate). True once two polls in a row
    // saw a candidate with no event between them: the processes are deadlocked.
    bool confirm(bool candidate, quint64 events);
    // A step was released: the run moves, and what was seen before counts no more.
    void reset() { m_streak = 0; }

private:
    int m_streak = 0;
    quint64 m_events = ~0ULL;
};

// Who waits for whom among the processes (a program by what its system call waits on), and
// which of them are alive.
DeadlockFinding findDeadlock(const Scenario &scenario, const KernelObjects &objects,
                             std::span<const RunProcess> procs);

} // namespace ipcsim::core
