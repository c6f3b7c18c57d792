// The state of a run's world as the reducer (WorldModel) builds it from events: what each
// process is doing and what each resource holds. The UI draws only this; the CLI prints it.
#pragma once

#include "model/deadlock.h"
#include "model/event.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QString>
#include <QVector>

namespace ipcsim::core {

// Where a number comes from; the UI labels every number with it.
enum class Source : uint8_t
{
    Reported, // reported by the process that did the operation
    Kernel,   // read back from the kernel (/proc, mq_getattr, sem_getvalue, F_GETLK, ...)
    Derived   // computed from reported and kernel numbers (e.g. bytes written minus bytes read)
};
const char *sourceName(Source s); // "reported", "kernel", "derived"

enum class ProcState : uint8_t
{
    NotStarted,
    Starting, // launched, before its first step: the worker starting, then waiting for the
              // others to be ready (an exec process runs its program at once: Running)
    Running,  // between steps, or inside a step that has not blocked
    AtGate,   // stopped at its gate, waiting to be released (step mode or pause)
    InStep,   // began a step that has not ended (may block; not yet confirmed)
    Blocked,  // the kernel confirms it sleeps in the current step
    Spinning, // spinning on a held spinlock (the kernel sees it running)
    Exited,   // exited with exitCode
    Killed    // ended by termSignal
};
const char *procStateName(ProcState s); // "running", "at gate", "blocked", ...

struct RegisterValue
{
    QString name;
    QByteArray value; // text as received, or an integer in decimal
};

// A process's last load of one cell: what a store it computes from it is based on.
struct LoadMark
{
    int res = -1;
    qint64 cell = -1;
    qint64 value = 0;
    qint64 depth = 0; // the version of the cell it saw (kinds/shm/state.h: CellState::depth then)
};

struct ProcessState
{
    QString name;
    int spec = 0;
    int replica = 0;
    bool exec = false;
    int pid = 0;
    ProcState state = ProcState::NotStarted;
    int line = 0;        // current (or last) script line
    Op op = Op::None;    // current (or last) statement
    int res = -1;        // resource of the current statement
    bool shared = false; // the current statement asks for a shared lock ("lock L shared")
    quint32 seq = 0;     // steps begun
    quint32 steps = 0;   // steps ended
    // Its last gate, as reported: what its next step asks for where its kind tells it (a
    // semop's members, a message and its type, an eventfd's amount), for the next-step line.
    Event gate;
    // $i of the innermost repeat at its last gate (Reported; -1: none, or no gate yet).
    qint64 loopIndex() const { return gate.phase == Phase::Gate ? gate.loopIndex() : -1; }
    QString wchan;                  // kernel reading while Blocked
    QList<RegisterValue> registers; // reported values of registers set by steps
    QList<int> holds;               // resources it holds (mutex, spinlock, file lock)
    QList<LoadMark> loads;          // its last load of each cell it loaded
    // The signals its script awaits: it blocks them from the start, so one sent to it waits,
    // pending, until it takes it. Those sent and not yet taken (Derived from the sends and
    // awaits reported): a standard signal once however often it was sent, since the kernel
    // keeps one bit for it; a real-time signal once per send, since the kernel queues them.
    QList<int> awaitedSignals;
    QList<int> pendingSignals;
    int awaiting = 0;      // inside await of this signal (0: none)
    bool awaitFed = false; // a signal sent went straight to that await, not pending
    int exitCode = -1;
    int termSignal = 0;
    // Stopped by this signal (SIGSTOP) and not continued (Kernel: waitid), else 0; whatever
    // its state says it was doing, it does nothing until SIGCONT. Kept at its end: it died
    // stopped.
    int stoppedBy = 0;
    qint64 stoppedNs = 0;   // when it was seen stopped
    qint64 stepBeganNs = 0; // when its current (or last) step began (Reported)
    int stoppedInStep = 0;  // the signal that stopped it inside that step (SIGSTOP), else 0

    // Inside a step's call: begun, not ended (perhaps asleep in it, or spinning).
    bool inCall() const
    {
        return state == ProcState::InStep || state == ProcState::Blocked ||
               state == ProcState::Spinning;
    }
    // Stopped by a signal, and alive: it runs nothing until SIGCONT.
    bool stopped() const
    {
        return stoppedBy && state != ProcState::Exited && state != ProcState::Killed;
    }
    // Lines printed, in order: the first kMaxPrintedKept of them, or more when the scenario
    // expects more (what --check compares), so that a script printing forever holds its
    // memory still; how many in all, and the last.
    static constexpr int kMaxPrintedKept = 10000;
    QStringList printed;
    qint64 printedCount = 0;
    QString lastPrinted;
    QString lastError; // "EPIPE" or a script error message
    qint64 lastEventNs = 0;
    qint64 cpuNs = -1;          // Kernel: its time on a CPU at the last sample (-1: none yet)
    qint64 contextSwitches = 0; // Kernel
    // A program (exec): its I/O counters, /proc/PID/io rchar and wchar (Kernel; -1: none yet)
    qint64 ioRead = -1, ioWritten = -1;
};

struct ResourceState
{
    QString name;
    ResourceType type = ResourceType::Pipe;
    // pipe, fifo, socket: bytes written minus bytes read (Derived); capacity (Kernel when known)
    qint64 level = 0;
    qint64 capacity = 0;
    qint64 bytesWritten = 0; // Reported, total
    qint64 bytesRead = 0;    // Reported, total
    // what each process in a call on it asks for (a set's members; a System V queue's receive:
    // the type), set by its kind at the Begin and gone with the step, as its place among the
    // waiters
    QMap<int, QList<int>> asking;
    // mutex, spinlock, rwlock (its writer), file (an exclusive lock): owner instance or -1
    int owner = -1;
    // every kind: instances in a step on it that began and has not ended, in arrival order
    QList<int> waiters;
    qint64 lastTouchNs = 0;
    // mqueue depth or semaphore value as last read from the kernel (-1: none yet)
    qint64 kernelValue = -1;
    qint64 kernelValueNs = 0;
    // What its kind keeps of it (a queue's messages, shared memory's cells) was read from the
    // kernel at the end of the run (WorldModel::setFinal), in place of what was reported.
    bool readAtTheEnd = false;
    // What its kind keeps of its own (core/kinds/<module>/state.h).
    KindData own;
};

struct WorldState
{
    QVector<ProcessState> processes; // one per instance
    QVector<ResourceState> resources;
    qint64 nowNs = 0;    // time of the last event
    quint64 events = 0;  // events applied
    quint64 dropped = 0; // telemetry records lost
    bool deadlock = false;
    DeadlockFinding deadlockFinding; // who waits on what, and the circle
    bool timedOut = false;
    bool stopped = false;
    bool finished = false; // every process ended
};

} // namespace ipcsim::core
