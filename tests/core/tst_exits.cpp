// A child's end as the engine gets it (engine/exits.h), on real children: not before it has
// ended, then its whole CPU time and a program's I/O counters, and its exit code or the signal
// that killed it, on the process, its Exit event and the run's record of it.
#include "engine/exits.h"
#include "testsupport.h"

#include <QTest>

#include <csignal>
#include <ctime>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim::core;

class TestExits : public QObject
{
    Q_OBJECT

    QList<pid_t> children; // killed and reaped after each test, if not reaped already

    RunProcess process(const std::function<void()> &body, bool exec = false)
    {
        RunProcess p;
        p.index = 1;
        p.exec = exec;
        p.line = 4;
        p.pid = ipcsim::test::forkChild(body);
        if (p.pid > 0) children << p.pid;
        return p;
    }
    // Looks until the kernel gives p's end.
    static Reaping reaped(const RunProcess &p)
    {
        Reaping r;
        (void)QTest::qWaitFor(
            [&] {
                r = reap(p);
                return r.reaped;
            },
            20000);
        return r;
    }

private Q_SLOTS:
    void cleanup()
    {
        for (pid_t pid : std::as_const(children)) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0); // ECHILD at once if a test reaped it
        }
        children.clear();
    }

    // A process that runs on is not reaped, and a script's process has nothing to read then
    // (its CPU time comes from the reaping).
    void aProcessThatRunsOnIsNotReaped()
    {
        RunProcess p = process([] {
            for (;;)
                pause();
        });
        QVERIFY(p.pid > 0);
        const Reaping r = reap(p);
        QVERIFY(!r.reaped);
        QVERIFY(!r.readSomething());
        QCOMPARE(kill(p.pid, 0), 0); // still there to be reaped later
    }

    // exit(3): its code, on the process, the event and the record; and its whole time on a
    // CPU, which it spent computing, from the reaping.
    void anExitIsToldWithItsCodeAndItsWholeCpuTime()
    {
        RunProcess p = process([] {
            const clock_t start = clock();
            while (clock() - start < CLOCKS_PER_SEC / 20) { // 50 ms of CPU
            }
            _exit(3);
        });
        QVERIFY(p.pid > 0);
        const Reaping r = reaped(p);
        QVERIFY(r.reaped);
        QCOMPARE(r.last.kind, Event::Sample);
        QCOMPARE(r.last.proc, 1);
        QCOMPARE(r.last.pid, p.pid);
        QVERIFY2(r.last.cpuNs >= 50'000'000, qPrintable(QString::number(r.last.cpuNs)));
        QVERIFY(r.last.switches >= 0);
        QCOMPARE(r.last.ioWritten, -1); // not a program
        ProcessExit x;
        const Event e = exitOf(p, r.status, x);
        QCOMPARE(e.kind, Event::Exit);
        QCOMPARE(e.phase, Phase::Exit);
        QCOMPARE(e.proc, 1);
        QCOMPARE(e.pid, p.pid);
        QCOMPARE(e.line, 4);
        QCOMPARE(e.exitCode, 3);
        QCOMPARE(e.termSignal, 0);
        QVERIFY(p.ended && !p.inStep && !p.atGate);
        QCOMPARE(p.exitCode, 3);
        QVERIFY(x.ended);
        QCOMPARE(x.exitCode, 3);
        QCOMPARE(x.termSignal, 0);
        QVERIFY(x.failure.isEmpty());
    }

    // Killed: the signal, and no code; and whether the engine sent it.
    void aDeathBySignalIsToldWithItsSignal()
    {
        RunProcess p = process([] {
            for (;;)
                pause();
        });
        QVERIFY(p.pid > 0);
        p.inStep = true;
        p.killedByEngine = true;
        QCOMPARE(kill(p.pid, SIGKILL), 0);
        const Reaping r = reaped(p);
        QVERIFY(r.reaped);
        ProcessExit x;
        const Event e = exitOf(p, r.status, x);
        QCOMPARE(e.termSignal, SIGKILL);
        QCOMPARE(e.exitCode, -1);
        QVERIFY(!e.coreDumped);
        QCOMPARE(p.termSignal, SIGKILL);
        QVERIFY(!p.inStep);
        QCOMPARE(x.termSignal, SIGKILL);
        QCOMPARE(x.exitCode, -1);
        QVERIFY(x.killedByEngine);
    }

    // A program reports nothing: what it wrote is read from its counters while it is a
    // zombie, before the reaping takes them away.
    void aProgramsLastWritesAreReadBeforeItIsReaped()
    {
        RunProcess p = process(
            [] {
                const int fd = open("/dev/null", O_WRONLY);
                static const char block[1000] = {};
                if (fd < 0 || write(fd, block, sizeof block) != ssize_t(sizeof block)) _exit(1);
                _exit(0);
            },
            true);
        QVERIFY(p.pid > 0);
        // A zombie now, not yet reaped.
        QVERIFY(QTest::qWaitFor(
            [&] {
                siginfo_t info{};
                return waitid(P_PID, id_t(p.pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
                       info.si_pid == p.pid;
            },
            20000));
        const Reaping r = reap(p);
        QVERIFY(r.reaped);
        QVERIFY2(r.last.ioWritten >= 1000, qPrintable(QString::number(r.last.ioWritten)));
        QVERIFY(r.readSomething());
        ProcessExit x;
        QCOMPARE(exitOf(p, r.status, x).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestExits)
#include "tst_exits.moc"
