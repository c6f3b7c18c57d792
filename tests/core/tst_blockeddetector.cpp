// The blocked detector's reading of the kernel on its own (engine/blockeddetector.h): when a
// process counts as asleep in its call for good, and what a program's system call waits on,
// from made-up /proc samples. tst_engine checks the same rules on real processes.
#include "engine/blockeddetector.h"
#include "testsupport.h"

#include <QTest>
#include <sys/syscall.h>

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

} // namespace

class TestBlockedDetector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
