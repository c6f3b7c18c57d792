// The blocked detector: from samples of one process (/proc: its state, the system call it is
// in, its voluntary context switches), whether it sleeps in its call for good, and, for a
// program that runs no script, which resource of the scenario its call waits on. The rules are
// pure (SleepWatch, execWaitOf; tst_blockeddetector checks them on made-up samples); the
// detector takes the samples of the session's processes and tells what it finds
// (BlockedDetector; tst_blockeddetector again, on real children asleep and running).
#pragma once

#include "model/event.h"
#include "probe/procprobe.h"
#include "scenario/scenario.h"

#include <functional>

namespace ipcsim::core {

// Sleeping in one call across samples, with no voluntary switch between them: the kernel has
// not woken it in between (a process woken and put back to sleep switches again).
class SleepWatch
{
public:
    // Two samples in a row, the same sleep: the process sleeps in its call for good, as far
    // as the kernel goes.
    static constexpr int kSamplesAsleep = 2;

    // Takes one more sample; true once it has slept through kSamplesAsleep in a row.
    bool sample(const ProcSample &s);
    // It ran a step, or another process did that may have woken it: count again.
    void reset() { m_streak = 0; }
    bool asleep() const { return m_streak >= kSamplesAsleep; }

private:
    int m_streak = 0;
    quint64 m_lastSwitches = ~0ULL;
};

// What a program (an exec process) asleep in a system call waits on, the call's descriptor
// told by its first argument: a read of stdin, a write to stdout or stderr, or (before the
// program starts: the launcher opens FIFOs first, stdin's first) the open of a FIFO. res is
// -1 when the call waits on nothing of the scenario (a timer, a child of its own): such a
// program waits for no process, so it is not blocked in the contract's sense.
struct ExecWait
{
    Op op = Op::None;
    int res = -1;
};
ExecWait execWaitOf(const ProcessSpec &program, const std::vector<ResourceSpec> &resources,
                    const ProcSample &s);

struct RunProcess;

// Samples a process inside its step and tells, once, that it is blocked: the kernel has it
// asleep in its call for good (two samples), and nothing its step waits on is there to let it
// go on. A spinner is running as the kernel sees it: it is blocked while another process
// holds the lock. A program (exec) has no steps: what it sleeps on is what its system call
// waits for, and it is told when it runs again.
class BlockedDetector
{
public:
    // What the kernel cannot see, from the session's objects: whether what p's step waits on
    // is there already (a token, a message, its own signal pending), and who holds a spinlock
    // (-1: nobody).
    struct Objects
    {
        std::function<bool(const RunProcess &p, const ProcSample &s)> letsGoOn;
        std::function<int(int res)> spinHolder;
    };
    // tell: a Blocked or Unblocked event of p, its time not set.
    using Tell = std::function<void(Event &&e)>;
    BlockedDetector(const Scenario &scenario, Objects objects, Tell tell);

    // One sample of p: whether it is blocked now (p.blocked), told the first time it is.
    bool sample(RunProcess &p);

private:
    const Scenario &m_scenario;
    Objects m_objects;
    Tell m_tell;
};

} // namespace ipcsim::core
