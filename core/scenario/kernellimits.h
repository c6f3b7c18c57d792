// The kernel limits a scenario is checked against, read from /proc/sys.
#pragma once

#include <cstdint>

namespace ipcsim::core {

struct KernelLimits
{
    int64_t mqMsgMax = 10;         // /proc/sys/fs/mqueue/msg_max
    int64_t mqMsgsizeMax = 8192;   // /proc/sys/fs/mqueue/msgsize_max
    int64_t mqQueuesMax = 256;     // /proc/sys/fs/mqueue/queues_max
    int64_t sysvMsgMax = 8192;     // /proc/sys/kernel/msgmax: a System V message's bytes
    int64_t sysvMsgMnb = 16384;    // /proc/sys/kernel/msgmnb: a System V queue's bytes
    int64_t sysvSemMsl = 32000;    // /proc/sys/kernel/sem, SEMMSL: semaphores in one set
    int64_t pipeMaxSize = 1048576; // /proc/sys/fs/pipe-max-size
    int64_t maxProcesses = 64;     // what ipcsim itself allows in one scenario
    // The per-user byte budget of all message queues, getrlimit(RLIMIT_MSGQUEUE). Unchecked
    // (INT64_MAX) unless fromProc() read it, so limits built by hand keep their old meaning.
    int64_t rlimitMsgqueue = INT64_MAX;
    int64_t maxShmCells = 1 << 20; // ipcsim's own cap on one shm's cells

    static KernelLimits fromProc(); // falls back to the defaults above where unreadable
    // No kernel limit checked (ipcsim's own wire limits still apply): for re-reading a
    // scenario the engine already validated, e.g. in the worker, whose view of /proc or
    // rlimits must not refuse what the engine accepted.
    static KernelLimits unchecked();
};

} // namespace ipcsim::core
