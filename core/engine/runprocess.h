// One process of a run, as the engine tracks it: the handles it holds of it (pid, pidfd, the
// control socket, the telemetry ring, their notifiers, a program's output) and where it is in
// its script, followed from its records. The session owns one per instance; the blocked
// detector, the scheduler's standings and the teardown read it.
#pragma once

#include "engine/blockeddetector.h"
#include "engine/launcher.h"
#include "ipc/wire.h"
#include "scenario/script.h"

#include <QByteArray>
#include <QList>
#include <QtGlobal>

#include <map>
#include <sys/types.h>

class QSocketNotifier;

namespace ipcsim::core {

struct RunProcess
{
    int index = 0;
    bool exec = false;
    pid_t pid = -1;
    int pidfd = -1;
    int ctl = -1; // engine end of the control socket
    wire::RingHeader *ring = nullptr;
    QSocketNotifier *exitNotifier = nullptr;
    QSocketNotifier *ctlNotifier = nullptr;
    bool hello = false;
    bool ended = false;
    int exitCode = -1;
    int termSignal = 0;
    bool coreDumped = false;
    bool killedByEngine = false;
    bool atGate = false;
    bool gateMessage = false; // a Gate message was read, not yet acted on
    // The step in progress, from the records.
    bool inStep = false;
    quint32 seq = 0;
    int line = 0;
    Op op = Op::None;
    int res = -1;
    int sig = 0;
    bool spinning = false;
    int spinHolder = -1;    // the spinlock's holder when the spin began (the Begin record's aux)
    qint64 spinTicket = -1; // its ticket in the spinlock's queue (the Begin record's value)
    ExecWait execWait;      // a program: what its system call waits on (res -1: nothing of ours)
    SleepWatch sleep;       // the kernel's confirmation of "blocked"
    bool blocked = false;
    bool blockedReported = false;
    // Stopped by a signal (SIGSTOP) and not continued, as waitid tells its parent: that signal,
    // else 0. A stopped process runs nothing until SIGCONT; it is neither blocked nor ready.
    int stoppedBy = 0;
    bool stopComing = false; // a script sent it SIGSTOP; the kernel has not yet stopped it
    quint64 droppedSeen = 0;
    quint64 waitedSeen = 0; // ns the worker waited for room in its ring, as last read
    int launchReport = -1;  // why it could not become its program, if so (launchFailure)
    SpawnRequest launched;
    // Texts that came on the socket, by their record's seq and phase (a step's gate and its
    // Begin may each send one).
    std::map<std::pair<quint32, quint8>, QByteArray> texts;
    // exec process: what it writes to a stdout/stderr that is no resource of the scenario
    int outFd = -1;
    QSocketNotifier *outNotifier = nullptr;
    QByteArray outPending;
    quint32 outLines = 0;

    // Where it is, from one of its records: a gate names the step it waits to take; a Begin
    // starts that step (and says whether it spins on a held spinlock, with what holder and
    // ticket); its End (the last of several, for a signal to every replica) or an Error ends it.
    void follow(const wire::StepRecord &r);
    // Lets go of every handle it holds: its notifiers, descriptors and ring. What it was told
    // (its end, its step) stays, for the run's result.
    void closeHandles();

    // What it tells the engine besides its records, read from its handles.
    // Its control socket, read until it is empty: its hello, a gate reached (gateMessage), the
    // texts too long for a record (texts, by seq). A socket closed (the worker gone) turns its
    // notifier off.
    void readMessages();
    // A program's output: a bounded amount read (a program that writes without pause never
    // lets its pipe run dry), and the whole lines it completes, a line longer than kMaxLine in
    // pieces of that size. At the program's end (final) all it left, and the rest of a line.
    QList<QByteArray> readOutput(bool final = false);
    static constexpr qsizetype kMaxLine = 65536;
    // Its ring's counters since the last call: the time its worker waited for room, the
    // records it dropped.
    struct RingNews
    {
        quint64 waitedNs = 0;
        quint64 dropped = 0;
    };
    RingNews ringNews();
};

} // namespace ipcsim::core
