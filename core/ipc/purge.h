// Removes what a session left behind: every named object its manifest records, then its folder.
// Async-signal-safe (no allocation, raw system calls), so the watcher, a process forked from a
// multi-threaded program, can call it after its parent died.
#pragma once

#include <string>

namespace ipcsim::core {

// The manifest is a text file, one object per line: "shm NAME" or "mq NAME" (POSIX names with
// their leading slash), "sysv-msg KEY" or "sysv-sem KEY" (a System V message queue's or
// semaphore set's key, in decimal: it is removed with IPC_RMID). Returns the number of objects
// it removed.
int purgeSessionDirectory(const char *dir);

// Whether dir looks like a session folder of ours: basename "ipcsim-<digits>-<alnum>".
bool isSessionDirectoryName(const char *name);

// Kills (SIGKILL) every process of this user whose environment holds the line marker
// ("IPCSIM_SESSION=/run/user/0/ipcsim-4242-x8Fq2a"): what a session's programs started and
// put out of its process group (setsid, a daemon's double fork). Returns how many.
// Async-signal-safe, not thread-safe (static buffers).
int killSessionProcesses(const char *marker);
// The line a session puts in the environment of every process it starts.
inline std::string sessionMarker(const std::string &sessionDir)
{
    return "IPCSIM_SESSION=" + sessionDir;
}

} // namespace ipcsim::core
