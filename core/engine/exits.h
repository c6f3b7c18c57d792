// A child's end as its parent gets it (wait4): what it still has to tell, read from the kernel
// before it is gone (its whole time on a CPU and its context switches, from the reaping; a
// program's I/O counters, read while it is a zombie, since a program of a fast pipeline may
// end before any sample saw it), and its exit as the kernel gave it: a code, or the signal
// that killed it and whether it dumped core, and for a program that could not start (127),
// why. The session tells them in that order, after what the process reported.
#pragma once

#include "engine/runprocess.h"
#include "engine/runresult.h"
#include "model/event.h"

namespace ipcsim::core {

struct Reaping
{
    bool reaped = false; // the kernel gave its status: it has ended (else it runs on)
    int status = 0;      // as wait4 gives it
    // Its last readings, a Sample (cpuNs -1 and ioWritten -1: nothing could be read).
    Event last;
    bool readSomething() const { return last.ioWritten >= 0 || last.cpuNs >= 0; }
};

// A program reports no steps: what it moved is read from its I/O counters (rchar, wchar), into
// a Sample (also the session's, ten times a second).
void readProgramIo(Event &e, pid_t pid);

// Looks for p's end without waiting (WNOHANG), and reaps it if it has ended.
Reaping reap(const RunProcess &p);

// p's exit from its status: p's fields set (ended, its code or signal), the run's record of it
// (x), and its Exit event (its time not set). A program that exited 127 says why it could not
// become its program, from the launcher's report.
Event exitOf(RunProcess &p, int status, ProcessExit &x);

} // namespace ipcsim::core
