// The blocked detector's reading of the kernel on its own (engine/blockeddetector.h): when a
// process counts as asleep in its call for good, and what a program's system call waits on,
// from made-up /proc samples. tst_engine checks the same rules on real processes.
#include "engine/blockeddetector.h"
#include "engine/runprocess.h"
#include "testsupport.h"

#include <QTest>
#include <csignal>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

ProcSample asleepIn(long syscall, quint64 switches, quint64 fd = 0)
{
    ProcSample s;
    s.ok = true;
    s.state = 'S';
    s.syscall = syscall;
    s.args[0] = fd;
    s.voluntarySwitches = switches;
    return s;
}

ProcSample running(quint64 switches)
{
    ProcSample s;
    s.ok = true;
    s.state = 'R';
    s.voluntarySwitches = switches;
    return s;
}

// What a child does.
enum class Does
{
    ReadsStdin, // read(0, ...), then pause()
    Spins       // a busy loop
};

// A child that does that, returned once it is about to; its stdin is in.
pid_t child(Does does, int in)
{
    return ipcsim::test::forkChild([does, in] {
        dup2(in, 0);
        if (does == Does::Spins) {
            volatile unsigned long n = 0;
            for (;;)
                n = n + 1;
        }
        char b;
        if (read(0, &b, 1) != 1) _exit(2);
        for (;;)
            pause();
    });
}

const char kScenario[] = R"({"format": 1, "title": "t",
    "resources": [{"name": "in", "type": "pipe"}, {"name": "lock", "type": "spinlock"}],
    "processes": [
      {"name": "reader", "script": "read in 1\nlock lock\nunlock lock\n"},
      {"name": "prog", "exec": ["cat"], "stdin": "in"}
    ]})";

} // namespace

class TestBlockedDetector : public QObject
{
    Q_OBJECT

    std::optional<Scenario> sc = ipcsim::test::scenarioFromJson(kScenario);
    QList<Event> told;
    bool goesOn = false; // what the objects say of a step
    int spinHolder = -1; // who holds the spinlock
    BlockedDetector detector{
        *sc,
        {.letsGoOn = [this](const RunProcess &, const ProcSample &) { return goesOn; },
         .spinHolder = [this](int) { return spinHolder; }},
        [this](Event &&e) { told << e; }};
    QList<pid_t> children; // killed and reaped after each test, pass or fail
    int in[2] = {-1, -1};  // the children's stdin

    // A process of the scenario (0: the script, 1: the program) in its step, pid a child that
    // does that.
    RunProcess process(int index, Does does)
    {
        RunProcess p;
        p.index = index;
        p.exec = index == 1;
        p.pid = child(does, in[0]);
        if (p.pid > 0) children << p.pid;
        p.inStep = true;
        p.seq = 1;
        p.line = 1;
        p.op = Op::Read;
        p.res = 0;
        return p;
    }
    // Samples p n times, as the session's poll does.
    void sample(RunProcess &p, int n)
    {
        for (int k = 0; k < n; ++k) {
            detector.sample(p);
            QTest::qWait(2);
        }
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(sc);
        told.clear();
        goesOn = false;
        spinHolder = -1;
        QCOMPARE(pipe(in), 0);
    }
    void cleanup()
    {
        for (pid_t pid : std::as_const(children)) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        children.clear();
        close(in[0]);
        close(in[1]);
    }

    // A step asleep in its read, with nothing there to read, is blocked: told once, with what
    // the kernel said of its sleep, and never on a first sample (a sleep must last two).
    void aStepAsleepForGoodIsToldBlockedOnce()
    {
        RunProcess p = process(0, Does::ReadsStdin);
        QVERIFY(p.pid > 0);
        QVERIFY(QTest::qWaitFor([&] { return sampleProcess(p.pid).sleeping(); }, 20000));
        QVERIFY(!detector.sample(p)); // the first sample of its sleep
        QVERIFY(QTest::qWaitFor([&] { return detector.sample(p); }, 20000));
        QVERIFY(p.blocked);
        sample(p, 5);
        QCOMPARE(told.size(), 1);
        const Event &e = told.first();
        QCOMPARE(e.kind, Event::Blocked);
        QCOMPARE(e.proc, 0);
        QCOMPARE(e.pid, p.pid);
        QCOMPARE(e.op, Op::Read);
        QCOMPARE(e.res, 0);
        QCOMPARE(e.syscall, int(SYS_read));
    }

