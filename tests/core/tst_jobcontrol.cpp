// The engine's part that watches its children's job control (engine/jobcontrol.h), on real
// children that stop and are continued: what it tells, in which order, and when.
#include "engine/jobcontrol.h"
#include "testsupport.h"

#include <QList>
#include <QTest>

#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

struct Told
{
    Event::Kind kind;
    int sig;
    qint64 notAfterNs;
};

// A child that sleeps until a signal ends it, as the kernel ends a process.
pid_t sleeper()
{
    return ipcsim::test::forkChild([] {
        for (;;)
            pause();
    });
}

} // namespace

class TestJobControl : public QObject
{
    Q_OBJECT

    QList<Told> told;
    QStringList order; // "drain", "Suspended", "Continued"
    JobControl jobs{[this](RunProcess &) { order << QStringLiteral("drain"); },
                    [this](RunProcess &, Event::Kind kind, int sig, qint64 notAfterNs) {
                        told << Told{kind, sig, notAfterNs};
                        order << QString::fromLatin1(kind == Event::Suspended ? "Suspended"
                                                                              : "Continued");
                    }};

    // Looks until the kernel has told something of p (a stop is seen when the child next runs).
    bool lookUntilTold(RunProcess &p, qsizetype count)
    {
        return QTest::qWaitFor(
            [&] {
                jobs.look(p);
                return told.size() >= count;
            },
            20000);
    }

    QList<pid_t> children; // every sleeper, killed and reaped after each test, pass or fail

    pid_t child()
    {
        const pid_t pid = sleeper();
        if (pid > 0) children << pid;
        return pid;
    }

    // p, a new child stopped by SIGSTOP from outside, its stop told; false if it could not be.
    bool stoppedChild(RunProcess &p)
    {
        p.pid = child();
        return p.pid > 0 && kill(p.pid, SIGSTOP) == 0 && lookUntilTold(p, 1);
    }

private Q_SLOTS:
    void init()
    {
        told.clear();
        order.clear();
    }
    void cleanup()
    {
        for (pid_t pid : std::as_const(children)) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        children.clear();
    }

    // SIGSTOP from outside: what the process reported before it stopped is taken first, then
    // its stop; SIGCONT lets it go on, and it is told once.
    void aStopIsToldAfterWhatCameBeforeItAndItsContinueOnce()
    {
        RunProcess p;
        p.blocked = true;
        QVERIFY(stoppedChild(p));
        QCOMPARE(order, (QStringList{"drain", "Suspended"}));
        QCOMPARE(told[0].sig, SIGSTOP);
        QCOMPARE(p.stoppedBy, SIGSTOP);
        QVERIFY(!p.blocked); // stopped: neither blocked nor ready
        kill(p.pid, SIGCONT);
        QVERIFY(lookUntilTold(p, 2));
        QCOMPARE(told[1].kind, Event::Continued);
        QCOMPARE(told[1].sig, SIGCONT);
        QCOMPARE(p.stoppedBy, 0);
        jobs.look(p);
        jobs.look(p);
        QCOMPARE(told.size(), 2);
    }

    // A step reported by a stopped process means it was continued before it: the continue is
    // told then, no later than the step, and the kernel's own report of it is not told again.
    void aStepOfAStoppedProcessIsToldAfterItsContinue()
    {
        RunProcess p;
        QVERIFY(stoppedChild(p));
        kill(p.pid, SIGCONT);
        jobs.stepped(p, 1234);
        QCOMPARE(told.size(), 2);
        QCOMPARE(told[1].kind, Event::Continued);
        QCOMPARE(told[1].notAfterNs, 1234);
        jobs.look(p);
        QCOMPARE(told.size(), 2);
        // A step of a running process tells nothing.
        jobs.stepped(p, 2000);
        QCOMPARE(told.size(), 2);
    }

    // A script's SIGSTOP: the kernel stops the target when it next runs, so the stop is only
    // coming; a script's SIGCONT continues it inside the sender's kill(), so it is told no
    // later than that kill returned.
    void aScriptSSignalsAreToldWhenTheKernelActsOnThem()
    {
        RunProcess p;
        p.pid = child();
        QVERIFY(p.pid > 0);
        kill(p.pid, SIGSTOP);
        jobs.signalled(p, SIGSTOP, 100);
        QVERIFY(p.stopComing);
        QVERIFY(lookUntilTold(p, 1));
        QVERIFY(!p.stopComing);
        kill(p.pid, SIGCONT);
        jobs.signalled(p, SIGCONT, 500);
        QCOMPARE(told.size(), 2);
        QCOMPARE(told[1].kind, Event::Continued);
        QCOMPARE(told[1].notAfterNs, 500);
        // Another signal changes nothing.
        jobs.signalled(p, SIGUSR1, 600);
        QCOMPARE(told.size(), 2);
        QVERIFY(!p.stopComing);
    }

    // Reaped while stopped: SIGKILL is the one death a stopped process can have without being
    // continued; any other end means it was continued first.
    void aStoppedProcessReapedIsContinuedUnlessKilled()
    {
        for (const int death : {SIGKILL, SIGTERM}) {
            init();
            RunProcess p;
            QVERIFY(stoppedChild(p));
            kill(p.pid, death);
            if (death != SIGKILL) kill(p.pid, SIGCONT);
            int status = 0;
            QCOMPARE(waitpid(p.pid, &status, 0), p.pid);
            children.removeAll(p.pid); // reaped: its pid is free for another process
            QVERIFY(WIFSIGNALED(status) && WTERMSIG(status) == death);
            jobs.reaped(p, status);
            QCOMPARE(told.size(), death == SIGKILL ? 1 : 2);
            QCOMPARE(p.stoppedBy, death == SIGKILL ? SIGSTOP : 0);
            QVERIFY(!p.stopComing);
        }
    }
};

QTEST_GUILESS_MAIN(TestJobControl)
#include "tst_jobcontrol.moc"
