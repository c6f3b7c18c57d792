// Starts one child process the safe way: everything prepared before fork(); after it only
// async-signal-safe calls: own process group, death signal tied to the parent, default signal
// dispositions and an empty mask, exactly the descriptors asked for, lower priority, no core.
#pragma once

#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

namespace ipcsim::core {

struct SpawnRequest
{
    std::string program;                  // absolute path (resolve with findProgram first)
    std::vector<std::string> argv;        // argv[0] included
    std::vector<std::pair<int, int>> fds; // (descriptor in the parent, number in the child)
    // Paths the child opens itself (a FIFO's open blocks until its partner opens: that is the
    // child's business, not the launcher's), placed at the given number.
    struct Open
    {
        std::string path;
        int flags;
        int target;
    };
    std::vector<Open> opens;
    pid_t processGroup = 0; // 0: a new group led by the child
    int niceness = 5;       // workers run below the window's priority
    std::vector<int> cpus;  // CPUs the child may run on (sched_setaffinity); empty: any
    // Added to (or replacing in) ipcsim's environment: "IPCSIM_SESSION=/run/user/0/ipcsim-…",
    // which every process the child starts inherits (killSessionProcesses finds them by it).
    std::vector<std::string> env;
};

struct Spawned
{
    pid_t pid = -1;
    int pidfd = -1; // pollable, readable when the child exits; -1 if the kernel has no pidfd_open
    int reportFd = -1; // non-blocking; holds why the child could not run its program (see
                       // launchFailure); the caller closes it
};

// Forks and execs. On failure returns pid -1 and sets *error. If exec fails in the child it
// exits with 127.
Spawned spawnProcess(const SpawnRequest &request, std::string *error);
// Once the child has ended (with 127): why it could not become its program ("cannot run
// ./notes.txt: it is no program the kernel can start …"), or empty if it did.
std::string launchFailure(int reportFd, const SpawnRequest &request);

// Finds an executable on PATH (or checks a path with a slash). Empty if none.
std::string findProgram(const std::string &name);

} // namespace ipcsim::core
