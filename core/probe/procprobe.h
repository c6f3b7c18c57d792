// Reads what the kernel says about one of our processes from /proc: its state, the system call
// it sleeps in, context switches, pending and blocked signals, wchan, CPU time.
#pragma once

#include <QByteArray>
#include <QtGlobal>
#include <sys/types.h>

namespace ipcsim::core {

struct ProcSample
{
    bool ok = false;
    char state = '?';  // R, S, D, T, t, Z ... (/proc/PID/stat)
    long syscall = -1; // number of the call it is in; -1: running (/proc/PID/syscall)
    quint64 args[6] = {};
    quint64 voluntarySwitches = 0;
    quint64 involuntarySwitches = 0;
    quint64 sigPending = 0; // SigPnd | ShdPnd
    quint64 sigBlocked = 0; // SigBlk
    QByteArray wchan;

    bool sleeping() const { return state == 'S' || state == 'D'; }
    // A signal is waiting for delivery (not merely pending because it is blocked).
    bool signalDeliverable() const { return (sigPending & ~sigBlocked) != 0; }
};

ProcSample sampleProcess(pid_t pid, bool withWchan = false);

// Where a process maps the memfd made with name (memfd_create), from /proc/PID/maps: the start
// of its first mapping; 0: none, or not read.
quint64 memfdMapping(pid_t pid, const char *name);

// A process's I/O counters (/proc/PID/io; readable until it is reaped): bytes passed to and
// from read and write calls of every kind, its loader's reads of libraries included.
struct ProcIo
{
    bool ok = false;
    qint64 rchar = 0, wchar = 0;
};
ProcIo readProcIo(pid_t pid);

// A process's time on a CPU, user and kernel, to the nanosecond: its CPU-time clock
// (clock_getcpuclockid), where /proc/PID/stat counts whole ticks of 10 ms. -1: not read.
qint64 cpuTimeNs(pid_t pid);

} // namespace ipcsim::core
