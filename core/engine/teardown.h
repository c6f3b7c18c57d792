// The end of a run's processes: what is left is killed all at once, then every child is
// reaped, so that no process and no zombie of the run stays behind (DESIGN.md, invariant 5).
// The session calls it when a run ends however it ends; the watcher, when ipcsim dies, kills
// the same way (it has no children to reap: they were ipcsim's).
#pragma once

#include <span>
#include <sys/types.h>
#include <vector>

namespace ipcsim::core {

// Kills (SIGKILL) the run's process group pgid (0: none yet), then with marker (null: the run
// has no programs) every process carrying the session's marker in its environment, which
// programs put out of the group (setsid, a daemon's double fork), then each of alive (<= 0:
// none) that may have left the group. All at once: killing one first could release a lock
// that lets another finish on its own. Async-signal-safe.
void killRun(pid_t pgid, const char *marker, std::span<const pid_t> alive = {});

// Waits for each child of alive (<= 0: none) to end, and reaps it: its wait status, by index
// (-1 where there was none, or it was not ours to wait for).
std::vector<int> reapAll(std::span<const pid_t> alive);

} // namespace ipcsim::core
