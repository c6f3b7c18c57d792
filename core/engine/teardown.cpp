#include "engine/teardown.h"

#include "ipc/purge.h"
#include "ipc/syscall.h"

#include <csignal>
#include <sys/wait.h>

namespace ipcsim::core {

void killRun(pid_t pgid, const char *marker, std::span<const pid_t> alive)
{
    if (pgid > 0) kill(-pgid, SIGKILL);
    if (marker) killSessionProcesses(marker);
    for (pid_t pid : alive)
        if (pid > 0) kill(pid, SIGKILL);
}

std::vector<int> reapAll(std::span<const pid_t> alive)
{
    std::vector<int> statuses(alive.size(), -1);
    for (size_t i = 0; i < alive.size(); ++i) {
        int status = 0;
        if (alive[i] > 0 && sys::retry([&] { return waitpid(alive[i], &status, 0); }) == alive[i])
            statuses[i] = status;
    }
    return statuses;
}

} // namespace ipcsim::core
