// How a run ended, as the engine saw it: per process exits, what the kernel objects held at the
// end (shared memory's cells, a queue's messages, ..., read before they were removed), deadlock
// findings, telemetry losses.
#pragma once

#include "model/deadlock.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ipcsim::core {

struct ProcessExit
{
    QString name;
    int pid = 0;
    bool ended = false;
    int exitCode = -1;           // >= 0: exited
    int termSignal = 0;          // > 0: killed by this signal
    bool killedByEngine = false; // SIGKILL sent by the engine (deadlock, timeout, stop)
    QString failure;             // why it could not become its program (exit 127), if that is why
    int stoppedBy = 0;           // stopped by this signal (SIGSTOP) when it ended, never continued
};

// What the kernel held in one object at the end of a run, read before it was removed.
struct KernelFinal
{
    bool read = false;
    qint64 value = 0;           // semaphore: sem_getvalue; mqueue: messages left; file: bytes
    QList<QByteArray> messages; // mqueue: those left, in the order the kernel delivers them
    QList<qint64> priorities;   // mqueue: theirs
    QList<qint64> values;       // sysv-semaphore: each member's (value: their sum)
    QVector<qint64> cells;      // shared memory, a segment, a mapped file: each cell's value
};

struct RunResult
{
    enum class End : uint8_t
    {
        Completed,
        Deadlock,
        Timeout,
        Stopped,
        EngineError
    };
    End end = End::Completed;
    QString error;             // EngineError: what failed
    QStringList warnings;      // what went wrong around the run, not in it
    QList<ProcessExit> exits;  // one per instance
    QList<KernelFinal> finals; // one per resource (read: those whose kind reads one)
    DeadlockFinding deadlock;  // Deadlock: who waits on what, and the circle
    quint64 events = 0;
    quint64 dropped = 0; // telemetry records lost
    // Workers whose ring was full waited for the engine to read it (none is lost): this long
    // in all, in nanoseconds. Time the processes were slowed by being watched.
    qint64 waitedNs = 0;
    qint64 durationNs = 0;
};

const char *
endName(RunResult::End e); // "completed", "deadlock", "timeout", "stopped", "engine error"

} // namespace ipcsim::core

Q_DECLARE_METATYPE(ipcsim::core::RunResult)