    // Asleep, but what it waits for is there (the objects say so: a token posted, whose
    // wake the kernel has not yet given it): not blocked. Nor is a process that runs.
    void aStepThatCanGoOnOrRunsIsNotBlocked()
    {
        goesOn = true;
        RunProcess asleep = process(0, Does::ReadsStdin);
        RunProcess runs = process(0, Does::Spins);
        QVERIFY(asleep.pid > 0 && runs.pid > 0);
        QVERIFY(QTest::qWaitFor([&] { return sampleProcess(asleep.pid).sleeping(); }, 20000));
        sample(asleep, 10);
        goesOn = false;
        sample(runs, 10);
        QVERIFY(!asleep.blocked && !runs.blocked);
        QCOMPARE(told.size(), 0);
    }

    // A spinner runs as the kernel sees it: it is blocked while another process holds the
    // lock, at once, and spinning on its own lock (a relock) is blocked too.
    void aSpinnerIsBlockedWhileAnotherHoldsTheLock()
    {
        RunProcess p = process(0, Does::Spins);
        QVERIFY(p.pid > 0);
        p.op = Op::Lock;
        p.res = 1;
        p.spinning = true;
        QVERIFY(!detector.sample(p)); // nobody holds it
        spinHolder = 1;
        QVERIFY(detector.sample(p));
        QCOMPARE(told.size(), 1);
        QVERIFY(told.first().spinning);
        QCOMPARE(told.first().op, Op::Lock);
        spinHolder = 0; // its own, taken as it began: it gets in
        QVERIFY(!detector.sample(p));
        p.spinHolder = 0; // its own, held before it began: a relock, it never gets in
        QVERIFY(detector.sample(p));
    }

    // A program has no steps: it is blocked on what its call's descriptor is wired to (its
    // stdin, the pipe in), and told again when it runs on (in pause: nothing of ours).
    void aProgramIsBlockedOnItsStdinAndToldWhenItRunsOn()
    {
        RunProcess p = process(1, Does::ReadsStdin);
        QVERIFY(p.pid > 0);
        p.inStep = false;
        QVERIFY(QTest::qWaitFor([&] { return detector.sample(p); }, 20000));
        QCOMPARE(told.size(), 1);
        QCOMPARE(told[0].kind, Event::Blocked);
        QCOMPARE(told[0].op, Op::Read);
        QCOMPARE(told[0].res, sc->resourceIndex("in"));
        QCOMPARE(told[0].seq, 0u); // a program's has no step
        QCOMPARE(write(in[1], "x", 1), 1);
        QVERIFY(QTest::qWaitFor(
            [&] {
                detector.sample(p);
                return told.size() == 2;
            },
            20000));
        QCOMPARE(told[1].kind, Event::Unblocked);
        QVERIFY(!p.blocked);
    }

    void twoSamplesOfOneSleepAreAsleep()
    {
        SleepWatch w;
        QVERIFY(!w.sample(asleepIn(SYS_futex, 7)));
        QVERIFY(w.sample(asleepIn(SYS_futex, 7)));
        QVERIFY(w.sample(asleepIn(SYS_futex, 7)));
    }

    void aWakeBetweenSamplesCountsAgain()
    {
        SleepWatch w;
        w.sample(asleepIn(SYS_futex, 7));
        // Woken and put back to sleep: one more voluntary switch. Not the same sleep.
        QVERIFY(!w.sample(asleepIn(SYS_futex, 8)));
        QVERIFY(w.sample(asleepIn(SYS_futex, 8)));
        // Running, or in user space (no system call), is no sleep at all.
        QVERIFY(!w.sample(running(8)));
        QVERIFY(!w.sample(asleepIn(-1, 8)));
        ProcSample stopped = asleepIn(SYS_futex, 8);
        stopped.state = 'T'; // stopped by a signal: not asleep in its call
        QVERIFY(!w.sample(stopped));
        QVERIFY(!w.sample(asleepIn(SYS_futex, 8)));
        QVERIFY(w.sample(asleepIn(SYS_futex, 8)));
        // Uninterruptible sleep is sleep too.
        ProcSample disk = asleepIn(SYS_read, 8);
        disk.state = 'D';
        QVERIFY(w.sample(disk));
    }

