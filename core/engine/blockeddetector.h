// The blocked detector's reading of the kernel, pure: from samples of one process (/proc: its
// state, the system call it is in, its voluntary context switches), whether it sleeps in its
// call for good, and, for a program that runs no script, which resource of the scenario its
// call waits on. The session takes the samples and asks the objects whether anyone could let
// the process go on; tst_blockeddetector checks these rules on made-up samples.
#pragma once

#include "probe/procprobe.h"
#include "scenario/scenario.h"

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

} // namespace ipcsim::core
