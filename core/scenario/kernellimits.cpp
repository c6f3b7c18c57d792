#include "scenario/kernellimits.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <sys/resource.h>

namespace ipcsim::core {

namespace {

// One integer from a /proc/sys file; the default stays where the file cannot be read (no
// mqueue filesystem in a container, for instance).
void readProcInt(const char *path, int64_t *value)
{
    FILE *f = std::fopen(path, "re");
    if (!f) return;
    long long v = 0;
    if (std::fscanf(f, "%lld", &v) == 1 && v > 0) *value = v;
    std::fclose(f);
}

} // namespace

KernelLimits KernelLimits::fromProc()
{
    KernelLimits limits;
    readProcInt("/proc/sys/fs/mqueue/msg_max", &limits.mqMsgMax);
    readProcInt("/proc/sys/fs/mqueue/msgsize_max", &limits.mqMsgsizeMax);
    readProcInt("/proc/sys/kernel/msgmax", &limits.sysvMsgMax);
    readProcInt("/proc/sys/kernel/msgmnb", &limits.sysvMsgMnb);
    readProcInt("/proc/sys/fs/mqueue/queues_max", &limits.mqQueuesMax);
    readProcInt("/proc/sys/kernel/sem", &limits.sysvSemMsl); // SEMMSL, its first field
    readProcInt("/proc/sys/fs/pipe-max-size", &limits.pipeMaxSize);
    struct rlimit rl;
    if (getrlimit(RLIMIT_MSGQUEUE, &rl) == 0) {
        limits.rlimitMsgqueue = rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur > uint64_t(INT64_MAX)
                                    ? INT64_MAX
                                    : int64_t(rl.rlim_cur);
    }
    return limits;
}

KernelLimits KernelLimits::unchecked()
{
    KernelLimits limits;
    limits.mqMsgMax = INT64_MAX;
    limits.mqMsgsizeMax = INT64_MAX;
    limits.mqQueuesMax = INT64_MAX;
    limits.sysvMsgMax = INT64_MAX;
    limits.sysvMsgMnb = INT64_MAX;
    limits.sysvSemMsl = INT64_MAX;
    limits.pipeMaxSize = INT64_MAX;
    limits.rlimitMsgqueue = INT64_MAX;
    return limits;
}

} // namespace ipcsim::core
