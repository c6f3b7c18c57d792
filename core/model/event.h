// One thing that really happened in a run: a phase of a step reported by a worker, an exit seen
// by the supervisor, or an engine finding (blocked in the kernel, deadlock, timeout, stop).
#pragma once

#include "model/deadlock.h"
#include "scenario/script.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace ipcsim::core {

// The model's phases; the worker's (wire::Phase) are converted to these in one place
// (engine/stepevent.cpp). Exit is the supervisor's: no worker reports its own end.
enum class Phase : uint8_t
{
    Gate,
    Begin,
    End,
    Error,
    Exit
};

struct Event
{
    enum Kind : uint8_t
    {
        Step,      // a phase of a step, reported by the worker (phase Gate/Begin/End/Error)
        Exit,      // a process ended (phase Exit): exitCode or termSignal; from waitid
        Started,   // a process was launched: pid
        Blocked,   // the kernel confirms the process sleeps in its current step: text = wchan,
                   // syscall (read from /proc)
        Unblocked, // the process left that sleep (it is running again)
        Deadlock,  // engine: every live process blocked for good; waits and cycle below
        Timeout,   // engine: the run reached its timeout
        Stopped,   // engine: the user (or the caller) stopped the run
        Dropped,   // engine: a worker's telemetry ring overflowed; records lost
        Released,  // engine: the scheduler released this process's gate (step mode)
        Sample,    // engine: a kernel reading. proc >= 0: cpuNs, switches, and for a program
                   // ioRead/ioWritten; res >= 0: kernelValue
        Suspended, // the kernel stopped the process (waitid CLD_STOPPED): sig = the signal,
                   // SIGSTOP; line, op and res: where it was. It runs nothing until SIGCONT
        Continued, // SIGCONT let a stopped process go on (waitid CLD_CONTINUED): sig = SIGCONT
    };

    Kind kind = Step;
    Phase phase = Phase::Begin;
    qint64 tNs = 0; // nanoseconds since the run started (CLOCK_MONOTONIC)
    int proc = -1;  // instance index, -1 for the engine
    int pid = 0;
    quint32 seq = 0; // step number within the process
    int line = 0;    // script line
    Op op = Op::None;
    int res = -1;    // resource index (Signal: -1, see target)
    int target = -1; // Signal: target instance index
    int err = 0;     // errno of an Error (0 with RuntimeError flag: a script error)
    int sig = 0;     // Signal/Await
    // What the worker said of the step besides its result:
    bool ownerDied = false;     // lock: the previous owner died; the mutex was made consistent
    bool spinning = false;      // Begin of a spinlock lock that found it held (Blocked: still so)
    bool partial = false;       // one of several End records of one step (a signal to each replica)
    bool eof = false;           // read/receive returned 0 bytes: every writer had closed
    bool queued = false;        // await: the signal came with its value (sigqueue), not from kill
    bool shared = false;        // lockfile ... shared
    bool scriptError = false;   // Error from the script itself (division by zero...): err is 0
    bool waitedForRoom = false; // socket write/send: no room when it came, it slept for a read
    QByteArray text;            // data read/received/sent, printed line, error message
    // The engine's readings of the kernel, by name:
    int syscall = -1;       // Blocked: the system call it sleeps in (/proc/PID/syscall)
    qint64 records = 0;     // Dropped: telemetry records lost
    qint64 cpuNs = -1;      // Sample of a process: its time on a CPU, in ns (-1: not read)
    qint64 switches = 0;    // Sample of a process: voluntary + involuntary context switches
    qint64 kernelValue = 0; // Sample of a resource: queue depth (mq_getattr) or semaphore
                            // value (sem_getvalue)
    qint64 ioRead = -1;     // Sample of a program: /proc/PID/io rchar (-1: not read)
    qint64 ioWritten = -1;  // and wchar
    // Exit
    int exitCode = -1;  // >= 0 when the process exited
    int termSignal = 0; // > 0 when a signal ended it
    bool coreDumped = false;
    DeadlockFinding deadlock; // Deadlock: who waits on what, and the circle

    bool isStep() const { return kind == Step; }

    // A step's results, by name.
    // A gate: $i of the innermost repeat around it (-1: none).
    qint64 loopIndex() const { return m_value; }
    // write, read, send, receive: the bytes moved (a read's 0: end of file); their Begin, the
    // bytes asked for. A System V queue's and a datagram's count is the message's.
    qint64 bytes() const { return m_value; }
    // load, store, add: the cell's index, and the value loaded, stored, or there after the add.
    qint64 cell() const { return m_aux; }
    qint64 cellValue() const { return m_value; }
    // trywait, trylock (End): whether it took it (its register's 1) or found it taken (0).
    bool took() const { return m_value != 0; }
    // send, receive: a POSIX queue's message priority, a System V queue's message type (a
    // receive's Begin: the type it asks for, 0 any, -N the lowest up to N).
    qint64 priority() const { return m_aux; }
    qint64 messageType() const { return m_aux; }
    // An eventfd's write and read (End): what was added to its counter, or taken from it.
    qint64 amount() const { return m_aux; }
    // signal ... value N, await (End): the value the signal carried (0 when sent with kill).
    qint64 signalValue() const { return m_value; }
    // sleep, compute: the milliseconds it asked for.
    qint64 ms() const { return m_value; }
    // accept: who is at the other end, a unix socket's peer pid (SO_PEERCRED) or a tcp
    // socket's peer port; connect on tcp: its own port, which that accept reports (0: none).
    qint64 peer() const { return m_aux; }
    // arrive (End): whether pthread_barrier_wait chose this process as the crossing's serial
    // one (PTHREAD_BARRIER_SERIAL_THREAD: one per crossing).
    bool serial() const { return m_value != 0; }
    // accept, connect (End): the descriptor the call gave the worker.
    qint64 descriptor() const { return m_value; }
    // exit N (Begin): N, the code the script exits with.
    qint64 exitArgument() const { return m_value; }
    // A semaphore's wait, trywait and post (End): its value after the call.
    qint64 semaphoreValue() const { return m_value; }
    // The Begin of a lock (a mutex's, a rwlock's, a spinlock's, a condition's wait): the
    // instance that held it then (-1: nobody).
    int holder() const { return int(m_aux); }
    // signal (End, one per target): the target's pid; await (End): the sender's (si_pid).
    qint64 otherPid() const { return m_aux; }

    // A step's two numbers as the worker's record carries them (wire::StepRecord's value and
    // aux): what each means depends on the statement and the phase, which the names above say
    // once. Only the record's conversion (engine/stepevent.cpp) sets them; the traces and the
    // event log read them as they are for what has no name, and a test playing a worker's part
    // sets them as its record would.
    qint64 recordValue() const { return m_value; }
    qint64 recordAux() const { return m_aux; }
    void setRecord(qint64 value, qint64 aux)
    {
        m_value = value;
        m_aux = aux;
    }

private:
    qint64 m_value = 0;
    qint64 m_aux = 0;
};

using EventBatch = QList<Event>;

const char *phaseName(Phase p); // "gate", "begin", "end", "error", "exit"

} // namespace ipcsim::core

Q_DECLARE_METATYPE(ipcsim::core::Event)
Q_DECLARE_METATYPE(ipcsim::core::EventBatch)