    void aStepRunStartsTheCountAgain()
    {
        SleepWatch w;
        w.sample(asleepIn(SYS_futex, 3));
        QVERIFY(w.sample(asleepIn(SYS_futex, 3)));
        w.reset(); // it took a step, or another process did that may have woken it
        QVERIFY(!w.asleep());
        QVERIFY(!w.sample(asleepIn(SYS_futex, 3)));
        QVERIFY(w.sample(asleepIn(SYS_futex, 3)));
    }

    void aProgramWaitsOnWhatItsCallsDescriptorIsWiredTo()
    {
        const auto sc = ipcsim::test::scenarioFromJson(R"({"format": 1, "title": "t",
            "resources": [{"name": "in", "type": "pipe"}, {"name": "out", "type": "pipe"},
                          {"name": "err", "type": "file"}],
            "processes": [
              {"name": "feeder", "script": "write in 1 bytes\nread out 1"},
              {"name": "prog", "exec": ["cat"], "stdin": "in", "stdout": "out", "stderr": "err"}
            ]})");
        QVERIFY(sc);
        const ProcessSpec &prog = sc->processes[1];
        const int in = sc->resourceIndex("in"), out = sc->resourceIndex("out");
        const int err = sc->resourceIndex("err");
        auto waits = [&](long syscall, quint64 fd) {
            const ExecWait w = execWaitOf(prog, sc->resources, asleepIn(syscall, 1, fd));
            return std::pair<Op, int>(w.op, w.res);
        };
        QCOMPARE(waits(SYS_read, 0), std::pair(Op::Read, in));
        QCOMPARE(waits(SYS_readv, 0), std::pair(Op::Read, in));
        QCOMPARE(waits(SYS_write, 1), std::pair(Op::Write, out));
        QCOMPARE(waits(SYS_writev, 1), std::pair(Op::Write, out));
        QCOMPARE(waits(SYS_write, 2), std::pair(Op::Write, err));
        // A descriptor of its own, or a call on nothing of ours: no process can wake it.
        QCOMPARE(waits(SYS_read, 5).second, -1);
        QCOMPARE(waits(SYS_nanosleep, 0), std::pair(Op::None, -1));
        QCOMPARE(waits(SYS_wait4, 0), std::pair(Op::None, -1));
        // No FIFO among its ends: an open waits on nothing of ours.
        QCOMPARE(waits(SYS_openat, 0), std::pair(Op::None, -1));
    }

    void aProgramOpeningItsFifosWaitsOnStdinsFirst()
    {
        // The launcher opens the FIFOs before the program starts, stdin's first: an open
        // that sleeps waits for the other end of that FIFO.
        const auto sc = ipcsim::test::scenarioFromJson(R"({"format": 1, "title": "t",
            "resources": [{"name": "a", "type": "fifo"}, {"name": "b", "type": "fifo"}],
            "processes": [
              {"name": "feeder", "script": "write a 1 bytes\nread b 1"},
              {"name": "prog", "exec": ["cat"], "stdin": "a", "stdout": "b"},
              {"name": "writer", "exec": ["echo", "hi"], "stdout": "a"}
            ]})");
        QVERIFY(sc);
        const ExecWait both = execWaitOf(sc->processes[1], sc->resources, asleepIn(SYS_openat, 1));
        QCOMPARE(both.op, Op::Read);
        QCOMPARE(both.res, sc->resourceIndex("a"));
        const ExecWait out = execWaitOf(sc->processes[2], sc->resources, asleepIn(SYS_openat, 1));
        QCOMPARE(out.op, Op::Write);
        QCOMPARE(out.res, sc->resourceIndex("a"));
    }
};

QTEST_GUILESS_MAIN(TestBlockedDetector)
#include "tst_blockeddetector.moc"
