// The engine against real processes and real kernel objects: scheduling, blocking, deadlock,
// the ends of a run (normal, timeout, Stop, a worker killed), and what each end leaves behind.
#include "kinds/condition/state.h"
#include "kinds/mqueue/state.h"
#include "kinds/pipe/state.h"
#include "kinds/rwlock/state.h"
#include "kinds/sysvsemaphore/state.h"
#include "testsupport.h"

#ifndef Q_MOC_RUN
#include "engine_scenarios.h"
#endif

#include "engine/launcher.h"
#include "engine/sessiondirectory.h"
#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "model/expectations.h"
#include "model/flowmatcher.h"
#include "model/worldmodel.h"
#include "probe/procprobe.h"
#include "scenario/statements.h"
#include "story/narrator.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <sched.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim;
using namespace ipcsim::core;
using ipcsim::test::Run;

namespace {

// A session in a thread of its own, as the window runs it: its batches reach a receiver here
// queued, taken when this thread gets to them. Deleted in its thread at the end.
struct InThread
{
    QThread thread;
    QObject context;
    Session *session = nullptr;
    InThread(const Scenario &scenario, const Session::Options &options)
    {
        thread.start();
        context.moveToThread(&thread);
        QMetaObject::invokeMethod(
            &context, [&] { session = new Session(scenario, options); },
            Qt::BlockingQueuedConnection);
    }
    ~InThread()
    {
        QMetaObject::invokeMethod(
            &context, [this] { delete session; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }
};

Session::Options opts(int timeoutMs = 20000)
{
    Session::Options o;
    o.timeoutMs = timeoutMs;
    o.batchIntervalMs = 5;
    return o;
}

// The scenario written to a file in tmp, for ipcsim run; empty if it could not be.
QString scenarioFile(const QTemporaryDir &tmp, const QByteArray &json)
{
    const QString file = tmp.filePath(QStringLiteral("scenario.json"));
    QFile f(file);
    if (!tmp.isValid() || !f.open(QIODevice::WriteOnly) || f.write(json) != json.size()) return {};
    return file;
}

QList<int> releasedOrder(const Run &run)
{
    QList<int> order;
    for (const Event &e : run.events)
        if (e.kind == Event::Released) order << e.proc;
    return order;
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!qEnvironmentVariable("IPCSIM_WORKER").isEmpty(),
                 "IPCSIM_WORKER must name ipcsim-worker");
        // Orphans of a killed ipcsim are re-parented to us, so we can reap them and check.
        prctl(PR_SET_CHILD_SUBREAPER, 1);
    }

    void roundRobinIsDeterministicOverTwentyRuns()
    {
        const auto sc = test::scenarioFromJson(kBoundedBuffer);
        QVERIFY(sc);
        QStringList first;
        for (int i = 0; i < 20; ++i) {
            const Run run = test::runToEnd(*sc, opts());
            QVERIFY(run.finished);
            QCOMPARE(run.result.end, RunResult::End::Completed);
            const QStringList seq = test::stepSequence(run.events, *sc);
            QVERIFY(seq.size() > 100);
            if (i == 0)
                first = seq;
            else
                QCOMPARE(seq, first);
        }
        // Round-robin alternates while both are at their gates.
        const Run run = test::runToEnd(*sc, opts());
        const QList<int> order = releasedOrder(run);
        QVERIFY(order.size() > 4);
        QCOMPARE(order.mid(0, 2), (QList<int>{0, 1}));
    }

    // The window takes its batches in its own thread, and in a flood it takes them slower
    // than two processes make events. The batches it has been handed and not yet taken grew by
    // the whole flood (458 MB for 800,000 events); now the engine leaves the rings to fill
    // while it holds a few, and the processes wait for room. Nothing is lost, and the wait is
    // told. Here the receiver tells every event, as the window's narration would: slower than
    // the processes. (The timeout is far: under ASan on a loaded machine the flood's own time
    // passes 4 s.)
    void aSlowReceiverHoldsTheProcessesBackNotTheEvents()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "flood",
            "timeout_ms": 100000,
            "resources": [{"name": "s", "type": "semaphore"}],
            "processes": [{"name": "p", "script": "repeat 400000:\n    post s\n"},
                          {"name": "w", "script": "repeat 400000:\n    wait s\n"}]})");
        QVERIFY(sc);
        InThread in(*sc, opts(100000));
        Session *session = in.session;
        std::atomic<qint64> emitted = 0; // events handed over, and taken by the receiver
        qint64 taken = 0, mostBehind = 0;
        int batches = 0;
        connect(
            session, &Session::eventsReady, session,
            [&](const EventBatch &b) { emitted += b.size(); }, Qt::DirectConnection);
        WorldModel world(*sc);
        connect(session, &Session::eventsReady, this, [&](const EventBatch &b) {
            mostBehind = std::max(mostBehind, emitted - taken);
            taken += b.size();
            ++batches;
            for (const Event &e : b) {
                (void)Narrator::describe(e, world.state());
                world.apply(e);
            }
        });
        std::optional<RunResult> result;
        connect(session, &Session::finished, this, [&](const RunResult &r) { result = r; });
        QMetaObject::invokeMethod(session, "start", Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value() && taken == emitted, 120000);
        qInfo("%lld events in %d batches, at most %lld handed over and not yet taken; the "
              "processes waited %.1f ms",
              taken, batches, mostBehind, double(result->waitedNs) / 1e6);
        QCOMPARE(result->end, RunResult::End::Completed);
        QCOMPARE(result->dropped, 0u);
        QCOMPARE(world.state().processes.at(1).steps, 400000u);
        QVERIFY(result->waitedNs > 0); // held back, and told so
        // Four batches' worth held (65,536 events), a batch more on its way, and what the run's
        // end drains at once: each ring's records.
        const qint64 bound = 5 * 16384 + 2 * qint64(wire::kRingCapacity);
        QVERIFY2(mostBehind <= bound, qPrintable(QString::number(mostBehind)));
    }

    // The time a slow receiver holds the processes back is ipcsim's, not the scenario's: it
    // does not count against the timeout. A flood of 200,000 events, past the 65,536 a
    // receiver may hold, whose own time is well under its 10 s timeout (about 0.1 s; under
    // ASan, beside other suites and two busy loops on 2 cores, up to 4 s), and a receiver
    // stalled on its first batch until 2 s past the timeout (a window busy elsewhere): the
    // processes wait for it, and the run completes.
    void aReceiverThatHoldsTheRunBackDoesNotTimeItOut()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "flood",
            "resources": [{"name": "s", "type": "semaphore"}],
            "processes": [{"name": "p", "script": "repeat 50000:\n    post s\n"},
                          {"name": "w", "script": "repeat 50000:\n    wait s\n"}]})");
        QVERIFY(sc);
        constexpr int kTimeoutMs = 10000;
        InThread in(*sc, opts(kTimeoutMs));
        Session *session = in.session;
        QElapsedTimer sinceStart;
        bool stalled = false;
        qint64 steps = 0;
        connect(session, &Session::eventsReady, this, [&](const EventBatch &b) {
            if (!stalled) {
                stalled = true;
                while (sinceStart.elapsed() < kTimeoutMs + 2000)
                    QThread::msleep(20); // the receiver, stalled: it takes nothing meanwhile
            }
            for (const Event &e : b)
                steps += e.kind == Event::Step && e.phase == Phase::End;
        });
        std::optional<RunResult> result;
        connect(session, &Session::finished, this, [&](const RunResult &r) { result = r; });
        sinceStart.start();
        QMetaObject::invokeMethod(session, "start", Qt::QueuedConnection);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60000);
        QVERIFY2(result->end == RunResult::End::Completed,
                 qPrintable(QStringLiteral("ended %1 after %2 ms, the processes held back %3 ms")
                                .arg(int(result->end))
                                .arg(sinceStart.elapsed())
                                .arg(result->waitedNs / 1000000)));
        QVERIFY(sinceStart.elapsed() > kTimeoutMs);
        QVERIFY(result->waitedNs > 0); // held back, and told so
        QCOMPARE(steps, 100000);
    }

    // In step mode a process at its gate says what its next step will do: "will block: full is
    // 0", "goes on: m is free". That is a promise about the kernel, and a run keeps it: a step
    // told it will block (or spin, or sleep) is seen asleep in the kernel before it ends, and
    // one told it goes on ends without. Every step that may block says one or the other.
    void everyNextStepToldComesTrue_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("lesson");
        QTest::addColumn<QStringList>("says");
        for (const char *name :
             {"bounded-buffer", "mqueue-full", "pipe-full", "condition", "rwlock", "barrier-phases",
              "file-locking", "dining-philosophers", "fifo-rendezvous", "eventfd", "sysv-semaphore",
              "sysv-bounded-buffer", "sysv-mqueue", "sysv-semaphore-undo"})
            QTest::newRow(name) << QByteArray() << QString::fromLatin1(name) << QStringList();
        // A stream's read waits for its own connection's other end; an accept for a connect.
        QTest::newRow("unix-echo")
            << QByteArray() << QStringLiteral("unix-echo")
            << QStringList{QStringLiteral("server line 3: next: receive echo — will block: "
                                          "nothing from client yet")};
        QTest::newRow("tcp-echo") << QByteArray() << QStringLiteral("tcp-echo")
                                  << QStringList{QStringLiteral(
                                         "server line 2: next: accept echo — goes on: "
                                         "client[1]'s connection waits to be accepted")};
        QTest::newRow("datagram-log")
            << QByteArray() << QStringLiteral("datagram-log")
            << QStringList{QStringLiteral(
                   "collector line 2: next: receive log — goes on: log holds 3 datagrams")};
        // A pipe is full by its pages: two writes of 2,100 bytes take the two pages of an 8 KiB
        // pipe, and the third sleeps with room left in bytes; small writes share a page.
        QTest::newRow("pipe pages")
            << QByteArray(R"({"format": 1, "title": "t",
            "resources": [{"name": "p", "type": "pipe", "capacity": 8192}],
            "processes": [
                {"name": "w", "script": "write p 2100 bytes\nwrite p 2100 bytes\nwrite p 2100 bytes\nwrite p 1000 bytes\n"},
                {"name": "r", "script": "sleep 1\nsleep 1\nsleep 1\nrepeat 4:\n    read p 4096\n"}]})")
            << QString()
            << QStringList{
                   QStringLiteral("w line 2: next: write p — goes on: p has 1 of its 2 pages free"),
                   QStringLiteral("w line 3: next: write p — will block: p's 2 pages are taken "
                                  "(4200 bytes in them)")};
        // A System V send waits for bytes, not messages; a receive by type waits for its type
        // while the queue holds others; a semop waits for every member it names.
        QTest::newRow("sysv bytes and types")
            << QByteArray(R"({"format": 1, "title": "t",
            "resources": [{"name": "q", "type": "sysv-mqueue", "queue_bytes": 32,
                           "message_size": 16},
                          {"name": "s", "type": "sysv-semaphore", "initial": [1, 0, 1]}],
            "processes": [
                {"name": "a", "script": "send q 1000000000000000 type 1\nsend q 1000000000000000 type 1\nsend q 1000000000000000 type 2\nwait s[0], s[2]\nwait s[0], s[1]\n"},
                {"name": "b", "script": "receive q type 3\n"},
                {"name": "c", "script": "wait s[2]\npost s[2]\nreceive q type -2\nreceive q type 2\nsend q 7 type 3\npost s[1]\npost s[0]\n"}]})")
            << QString()
            << QStringList{
                   QStringLiteral("a line 3: next: send q — will block: q holds 32 of its 32 "
                                  "bytes, no room for 16"),
                   QStringLiteral("b line 1: next: receive q — will block: no message of type 3 "
                                  "in q"),
                   QStringLiteral("c line 3: next: receive q — goes on: a message of a type up "
                                  "to 2 is in q"),
                   QStringLiteral("a line 5: next: wait s — will block: s[0] and s[1] have none")};
    }
    void everyNextStepToldComesTrue()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, lesson);
        QFETCH(QStringList, says);
        const auto sc = lesson.isEmpty() ? test::scenarioFromJson(json) : test::builtIn(lesson);
        QVERIFY(sc);
        Session::Options o = opts(60000);
        std::string err;
        o.schedule = *parseSchedule("round-robin", *sc, &err);
        o.scheduleGiven = true;
        const Run run = test::runToEnd(*sc, o, 90000);
        QVERIFY(run.finished);
        WorldModel world(*sc);
        struct Promise
        {
            QString said;
            bool blocks = false;
            bool slept = false;
        };
        QHash<int, Promise> open; // by process
        QStringList broken, silent, told;
        int kept = 0;
        for (const Event &e : run.events) {
            const ProcessState *p = e.proc >= 0 ? &world.state().processes.at(e.proc) : nullptr;
            if (e.kind == Event::Released && p && p->state == ProcState::AtGate && p->res >= 0 &&
                statementInfo(p->op).mayBlock) {
                const QString said = Narrator::nextStepLine(world.state(), e.proc);
                const QString what = said.section(QStringLiteral(" — "), 1);
                const QString where = QStringLiteral("%1 line %2").arg(p->name).arg(p->line);
                told << where + QStringLiteral(": ") + said;
                if (what.isEmpty())
                    silent << where;
                else if (what.startsWith(QStringLiteral("will ")))
                    open.insert(e.proc, {where + QStringLiteral(": ") + said, true});
                else if (what.startsWith(QStringLiteral("goes on:")) ||
                         what.startsWith(QStringLiteral("opens ")) ||
                         what.startsWith(QStringLiteral("gets end of file")))
                    open.insert(e.proc, {where + QStringLiteral(": ") + said, false});
            }
            if (e.kind == Event::Blocked && open.contains(e.proc)) open[e.proc].slept = true;
            const bool ends = (e.kind == Event::Step && e.phase != Phase::Gate &&
                               e.phase != Phase::Begin && !e.partial) ||
                              e.kind == Event::Exit;
            if (ends && open.contains(e.proc)) {
                const Promise told = open.take(e.proc);
                if (told.slept != told.blocks)
                    broken << told.said + (told.slept ? QStringLiteral(", but it slept")
                                                      : QStringLiteral(", but it did not sleep"));
                else
                    ++kept;
            }
            world.apply(e);
        }
        QVERIFY2(broken.isEmpty(), qPrintable(broken.join(QLatin1Char('\n'))));
        QVERIFY2(silent.isEmpty(),
                 qPrintable(QStringLiteral("no next step told at ") + silent.join(", ")));
        QVERIFY(kept > 0);
        for (const QString &line : says)
            QVERIFY2(told.contains(line), qPrintable(line + QStringLiteral(" was not told:\n") +
                                                     told.join(QLatin1Char('\n'))));
    }

    void randomScheduleRepeatsWithItsSeed()
    {
        auto sc = test::scenarioFromJson(kBoundedBuffer);
        QVERIFY(sc);
        Session::Options o = opts();
        std::string err;
        o.schedule = *parseSchedule("random:42", *sc, &err);
        o.scheduleGiven = true;
        const Run a = test::runToEnd(*sc, o);
        const Run b = test::runToEnd(*sc, o);
        QCOMPARE(a.result.end, RunResult::End::Completed);
        QCOMPARE(releasedOrder(a), releasedOrder(b));
        QCOMPARE(test::stepSequence(a.events, *sc), test::stepSequence(b.events, *sc));
        o.schedule = *parseSchedule("random:7", *sc, &err);
        const Run c = test::runToEnd(*sc, o);
        QVERIFY2(releasedOrder(c) != releasedOrder(a), "another seed, another schedule");
    }

    void namedScheduleReleasesInItsOrder()
    {
        const auto sc = test::scenarioFromJson(kNamedList);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        // The list, then round-robin after the last released process.
        QCOMPARE(releasedOrder(run), (QList<int>{1, 1, 0, 0}));
    }

    void stepReleasesExactlyOneStep()
    {
        const auto sc = test::scenarioFromJson(kBoundedBuffer);
        QVERIFY(sc);
        Session::Options o = opts();
        o.startPaused = true;
        Session session(*sc, o);
        EventBatch events;
        connect(&session, &Session::eventsReady, this,
                [&](const EventBatch &b) { events.append(b); });
        QSignalSpy ready(&session, &Session::readyChanged);
        session.start();
        // Both reach their first gate and wait there.
        QTRY_VERIFY_WITH_TIMEOUT(
            !ready.isEmpty() && ready.last().at(0).value<QList<int>>().size() == 2, 10000);
        auto begins = [&] {
            int n = 0;
            for (const Event &e : events)
                n += e.kind == Event::Step && e.phase == Phase::Begin;
            return n;
        };
        QCOMPARE(begins(), 0);
        session.stepProcess(1); // consumer: wait full blocks (value 0)
        QTRY_COMPARE_WITH_TIMEOUT(begins(), 1, 10000);
        session.step(); // round-robin after consumer: producer
        QTRY_COMPARE_WITH_TIMEOUT(begins(), 2, 10000);
        // Nothing else moves on its own.
        QTest::qWait(100);
        QCOMPARE(begins(), 2);
        session.stop();
    }

    // The classroom's most common move: one Step, then Run. Every order of Step, Run, Pause
    // and a change of speed must keep the run going to its end, whatever the schedule.
    void stepThenRunGoesOnToTheEnd_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<int>("delayMs");
        QTest::newRow("round-robin") << kBoundedBuffer << 0;
        QTest::newRow("round-robin, slow") << kBoundedBuffer << 20;
        QTest::newRow("free") << kPingPong << 0;
        QTest::newRow("free, slow") << kNamedListFree << 20;
    }
    void stepThenRunGoesOnToTheEnd()
    {
        QFETCH(QByteArray, json);
        QFETCH(int, delayMs);
        const auto sc = test::scenarioFromJson(json);
        QVERIFY(sc);
        Session::Options o = opts(0);
        o.startPaused = true;
        o.stepDelayMs = delayMs;
        Session session(*sc, o);
        int begins = 0;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b)
                begins += e.kind == Event::Step && e.phase == Phase::Begin;
        });
        QSignalSpy ready(&session, &Session::readyChanged);
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(
            !ready.isEmpty() && !ready.last().at(0).value<QList<int>>().isEmpty(), 10000);
        session.step();
        QTRY_COMPARE_WITH_TIMEOUT(begins, 1, 10000);
        session.resume();
        QTRY_VERIFY_WITH_TIMEOUT(begins > 2, 10000);
        // Pause, one more step, another speed, on again, and on to the end at full speed.
        session.pause();
        session.step();
        session.setStepDelay(delayMs > 0 ? 0 : 10);
        session.resume();
        const int before = begins;
        QTRY_VERIFY_WITH_TIMEOUT(begins > before + 2 || finished.size() == 1, 10000);
        session.setStepDelay(0);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
        QCOMPARE(finished.first().at(0).value<RunResult>().end, RunResult::End::Completed);
    }

    void deadlockFoundWithWaitsAndCycle()
    {
        const auto sc = test::scenarioFromJson(kTwoLocks);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QVERIFY(run.finished);
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        // By index: instance a waits on resource m2, b on m1.
        const int a = sc->instancesNamed("a").front(), b = sc->instancesNamed("b").front();
        QCOMPARE(run.result.deadlock.waits, (QList<DeadlockWait>{{a, sc->resourceIndex("m2"), 0},
                                                                 {b, sc->resourceIndex("m1"), 0}}));
        const QStringList cycle = circleNames(*sc, run.result.deadlock.cycle);
        QCOMPARE(cycle.size(), 5);
        QCOMPARE(cycle.first(), cycle.last());
        QVERIFY(cycle == (QStringList{"a", "m2", "b", "m1", "a"}) ||
                cycle == (QStringList{"b", "m1", "a", "m2", "b"}));
        for (const ProcessExit &x : run.result.exits)
            QCOMPARE(x.termSignal, SIGKILL);
        QVERIFY(run.world.deadlock);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    void semaphoreNobodyPostsIsDeadlockWithoutCycle()
    {
        const auto sc = test::scenarioFromJson(kLonelySemaphore);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QStringList waits = test::waitNames(*sc, run.result.deadlock.waits);
        waits.sort();
        QCOMPARE(waits, (QStringList{"reader\tp", "waiter\ts", "writer\ts"}));
        // reader waits for writer, but nobody can wake writer: no cycle.
        QVERIFY(run.result.deadlock.cycle.isEmpty());
    }

    void spinnersOnAHeldSpinlockAreDeadlocked()
    {
        const auto sc = test::scenarioFromJson(kHeldSpinlock);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(circleNames(*sc, run.result.deadlock.cycle),
                 (QStringList{"holder", "s", "spinner", "l", "holder"}));
    }

    void noFalseDeadlockInFastPingPong()
    {
        const auto sc = test::scenarioFromJson(kPingPong);
        QVERIFY(sc);
        for (int i = 0; i < 3; ++i) {
            const Run run = test::runToEnd(*sc, opts());
            QCOMPARE(run.result.end, RunResult::End::Completed);
            QCOMPARE(run.result.dropped, 0ULL);
            for (const ProcessExit &x : run.result.exits)
                QCOMPARE(x.exitCode, 0);
        }
    }

    // Two workers add as fast as they can: 800,000 step records in about 0.1 s, faster than
    // the engine drains. None may be lost (668,928 of 800,000 were): a worker whose ring is
    // full waits for the engine, and the run says how long that was.
    void aFloodOfStepsLosesNoRecord()
    {
        const auto sc = test::scenarioFromJson(kAddFlood);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts(60000));
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.dropped, 0ULL);
        int ends = 0;
        for (const Event &e : run.events)
            ends += e.kind == Event::Step && e.op == Op::Add && e.phase == Phase::End;
        QCOMPARE(ends, 400000);
        QCOMPARE(run.result.finals.value(0).cells.value(0), 400000);
    }

    // A script that prints and prints: the model keeps the first lines (what --check
    // compares), how many in all and the last, not every line (a 15 s flood of prints held
    // 596 MB; 38 MB now), and --check still counts them all.
    void aPrintFloodIsCountedNotKept()
    {
        const auto sc = test::scenarioFromJson(kPrintFlood);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts(60000));
        QCOMPARE(run.result.end, RunResult::End::Completed);
        const ProcessState &p = run.world.processes.at(0);
        QCOMPARE(p.printedCount, 30000);
        QCOMPARE(p.printed.size(), ProcessState::kMaxPrintedKept);
        QCOMPARE(p.printed.first(), QStringLiteral("line 0"));
        QCOMPARE(p.printed.last(), QStringLiteral("line 9999"));
        QCOMPARE(p.lastPrinted, QStringLiteral("line 29999"));
        const QStringList failures = checkExpectations(*sc, run.result, run.world);
        QCOMPARE(failures.size(), 1);
        QVERIFY2(failures.first().contains("printed 30000 line(s), expected 1; line 2 is "
                                           "\"line 1\", not expected"),
                 qPrintable(failures.first()));
    }

    // Six processes sending long lines as fast as they can kept the engine reading one socket
    // that never ran dry: its timers and Stop (Ctrl+C) waited until the timeout killed them
    // (57 s for Ctrl+C with a 60 s timeout). Stop a second after the start must end the run
    // as stopped, not by its 15 s timeout.
    void stopEndsAFloodOfMessagesAtOnce()
    {
        const auto sc = test::scenarioFromJson(kLongPrintFlood);
        QVERIFY(sc);
        Session session(*sc, opts(-1));
        std::optional<RunResult> result;
        quint64 prints = 0;
        connect(&session, &Session::eventsReady, this, [&prints](const EventBatch &b) {
            for (const Event &e : b)
                prints += e.kind == Event::Step && e.op == Op::Print && e.phase == Phase::End;
        });
        connect(&session, &Session::finished, this, [&result](const RunResult &r) { result = r; });
        session.start();
        QTimer::singleShot(1000, &session, &Session::stop);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 60000);
        QCOMPARE(result->end, RunResult::End::Stopped);
        QVERIFY(prints > 0);
        QCOMPARE(result->dropped, 0ULL);
    }

    void timeoutStopsTheRunAndCleansUp()
    {
        const auto sc = test::scenarioFromJson(kForever);
        QVERIFY(sc);
        Session::Options o = opts(-1);
        const Run run = test::runToEnd(*sc, o);
        QCOMPARE(run.result.end, RunResult::End::Timeout);
        QCOMPARE(run.result.exits.at(0).termSignal, SIGKILL);
        QVERIFY(run.result.exits.at(0).killedByEngine);
        QVERIFY(run.world.timedOut);
        const QStringList left = test::leftoversOf(run.directory, run.pids);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

    void stopEndsEveryWorkerAndLeavesNothing()
    {
        const auto sc = test::scenarioFromJson(kManyObjects);
        QVERIFY(sc);
        Session session(*sc, opts());
        QList<int> pids;
        int adds = 0;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                adds += e.kind == Event::Step && e.op == Op::Add && e.phase == Phase::End;
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        const QString dir = session.directory();
        QVERIFY(QFileInfo::exists(dir));
        const QString prefix = QFileInfo(dir).fileName();
        QVERIFY(QFileInfo::exists(QStringLiteral("/dev/shm/%1-cells").arg(prefix)));
        QTRY_COMPARE_WITH_TIMEOUT(pids.size(), 3, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(adds > 0, 10000); // the cell has been added to
        session.stop();
        QCOMPARE(finished.size(), 1);
        const RunResult r = finished.at(0).at(0).value<RunResult>();
        QCOMPARE(r.end, RunResult::End::Stopped);
        QVERIFY(r.finals.at(1).cells.at(0) > 0);
        const QStringList left = test::leftoversOf(dir, pids);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

    // A mapped file's cells are the file's bytes: what a process stored through its mapping
    // is in the file (read here with QFile, as any reader of the file would), while the run
    // goes; the run's final cells are read from the file; the file goes with the session.
    void aMappedFilesStoresAreInTheFile()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "mapped",
            "resources": [{"name": "board", "type": "mapped-file", "cells": 4}],
            "processes": [{"name": "p",
                           "script": "store board[1] = 42\nadd board[3] -7\nsleep 60000\n"}]})");
        QVERIFY(sc);
        Session session(*sc, opts(60000));
        QList<int> pids;
        bool added = false;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                added |= e.kind == Event::Step && e.op == Op::Add && e.phase == Phase::End;
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        const QString dir = session.directory();
        QTRY_VERIFY_WITH_TIMEOUT(added, 20000);
        QFile file(dir + QStringLiteral("/file-board"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        const QByteArray bytes = file.readAll();
        QCOMPARE(bytes.size(), 4 * qsizetype(sizeof(qint64)));
        qint64 cells[4];
        std::memcpy(cells, bytes.constData(), sizeof cells);
        QCOMPARE(cells[0], 0);
        QCOMPARE(cells[1], 42);
        QCOMPARE(cells[3], -7);
        file.close();
        session.stop();
        QCOMPARE(finished.size(), 1);
        const RunResult r = finished.at(0).at(0).value<RunResult>();
        QCOMPARE(r.finals.at(0).cells, (QVector<qint64>{0, 42, 0, -7}));
        const QStringList left = test::leftoversOf(dir, pids);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

    // An eventfd's counter is the kernel's: two writes add up in it, a read in semaphore mode
    // takes 1, and the engine reads the counters from fdinfo while the run goes (its samples)
    // and at the end, without taking anything.
    void anEventfdsCounterIsReadFromTheKernel()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "eventfd",
            "resources": [{"name": "e", "type": "eventfd"},
                          {"name": "s", "type": "eventfd", "semaphore": true, "initial": 2}],
            "processes": [{"name": "w", "script": "write e 2\nwrite e 3\nsleep 60000\n"},
                          {"name": "r", "script": "read s 8 -> got\nprint got\nsleep 60000\n"}]})");
        QVERIFY(sc);
        Session session(*sc, opts(60000));
        QList<int> pids;
        qint64 sampled[2] = {-1, -1};
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                if (e.kind == Event::Sample && e.proc < 0 && (e.res == 0 || e.res == 1))
                    sampled[e.res] = e.kernelValue;
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        const QString dir = session.directory();
        QTRY_VERIFY_WITH_TIMEOUT(sampled[0] == 5 && sampled[1] == 1, 20000);
        session.stop();
        QCOMPARE(finished.size(), 1);
        const RunResult r = finished.at(0).at(0).value<RunResult>();
        QCOMPARE(r.finals.at(0).value, 5);
        QCOMPARE(r.finals.at(1).value, 1);
        const QStringList left = test::leftoversOf(dir, pids);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

    // A process's CPU time at its end is the kernel's, whole: what its reaping (wait4's
    // rusage) says it used. It was the last sample's utime and stime, taken ten times a second
    // and counted in ticks of 10 ms: a process that computed for 150 ms and exited had what
    // its last sample saw, up to 100 ms before the end of its computation.
    void aProcessesCpuTimeAtItsEndIsAllItUsed()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "cpu", "resources": [],
            "processes": [{"name": "p", "script": "compute 150\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QVERIFY(run.finished);
        WorldModel world(*sc);
        world.apply(run.events);
        const qint64 cpuNs = world.state().processes[0].cpuNs;
        QVERIFY2(cpuNs >= 150000000, qPrintable(QString::number(cpuNs)));
    }

    // Each waits in read on the eventfd only the other writes: a circle on eventfds.
    void readersOfEachOthersEventfdsAreDeadlocked()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "circle",
            "resources": [{"name": "a", "type": "eventfd"}, {"name": "b", "type": "eventfd"}],
            "processes": [{"name": "p", "script": "read a 8\nwrite b 1\n"},
                          {"name": "q", "script": "read b 8\nwrite a 1\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        const QStringList cycle = circleNames(*sc, run.result.deadlock.cycle);
        QVERIFY2(cycle == (QStringList{"p", "a", "q", "b", "p"}) ||
                     cycle == (QStringList{"q", "b", "p", "a", "q"}),
                 qPrintable(cycle.join(' ')));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // Each receives, from one System V queue, the type only the other sends: a circle through
    // one queue, found free and step by step. And each awaits the real-time signal only the
    // other sends: a circle through two signals.
    void circlesOnQueueTypesAndRealTimeSignalsAreDeadlocks_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QStringList>("circle");
        const QByteArray types =
            "{\"format\": 1, \"title\": \"types\","
            " \"resources\": [{\"name\": \"q\", \"type\": \"sysv-mqueue\"}],"
            " \"processes\": ["
            "  {\"name\": \"a\", \"script\": \"receive q type 1 -> x\\nsend q 2 type 2\\n\"},"
            "  {\"name\": \"b\", \"script\": \"receive q type 2 -> y\\nsend q 1 type 1\\n\"}]}";
        const QByteArray awaits =
            "{\"format\": 1, \"title\": \"signals\", \"resources\": [],"
            " \"processes\": ["
            "  {\"name\": \"a\", \"script\": \"await SIGRTMIN+1\\nsignal b SIGRTMIN+2\\n\"},"
            "  {\"name\": \"b\", \"script\": \"await SIGRTMIN+2\\nsignal a SIGRTMIN+1\\n\"}]}";
        for (const QString &schedule : {QString(), QStringLiteral("round-robin")}) {
            const QString how = schedule.isEmpty() ? QStringLiteral("free") : schedule;
            QTest::newRow(qPrintable(QStringLiteral("queue types, ") + how))
                << types << schedule << QStringList{"a", "q", "b", "q", "a"};
            QTest::newRow(qPrintable(QStringLiteral("real-time signals, ") + how))
                << awaits << schedule << QStringList{"a", "SIGRTMIN+1", "b", "SIGRTMIN+2", "a"};
        }
    }
    void circlesOnQueueTypesAndRealTimeSignalsAreDeadlocks()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, schedule);
        QFETCH(QStringList, circle);
        const auto sc = test::scenarioFromJson(json);
        QVERIFY(sc);
        Session::Options o = opts();
        if (!schedule.isEmpty()) {
            std::string err;
            o.schedule = *parseSchedule(schedule.toStdString(), *sc, &err);
            o.scheduleGiven = true;
        }
        const Run run = test::runToEnd(*sc, o);
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QStringList found = circleNames(*sc, run.result.deadlock.cycle);
        if (found.value(0) == QStringLiteral("b")) // the same circle, begun at b
            found = found.mid(2) + found.mid(1, 2);
        QCOMPARE(found, circle);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A read asks for the 8-byte counter: fewer bytes is the kernel's EINVAL, and the process
    // ends as real code would.
    void anEventfdReadOfFewerThanEightBytesIsEinval()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "short",
            "resources": [{"name": "e", "type": "eventfd", "initial": 1}],
            "processes": [{"name": "p", "script": "read e 4\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits.at(0).exitCode, 1);
        QCOMPARE(run.world.processes.at(0).lastError, QStringLiteral("EINVAL"));
    }

    // A System V queue holds queue_bytes (msg_qbytes, set by the engine): a sender whose
    // message would take it over them sleeps in the kernel until a receive makes room. Four
    // messages of 16 bytes (16 digits) fill 64; the fifth waits for the receiver, who sleeps
    // first.
    void aSysvQueueSBytesHoldItsSenderUntilAReceiveMakesRoom()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "full",
            "resources": [{"name": "q", "type": "sysv-mqueue", "queue_bytes": 64,
                           "message_size": 16}],
            "processes": [
                {"name": "s", "script": "repeat 5:\n    send q 1000000000000000 + $i\n"},
                {"name": "r", "script": "sleep 1500\nrepeat 5:\n    receive q\n"}]})");
        QVERIFY(sc);
        Session session(*sc, opts());
        WorldModel world(*sc);
        QList<int> pids;
        int sentBeforeBlocked = -1;
        QString toldAsleep;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                if (e.kind == Event::Blocked && e.proc == 0 && sentBeforeBlocked < 0) {
                    sentBeforeBlocked = int(world.state().processes.at(0).steps);
                    toldAsleep = Narrator::describe(e, world.state());
                }
                world.apply(e);
            }
        });
        EventBatch events;
        connect(&session, &Session::eventsReady, this,
                [&](const EventBatch &b) { events.append(b); });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(sentBeforeBlocked >= 0, 20000);
        QCOMPARE(sentBeforeBlocked, 4);
        QVERIFY2(toldAsleep.contains(QStringLiteral("holds 64 of its 64 bytes")),
                 qPrintable(toldAsleep));
        QCOMPARE(world.state().processes.at(0).res, 0);
        QCOMPARE(world.state().processes.at(0).op, Op::Send);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        const RunResult result = finished.at(0).at(0).value<RunResult>();
        QCOMPARE(result.end, RunResult::End::Completed);
        QCOMPARE(result.finals.at(0).value, 0); // every message taken
        // Told in their causes' order: the fifth send after the receive that made it room.
        const QString v = test::causalViolation(events, *sc);
        QVERIFY2(v.isEmpty(), qPrintable(v));
        QVERIFY(test::leftoversOf(session.directory(), pids).isEmpty());
    }

    // Readers hold a rwlock together, and a writer waits, asleep in the kernel, until every
    // one of them has let go: its lock ends after both unlocks, and then it holds it alone.
    // (The readers compute while they hold it: long enough for the engine to see the writer
    // asleep, which the test waits for; the order of the ends does not depend on it.)
    void aRwlocksReadersHoldItTogetherAndItsWriterWaitsForAll()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "rw",
            "resources": [{"name": "l", "type": "rwlock"},
                          {"name": "in", "type": "barrier", "parties": 3}],
            "processes": [
                {"name": "w", "script": "arrive in\nlock l\nprint 7\nunlock l\n"},
                {"name": "r", "count": 2,
                 "script": "lock l shared\narrive in\ncompute 1500\nunlock l\n"}]})");
        QVERIFY(sc);
        Session session(*sc, opts());
        EventBatch events;
        WorldModel world(*sc);
        QList<int> pids;
        bool writerBlocked = false;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            events.append(b);
            world.apply(b);
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                if (e.kind == Event::Blocked && e.proc == 0) writerBlocked = true;
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(writerBlocked, 20000);
        const ResourceState &l = world.state().resources.at(0);
        QCOMPARE(l.owner, -1);
        const QList<int> &readers = kinds::rwlock::stateOf(l).readers;
        QCOMPARE(readers.size(), 2);
        QVERIFY(readers.contains(1) && readers.contains(2));
        QCOMPARE(world.state().processes.at(0).state, ProcState::Blocked);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<RunResult>().end, RunResult::End::Completed);
        qsizetype writerLocked = -1, lastUnlock = -1;
        for (qsizetype i = 0; i < events.size(); ++i) {
            const Event &e = events[i];
            if (e.kind != Event::Step || e.phase != Phase::End) continue;
            if (e.proc == 0 && e.op == Op::Lock) writerLocked = i;
            if (e.proc > 0 && e.op == Op::Unlock) {
                QVERIFY(e.shared);
                lastUnlock = i;
            }
        }
        QVERIFY(lastUnlock >= 0 && writerLocked > lastUnlock);
        QCOMPARE(world.state().processes.at(0).printed, QStringList{"7"});
        QVERIFY(test::leftoversOf(session.directory(), pids).isEmpty());
    }

    // Two readers who each ask for the write lock wait for each other's read lock: a circle
    // on one rwlock, found in the wait-for graph from the holders the lock names.
    void readersWhoUpgradeARwlockAreDeadlocked()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "upgrade",
            "resources": [{"name": "doc", "type": "rwlock"},
                          {"name": "both", "type": "barrier", "parties": 2}],
            "processes": [{"name": "e", "count": 2,
                           "script": "lock doc shared\narrive both\nlock doc\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        const QStringList cycle = circleNames(*sc, run.result.deadlock.cycle);
        QVERIFY2(cycle == (QStringList{"e[0]", "doc", "e[1]", "doc", "e[0]"}) ||
                     cycle == (QStringList{"e[1]", "doc", "e[0]", "doc", "e[1]"}),
                 qPrintable(cycle.join(' ')));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // Relocking the write lock one holds is glibc's EDEADLK; unlocking a rwlock one does not
    // hold is undefined in POSIX, and ipcsim refuses it with EPERM. Each process ends as real
    // code would.
    void aRwlocksMisusesAreErrors()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "misuse",
            "resources": [{"name": "l", "type": "rwlock"}, {"name": "k", "type": "rwlock"}],
            "processes": [{"name": "relock", "script": "lock l\nlock l\n"},
                          {"name": "stranger", "script": "unlock k\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits.at(0).exitCode, 1);
        QCOMPARE(run.world.processes.at(0).lastError, QStringLiteral("EDEADLK"));
        QCOMPARE(run.result.exits.at(1).exitCode, 1);
        QCOMPARE(run.world.processes.at(1).lastError, QStringLiteral("EPERM"));
    }

    // A condition's wait lets go of its mutex as it sleeps: the notifier can lock it, and the
    // waiter's wait returns only after the notifier's unlock, holding the mutex again.
    void aConditionsWaitLetsGoOfItsMutexAndTakesItBack()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "cond",
            "resources": [{"name": "m", "type": "mutex"},
                          {"name": "c", "type": "condition", "mutex": "m"},
                          {"name": "ready", "type": "shm", "cells": 1}],
            "processes": [
                {"name": "waiter", "script": "lock m\nload r = ready[0]\nwhile r == 0:\n    wait c\n    load r = ready[0]\nunlock m\n"},
                {"name": "notifier", "script": "lock m\nstore ready[0] = 1\nnotify c\nunlock m\n"}]})");
        QVERIFY(sc);
        // The notifier waits for the waiter's sleep: the step mode lets the waiter go first.
        Session::Options o = opts();
        std::string err;
        o.schedule = *parseSchedule("waiter,waiter,waiter", *sc, &err);
        o.scheduleGiven = true;
        const Run run = test::runToEnd(*sc, o);
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits.at(0).exitCode, 0);
        QCOMPARE(run.result.exits.at(1).exitCode, 0);
        qsizetype waitBegan = -1, waitEnded = -1, notifierLocked = -1, notifierUnlocked = -1,
                  notified = -1;
        for (qsizetype i = 0; i < run.events.size(); ++i) {
            const Event &e = run.events[i];
            if (e.kind != Event::Step) continue;
            if (e.proc == 1 && e.op == Op::Notify && e.phase == Phase::End) notified = i;
            if (e.proc == 0 && e.op == Op::Wait && e.phase == Phase::Begin) waitBegan = i;
            if (e.proc == 0 && e.op == Op::Wait && e.phase == Phase::End) waitEnded = i;
            if (e.proc == 1 && e.op == Op::Lock && e.phase == Phase::End) notifierLocked = i;
            if (e.proc == 1 && e.op == Op::Unlock && e.phase == Phase::End) notifierUnlocked = i;
        }
        QVERIFY2(waitBegan >= 0 && notifierLocked > waitBegan, "the wait let go of m");
        QVERIFY2(waitEnded > notifierUnlocked, "the wait took m back after the unlock");
        // The world after it: nobody holds m; while the waiter slept, the notifier did.
        WorldModel world(*sc);
        for (qsizetype i = 0; i <= notifierLocked; ++i)
            world.apply(run.events[i]);
        QCOMPARE(world.state().resources.at(0).owner, 1);
        QVERIFY(world.state().resources.at(1).waiters.contains(0));
        QVERIFY(!world.state().processes.at(0).holds.contains(0));
        // Notified, the waiter sleeps in c no more: it waits for m, in m's line, until the
        // notifier's unlock lets it take m back.
        QVERIFY(notified > notifierLocked && notified < notifierUnlocked);
        for (qsizetype i = notifierLocked + 1; i <= notified; ++i)
            world.apply(run.events[i]);
        const auto &sleepers = kinds::condition::stateOf(world.state().resources.at(1)).sleepers;
        QCOMPARE(sleepers.woken, QList<int>{0});
        QVERIFY(sleepers.asleep.isEmpty());
        QVERIFY(!world.state().resources.at(1).waiters.contains(0));
        QCOMPARE(world.state().resources.at(0).waiters, QList<int>{0});
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A waiter a notify woke sleeps on its mutex, not in the condition: the notifier holds the
    // mutex and sleeps on a lock the waiter holds. The circle goes through the mutex, as the
    // kernel says (the futex word the waiter sleeps on is the mutex's), not through the
    // condition, whose notify has come.
    void aWokenWaiterIsDeadlockedOnItsMutex()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"woken\", \"resources\": ["
            "{\"name\": \"m\", \"type\": \"mutex\"}, {\"name\": \"m2\", \"type\": \"mutex\"}, "
            "{\"name\": \"c\", \"type\": \"condition\", \"mutex\": \"m\"}], \"processes\": ["
            "{\"name\": \"a\", \"script\": \"lock m2\\nlock m\\nwait c\\nunlock m\\nunlock "
            "m2\\n\"}, {\"name\": \"n\", \"script\": \"lock m\\nnotify c\\nlock m2\\nunlock "
            "m2\\nunlock m\\n\"}], \"schedule\": [\"a\", \"a\", \"a\", \"n\", \"n\", \"n\"]}");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QStringList found = circleNames(*sc, run.result.deadlock.cycle);
        if (found.value(0) == QStringLiteral("n")) found = found.mid(2) + found.mid(1, 2);
        QCOMPARE(found, (QStringList{"a", "m", "n", "m2", "a"}));
        for (const DeadlockWait &w : run.result.deadlock.waits)
            QCOMPARE(w.res, w.proc == 0 ? 0 : 1); // a on m, n on m2
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A notify given while nobody waits is lost: the waiter that comes after sleeps for good,
    // and with its notifier gone nobody is left who could wake it.
    void aNotifyNobodyWaitsForIsLost()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "lost",
            "resources": [{"name": "m", "type": "mutex"},
                          {"name": "c", "type": "condition", "mutex": "m"}],
            "processes": [{"name": "notifier", "script": "notify c\n"},
                          {"name": "waiter", "script": "lock m\nwait c\nunlock m\n"}],
            "schedule": ["notifier"]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(run.result.exits.at(0).exitCode, 0);
        QVERIFY(run.result.deadlock.cycle.isEmpty());
        QCOMPARE(run.result.deadlock.waits.size(), 1);
        QCOMPARE(run.result.deadlock.waits.at(0).proc, 1);
        QCOMPARE(run.result.deadlock.waits.at(0).res, 1);
    }

    // The waiter holds another lock while it waits; its notifier needs that lock first: a
    // circle through a condition, found from who could notify it.
    void aWaiterHoldingTheNotifiersLockIsDeadlocked()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "circle",
            "resources": [{"name": "m", "type": "mutex"}, {"name": "other", "type": "mutex"},
                          {"name": "c", "type": "condition", "mutex": "m"}],
            "processes": [{"name": "waiter", "script": "lock other\nlock m\nwait c\nunlock m\nunlock other\n"},
                          {"name": "notifier", "script": "lock other\nnotify c\nunlock other\n"}],
            "schedule": ["waiter", "waiter", "waiter"]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        const QStringList cycle = circleNames(*sc, run.result.deadlock.cycle);
        QVERIFY2(cycle == (QStringList{"waiter", "c", "notifier", "other", "waiter"}) ||
                     cycle == (QStringList{"notifier", "other", "waiter", "c", "notifier"}),
                 qPrintable(cycle.join(' ')));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // Waiting on a condition without holding its mutex is the kernel's (glibc's) EPERM for an
    // error-checking mutex, and the process ends as real code would.
    void aConditionWaitWithoutItsMutexIsEperm()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "eperm",
            "resources": [{"name": "m", "type": "mutex"},
                          {"name": "c", "type": "condition", "mutex": "m"}],
            "processes": [{"name": "p", "script": "wait c\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits.at(0).exitCode, 1);
        QCOMPARE(run.world.processes.at(0).lastError, QStringLiteral("EPERM"));
    }

    void workerKilledBySigkillIsReportedAndCleanedUp()
    {
        const auto sc = test::scenarioFromJson(kVictim);
        QVERIFY(sc);
        Session session(*sc, opts());
        EventBatch events;
        QList<int> pids;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            events.append(b);
            for (const Event &e : b) {
                if (e.kind == Event::Started) pids << e.pid;
                if (e.kind == Event::Blocked && e.proc == 0)
                    kill(e.pid, SIGKILL); // a fault from outside: someone kills the worker
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        const QString dir = session.directory();
        QVERIFY(finished.wait(10000));
        const RunResult r = finished.at(0).at(0).value<RunResult>();
        QCOMPARE(r.end, RunResult::End::Completed);
        QCOMPARE(r.exits.at(0).termSignal, SIGKILL);
        QVERIFY(!r.exits.at(0).killedByEngine);
        QCOMPARE(r.exits.at(1).exitCode, 0);
        const QStringList left = test::leftoversOf(dir, pids);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(", ")));
    }

    void parentKilledBySigkillLeavesNothing()
    {
        const QString bin = test::ipcsimBinary();
        if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
        QTemporaryDir tmp; // removed however the test ends
        QVERIFY(tmp.isValid());
        const QString file = tmp.filePath(QStringLiteral("long-run.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kLongRun);
        f.close();
        QProcess ipcsim;
        ipcsim.setProgram(bin);
        ipcsim.setArguments({QStringLiteral("run"), file, QStringLiteral("--allow-exec"),
                             QStringLiteral("--quiet")});
        ipcsim.start();
        QVERIFY(ipcsim.waitForStarted(5000));
        const qint64 pid = ipcsim.processId();
        // Its session folder and its workers appear.
        QString dir;
        QTRY_VERIFY_WITH_TIMEOUT(!(dir = test::sessionDirectoryOf(pid)).isEmpty(), 10000);
        auto children = [&] {
            QList<int> kids;
            for (const QString &e : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
                bool ok = false;
                const int p = e.toInt(&ok);
                if (!ok) continue;
                QFile s(QStringLiteral("/proc/%1/stat").arg(p));
                if (!s.open(QIODevice::ReadOnly)) continue;
                const QByteArray t = s.readAll();
                const QList<QByteArray> fl = t.mid(t.lastIndexOf(')') + 2).split(' ');
                if (fl.size() > 1 && fl.at(1).toLongLong() == pid) kids << p;
            }
            return kids;
        };
        QTRY_VERIFY_WITH_TIMEOUT(children().size() >= 6, 10000); // 5 processes and the watcher
        const QList<int> kids = children();
        const QString prefix = QFileInfo(dir).fileName();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(QStringLiteral("/dev/shm/%1-cells").arg(prefix)),
                                 5000);
        // The System V queue, set and segment, by their keys.
        QCOMPARE(test::sysvObjectsOf(dir).size(), 3);

        kill(pid_t(pid), SIGKILL);
        QVERIFY(ipcsim.waitForFinished(5000));
        // Orphans come to us (subreaper): reap them while waiting for the watcher to clean up.
        auto reap = [] {
            while (waitpid(-1, nullptr, WNOHANG) > 0) {
            }
        };
        QTRY_VERIFY_WITH_TIMEOUT((reap(), !QFileInfo::exists(dir)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT((reap(), test::leftoversOf(dir, kids).isEmpty()), 10000);
        for (int k : kids)
            QVERIFY2(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(k)),
                     qPrintable(QStringLiteral("process %1 remains").arg(k)));
    }

    // A program's output without a newline is not one line without end: it comes in pieces
    // of at most 64 KiB (a script's longest text), every byte of it.
    void aProgramsLongLineComesInPieces()
    {
        const auto sc = test::scenarioFromJson(kLongProgramLine);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        qint64 total = 0;
        int pieces = 0;
        for (const Event &e : run.events) {
            if (e.kind != Event::Step || e.op != Op::Print) continue;
            QVERIFY2(e.text.size() <= 65536, qPrintable(QString::number(e.text.size())));
            total += e.text.size();
            ++pieces;
        }
        QCOMPARE(total, 300000);
        QCOMPARE(pieces, 5);
    }

    // yes as a program for 3 s: the engine read its pipe to empty, which yes never lets happen,
    // into one buffer split in quadratic time (5 s timeout: 5.96 s and 1.7 GB). It reads a
    // bounded amount per turn now, and ipcsim's peak memory stays far below that.
    // A flood ends at its timeout in memory that does not grow with it. A batch holds at most
    // 16,384 records, however fast the rings fill: six printers peaked at 364 MB in 3 s
    // before (one batch took every ring whole, and the rings refilled during it), and `yes`
    // at 1,577 MB when its output was read to the end at once.
    void aFloodEndsAtItsTimeoutInBoundedMemory_data()
    {
        QTest::addColumn<QByteArray>("scenario");
        QTest::newRow("program output") << kYesFlood;
        QTest::newRow("six printers") << kLongPrintFlood;
        QTest::newRow("steps") << kStepFlood;
    }

    void aFloodEndsAtItsTimeoutInBoundedMemory()
    {
        QFETCH(QByteArray, scenario);
        if (test::kAddressSanitizer) QSKIP("a memory bound holds for a normal build, not ASan's");
        const QString bin = test::ipcsimBinary();
        if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
        QTemporaryDir tmp;
        const QByteArray file = scenarioFile(tmp, scenario).toLocal8Bit();
        QVERIFY(!file.isEmpty());
        const QByteArray exe = bin.toLocal8Bit();
        const pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            const int null = open("/dev/null", O_WRONLY);
            dup2(null, 1);
            execl(exe.constData(), exe.constData(), "run", file.constData(), "--allow-exec",
                  "--quiet", "--timeout", "3000", static_cast<char *>(nullptr));
            _exit(127);
        }
        int status = 0;
        rusage use{};
        QCOMPARE(wait4(pid, &status, 0, &use), pid);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 1); // the timeout
        QVERIFY2(use.ru_maxrss < 150 * 1024,
                 qPrintable(QStringLiteral("peak memory %1 MB").arg(use.ru_maxrss / 1024)));
    }

    // The cleaner (watcher) killed from outside during a run: ipcsim wrote to its pipe at the
    // end and died of SIGPIPE (exit 141, its summary lost; the window likewise). The run
    // goes on to its end, and its result says the cleaner was lost.
    void killingTheCleanerIsNoticedAndTheRunGoesOn()
    {
        const auto sc = test::scenarioFromJson(kSleeper);
        QVERIFY(sc);
        Session session(*sc, opts());
        std::optional<RunResult> result;
        connect(&session, &Session::finished, this, [&result](const RunResult &r) { result = r; });
        session.start();
        // The watcher is our child with our own name (forked, not exec'd).
        QFile comm(QStringLiteral("/proc/self/comm"));
        QVERIFY(comm.open(QIODevice::ReadOnly));
        const QByteArray ownName = comm.readAll().trimmed();
        auto watcher = [&ownName]() -> pid_t {
            for (const QString &e : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
                QFile st(QStringLiteral("/proc/%1/stat").arg(e));
                if (!st.open(QIODevice::ReadOnly)) continue;
                const QByteArray t = st.readAll();
                const QByteArray name =
                    t.mid(t.indexOf('(') + 1, t.lastIndexOf(')') - t.indexOf('(') - 1);
                const QList<QByteArray> f = t.mid(t.lastIndexOf(')') + 2).split(' ');
                if (f.size() > 1 && f.at(1).toLongLong() == getpid() && name == ownName)
                    return pid_t(e.toInt());
            }
            return 0;
        };
        pid_t w = 0;
        QTRY_VERIFY_WITH_TIMEOUT((w = watcher()) > 0, 10000);
        QCOMPARE(kill(w, SIGKILL), 0);
        QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 30000);
        QCOMPARE(result->end, RunResult::End::Completed);
        QCOMPARE(result->warnings.size(), 1);
        QVERIFY2(result->warnings.first().contains("cleaner"),
                 qPrintable(result->warnings.first()));
        QVERIFY(test::leftoversOf(session.directory(), {}).isEmpty());
    }

    // A client writes a megabyte and a half into a unix stream socket faster than the server
    // reads it: its writes find no room (the kernel says so to a try that does not wait), and
    // each one that slept for room is told after a read of the server that made some, though
    // the writer woken by that read often records its end first.
    void aSocketWriteThatFoundNoRoomIsToldAfterTheReadThatMadeIt()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"full socket\", \"resources\": [{\"name\": \"s\","
            " \"type\": \"socket\", \"domain\": \"unix\", \"kind\": \"stream\"}],"
            " \"processes\": ["
            "  {\"name\": \"server\", \"script\": \"accept s\\nforever:\\n    read s 65536 -> m\\n"
            "    if m == \\\"\\\":\\n        break\\n    sleep 2\\n\"},"
            "  {\"name\": \"client\", \"script\": \"connect s\\nrepeat 24:\\n"
            "    write s 65536 bytes\\nclose s\\n\"}]}");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QVERIFY2(run.result.end == RunResult::End::Completed, qPrintable(run.result.error));
        qint64 read = 0, waited = 0;
        QString told; // the narration of the first write that waited
        WorldModel world(*sc);
        for (const Event &e : run.events) {
            if (e.kind == Event::Step && e.phase == Phase::End && e.op == Op::Read)
                read += e.bytes();
            if (e.kind == Event::Step && e.phase == Phase::End && e.op == Op::WriteBytes &&
                e.waitedForRoom && waited++ == 0)
                told = Narrator::describe(e, world.state());
            world.apply(e);
        }
        QCOMPARE(read, 24 * 65536);
        QVERIFY2(waited > 0, "no write found the socket full");
        QVERIFY2(told.contains(QStringLiteral("it found the connection's buffer full")),
                 qPrintable(told));
        const QString v = test::causalViolation(run.events, *sc);
        QVERIFY2(v.isEmpty(), qPrintable(v));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A pipe of two pages takes two writes of 2,100 bytes: each goes whole into a page of its
    // own, and the third sleeps with 4,200 of 8,192 bytes in the pipe. The kernel says so to
    // the worker's try without waiting; the narration says why it sleeps with room left, and
    // the write is told after the read that woke it.
    void aPipeIsFullByItsPagesAndItsWriterIsToldAfterTheReadThatMadeRoom()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "pages",
            "resources": [{"name": "p", "type": "pipe", "capacity": 8192}],
            "processes": [
                {"name": "writer", "script": "repeat 8:\n    write p 2100 bytes\n"},
                {"name": "reader", "script": "sleep 300\nrepeat 8:\n    read p 2100\n    sleep 5\n"}]})");
        QVERIFY(sc);
        QList<int> waited; // the writes, by $i, that found no room
        QString toldAsleep;
        EventBatch events;
        WorldModel world(*sc);
        Session session(*sc, opts());
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Blocked && e.proc == 0 && toldAsleep.isEmpty())
                    toldAsleep = Narrator::describe(e, world.state());
                if (e.kind == Event::Step && e.phase == Phase::End && e.op == Op::WriteBytes &&
                    e.waitedForRoom)
                    waited << int(world.state().processes.at(0).steps);
                world.apply(e);
            }
            events.append(b);
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<RunResult>().end, RunResult::End::Completed);
        QVERIFY(!waited.isEmpty());
        QCOMPARE(waited.first(), 2); // the third write: two pages hold two
        QVERIFY2(toldAsleep.contains(QStringLiteral("4200 of 8192 bytes in it")),
                 qPrintable(toldAsleep));
        const QString v = test::causalViolation(events, *sc);
        QVERIFY2(v.isEmpty(), qPrintable(v));
    }

    // The kernel frees a fifo's buffer, and the bytes nobody read in it, when the last process
    // that had it open closes it: w writes 10 bytes, r reads 3, both close; then x writes "XY"
    // and y, opening it anew, reads "XY" alone. The world says so (0 bytes left at the end, 7
    // freed), the narration tells it at the last close, and y's read is told after x's write.
    void aFifosUnreadBytesAreFreedWithItsLastEnd()
    {
        QStringList errors;
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"freed\","
            " \"resources\": [{\"name\": \"f\", \"type\": \"fifo\"},"
            "  {\"name\": \"wdone\", \"type\": \"semaphore\"},"
            "  {\"name\": \"rdone\", \"type\": \"semaphore\"}],"
            " \"processes\": ["
            "  {\"name\": \"w\", \"script\": \"write f \\\"abcdefghij\\\"\\nclose f\\n"
            "post wdone\\npost wdone\"},"
            "  {\"name\": \"r\", \"script\": \"read f 3\\nclose f\\npost rdone\\npost rdone\"},"
            "  {\"name\": \"x\", \"script\": \"wait wdone\\nwait rdone\\nwrite f \\\"XY\\\"\"},"
            "  {\"name\": \"y\", \"script\": \"wait wdone\\nwait rdone\\nread f 10 -> got\\n"
            "print got\"}]}",
            &errors);
        QVERIFY2(sc, qPrintable(errors.join('\n')));
        enum
        {
            W,
            R,
            X,
            Y
        };
        EventBatch events;
        WorldModel world(*sc);
        QStringList closes; // what the story tells of each close
        qint64 leftAfterCloses = -1;
        Session session(*sc, opts());
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                const bool close =
                    e.kind == Event::Step && e.phase == Phase::End && e.op == Op::Close;
                if (close) closes << Narrator::describe(e, world.state());
                world.apply(e);
                if (close && closes.size() == 2) leftAfterCloses = world.state().resources[0].level;
            }
            events.append(b);
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QCOMPARE(finished.at(0).at(0).value<RunResult>().end, RunResult::End::Completed);
        // The kernel's answer: y read the 2 bytes x wrote, not the 7 that w left.
        QCOMPARE(test::printedLines(events, Y), QStringList{QStringLiteral("XY")});
        const ResourceState &f = world.state().resources[0];
        QCOMPARE(leftAfterCloses, 0);
        QCOMPARE(kinds::pipe::stateOf(f).freed, 7);
        QCOMPARE(f.level, 0);
        QCOMPARE(closes.size(), 2);
        QVERIFY2(closes.last().contains(QStringLiteral("the 7 bytes nobody read in it went with "
                                                       "it")),
                 qPrintable(closes.join('\n')));
        QVERIFY2(!closes.first().contains(QStringLiteral("nobody read")),
                 qPrintable(closes.join('\n')));
        const QString v = test::causalViolation(events, *sc);
        QVERIFY2(v.isEmpty(), qPrintable(v));
        // The arrows the timeline and the Chrome trace draw: y's bytes came from x, not w.
        FlowMatcher matcher(*sc);
        QVector<FlowMatcher::Flow> flows;
        for (const Event &e : events)
            matcher.apply(e, flows);
        QStringList arrows;
        for (const FlowMatcher::Flow &fl : flows)
            arrows << QStringLiteral("%1 -> %2: %3 bytes")
                          .arg(fl.from.proc)
                          .arg(fl.to.proc)
                          .arg(fl.bytes);
        QCOMPARE(arrows, (QStringList{QStringLiteral("0 -> 1: 3 bytes"),
                                      QStringLiteral("2 -> 3: 2 bytes")}));
    }

    // A process that closes its end of a connection with bytes it has not read: the kernel
    // discards them and resets the connection, so the other end's read fails with ECONNRESET
    // instead of getting end of file. The world counts the bytes discarded, not in flight; the
    // story says so at the close, and foretells the reset at the client's gate.
    void aSocketClosedWithBytesUnreadIsReset_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::newRow("unix") << QStringLiteral("unix");
        QTest::newRow("tcp") << QStringLiteral("tcp");
    }
    void aSocketClosedWithBytesUnreadIsReset()
    {
        QFETCH(QString, domain);
        QStringList errors;
        const auto sc = test::scenarioFromJson(
            QStringLiteral(
                "{\"format\": 1, \"title\": \"reset\","
                " \"schedule\": [\"client\", \"server\", \"client\", \"server\", \"server\","
                " \"client\"],"
                " \"resources\": [{\"name\": \"s\", \"type\": \"socket\", \"domain\": \"%1\"}],"
                " \"processes\": ["
                "  {\"name\": \"client\", \"script\": \"connect s\\nwrite s \\\"abcdefghij\\\"\\n"
                "read s 10\"},"
                "  {\"name\": \"server\", \"script\": \"accept s\\nread s 3 -> a\\nclose s\"}]}")
                .arg(domain)
                .toUtf8(),
            &errors);
        QVERIFY2(sc, qPrintable(errors.join('\n')));
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        WorldModel world(*sc);
        QString foretold, atClose;
        qint64 inFlightAfterClose = -1;
        int clientErr = 0;
        for (const Event &e : run.events) {
            if (e.kind == Event::Released && e.proc == 0 && e.op == Op::Read)
                foretold = Narrator::nextStepLine(world.state(), 0);
            const bool close = e.kind == Event::Step && e.phase == Phase::End && e.op == Op::Close;
            if (close) atClose = Narrator::describe(e, world.state());
            if (e.kind == Event::Step && e.phase == Phase::Error && e.proc == 0) clientErr = e.err;
            world.apply(e);
            if (close) inFlightAfterClose = world.state().resources[0].level;
        }
        // The kernel's answer.
        QCOMPARE(clientErr, ECONNRESET);
        QCOMPARE(inFlightAfterClose, 0);
        QVERIFY2(atClose.contains(QStringLiteral("with 7 bytes from client it had not read: the "
                                                 "kernel discarded them and reset the connection")),
                 qPrintable(atClose));
        QVERIFY2(foretold.contains(QStringLiteral("fails with ECONNRESET: server closed its end")),
                 qPrintable(foretold));
    }

    // A runtime folder so deep that the session's socket path is longer than a socket
    // address holds (the built-in unix-echo failed with XDG_RUNTIME_DIR 106 characters
    // long): the socket is bound and reached through a descriptor of the session folder.
    void aUnixSocketWorksUnderADeepRuntimeFolder()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        QString deep = tmp.path();
        while (deep.size() < 106)
            deep += QStringLiteral("/deeper");
        QVERIFY(QDir().mkpath(deep));
        const QByteArray before = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", deep.toLocal8Bit());
        const auto sc = test::scenarioFromJson(kUnixHello);
        const Run run = sc ? test::runToEnd(*sc, opts()) : Run{};
        qputenv("XDG_RUNTIME_DIR", before);
        QVERIFY(sc);
        QVERIFY2(run.directory.startsWith(deep), qPrintable(run.directory));
        QVERIFY2(run.result.end == RunResult::End::Completed, qPrintable(run.result.error));
        QCOMPARE(checkExpectations(*sc, run.result, run.world), QStringList());
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A program that cannot be started says why, not only "exited 127": a text file marked
    // executable (ENOEXEC) and a script whose #! interpreter is missing (ENOENT).
    void aProgramThatCannotRunSaysWhy()
    {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QString notes = tmp.filePath(QStringLiteral("notes.txt"));
        const QString script = tmp.filePath(QStringLiteral("bad.sh"));
        for (const auto &[path, text] : {std::pair{notes, QByteArray("just some notes\n")},
                                         std::pair{script, QByteArray("#!/nonexistent/sh\n")}}) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly) && f.write(text) == text.size());
            f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        }
        QJsonArray procs;
        procs << QJsonObject{{"name", "notes"}, {"exec", QJsonArray{notes}}}
              << QJsonObject{{"name", "bad"}, {"exec", QJsonArray{script}}};
        const QJsonObject json{{"format", 1},
                               {"title", "Cannot run"},
                               {"resources", QJsonArray{}},
                               {"processes", procs}};
        const auto sc = test::scenarioFromJson(QJsonDocument(json).toJson());
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits.at(0).exitCode, 127);
        QVERIFY2(run.result.exits.at(0).failure.contains("ENOEXEC") &&
                     run.result.exits.at(0).failure.contains(notes),
                 qPrintable(run.result.exits.at(0).failure));
        QVERIFY2(run.result.exits.at(1).failure.contains("interpreter"),
                 qPrintable(run.result.exits.at(1).failure));
        QCOMPARE(run.world.processes.at(1).lastError, run.result.exits.at(1).failure);
    }

    // Seventy pipes between two processes: every end placed (the launcher had 64 slots and
    // dropped the rest silently: both processes failed with EBADF and the run said completed).
    void seventyPipesAreAllPlaced()
    {
        QString writes, reads;
        QJsonArray pipes;
        for (int i = 0; i < 70; ++i) {
            pipes << QJsonObject{{"name", QStringLiteral("p%1").arg(i)}, {"type", "pipe"}};
            writes += QStringLiteral("write p%1 \"x\"\n").arg(i);
            reads += QStringLiteral("read p%1 1\n").arg(i);
        }
        QJsonArray procs;
        procs << QJsonObject{{"name", "writer"}, {"script", writes}}
              << QJsonObject{{"name", "reader"}, {"script", reads}};
        const QJsonObject json{
            {"format", 1}, {"title", "Seventy pipes"}, {"resources", pipes}, {"processes", procs}};
        const auto sc = test::scenarioFromJson(QJsonDocument(json).toJson());
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        for (const ProcessExit &x : run.result.exits)
            QCOMPARE(x.exitCode, 0);
        for (const ProcessState &p : run.world.processes)
            QVERIFY2(p.lastError.isEmpty(), qPrintable(p.lastError));
    }

    // A program that starts a grandchild in a session of its own (setsid) left it running
    // after the run: out of the run's process group, nothing killed it. The session now
    // ends every process that carries it in its environment.
    void aGrandchildInItsOwnSessionEndsWithTheRun()
    {
        const auto sc = test::scenarioFromJson(kSetsidGrandchild);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        const QStringList printed = test::printedLines(run.events);
        QCOMPARE(printed.size(), 1);
        const pid_t grandchild = pid_t(printed.first().toInt());
        QVERIFY(grandchild > 0);
        // Gone, and reaped: we are a subreaper, so it may come to us as a zombie.
        auto gone = [grandchild] {
            waitpid(grandchild, nullptr, WNOHANG);
            return !QFileInfo::exists(QStringLiteral("/proc/%1").arg(grandchild));
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 10000);
    }

    // ipcsim killed while a program's grandchild lives in a session of its own: the cleaner
    // ends it too (it ended only the run's process group).
    void aGrandchildInItsOwnSessionEndsWhenIpcsimIsKilled()
    {
        const QString bin = test::ipcsimBinary();
        if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
        QTemporaryDir tmp;
        const QString file = scenarioFile(tmp, kSetsidGrandchildLongRun);
        QVERIFY(!file.isEmpty());
        QProcess ipcsim;
        ipcsim.start(bin, {QStringLiteral("run"), file, QStringLiteral("--allow-exec")});
        QVERIFY(ipcsim.waitForStarted(5000));
        QByteArray out;
        QTRY_VERIFY_WITH_TIMEOUT((out += ipcsim.readAllStandardOutput()).contains('\n'), 10000);
        const pid_t grandchild = pid_t(out.mid(out.indexOf(':') + 1).trimmed().toInt());
        QVERIFY2(grandchild > 0, out.constData());
        QVERIFY(QFileInfo::exists(QStringLiteral("/proc/%1").arg(grandchild)));
        kill(pid_t(ipcsim.processId()), SIGKILL);
        QVERIFY(ipcsim.waitForFinished(5000));
        auto gone = [grandchild] {
            while (waitpid(-1, nullptr, WNOHANG) > 0) {
            }
            return !QFileInfo::exists(QStringLiteral("/proc/%1").arg(grandchild));
        };
        QTRY_VERIFY_WITH_TIMEOUT(gone(), 10000);
    }

    void ctrlCStopsTheRunCleanly()
    {
        const QString bin = test::ipcsimBinary();
        if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
        QTemporaryDir tmp;
        const QString file = scenarioFile(tmp, kForeverAdders);
        QVERIFY(!file.isEmpty());
        QProcess ipcsim;
        ipcsim.start(bin, {QStringLiteral("run"), file, QStringLiteral("--quiet")});
        QVERIFY(ipcsim.waitForStarted(5000));
        const qint64 pid = ipcsim.processId();
        QString dir;
        QTRY_VERIFY_WITH_TIMEOUT(!(dir = test::sessionDirectoryOf(pid)).isEmpty(), 10000);
        const QString prefix = QFileInfo(dir).fileName();
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(QStringLiteral("/dev/shm/%1-c").arg(prefix)),
                                 5000);
        kill(pid_t(pid), SIGINT); // what Ctrl+C in the terminal sends
        QVERIFY(ipcsim.waitForFinished(10000));
        QCOMPARE(ipcsim.exitStatus(), QProcess::NormalExit);
        QCOMPARE(ipcsim.exitCode(), 1);
        QVERIFY2(ipcsim.readAllStandardOutput().contains("stopped"),
                 "the summary says the run was stopped");
        QVERIFY(test::leftoversOf(dir, {}).isEmpty());
    }

    void aSessionBeingCreatedIsNeverTakenForStale()
    {
        // Another ipcsim starting purges the sessions whose lock nobody holds. A session's lock
        // file must never be seen unlocked, or its folder is purged while it is being made.
        QTemporaryDir base;
        QVERIFY(base.isValid());
        const std::string dir = base.path().toStdString();
        auto *stop = static_cast<std::atomic<int> *>(mmap(nullptr, sizeof(std::atomic<int>),
                                                          PROT_READ | PROT_WRITE,
                                                          MAP_SHARED | MAP_ANONYMOUS, -1, 0));
        QVERIFY(stop != MAP_FAILED);
        new (stop) std::atomic<int>(0);
        const pid_t purger = fork();
        QVERIFY(purger >= 0);
        if (purger == 0) {
            while (stop->load() == 0)
                SessionDirectory::purgeStale(dir);
            _exit(0);
        }
        const QByteArray oldRuntime = qgetenv("XDG_RUNTIME_DIR");
        qputenv("XDG_RUNTIME_DIR", base.path().toLocal8Bit());
        constexpr int kSessions = 10000; // 151 of 20000 failed before
        int failed = 0;
        QString firstError;
        for (int i = 0; i < kSessions; ++i) {
            SessionDirectory session;
            QString error;
            // Made, and still whole once made (its manifest not purged from under it).
            if (!session.create(&error) ||
                access((session.path() + "/manifest").c_str(), F_OK) != 0) {
                if (firstError.isEmpty())
                    firstError = error.isEmpty() ? QStringLiteral("purged") : error;
                ++failed;
            }
        }
        qputenv("XDG_RUNTIME_DIR", oldRuntime);
        stop->store(1);
        int status = 0;
        QCOMPARE(waitpid(purger, &status, 0), purger);
        munmap(stop, sizeof(std::atomic<int>));
        QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 of %2 sessions failed: %3")
                                             .arg(failed)
                                             .arg(kSessions)
                                             .arg(firstError)));
    }

    void staleSessionFromPreviousRunIsPurgedAtNextStart()
    {
        // A session folder whose owner died: its lock file is held by nobody.
        const std::string base = SessionDirectory::baseDirectory();
        const std::string dir = base + "/ipcsim-999999-stale" + std::to_string(getpid());
        QVERIFY(QDir().mkpath(QString::fromStdString(dir)));
        QFile lock(QString::fromStdString(dir + "/lock"));
        QVERIFY(lock.open(QIODevice::WriteOnly));
        lock.close();
        const std::string shm = "/ipcsim-999999-stale" + std::to_string(getpid()) + "-cells";
        const int fd = shm_open(shm.c_str(), O_CREAT | O_RDWR, 0600);
        QVERIFY(fd >= 0);
        close(fd);
        QFile manifest(QString::fromStdString(dir + "/manifest"));
        QVERIFY(manifest.open(QIODevice::WriteOnly));
        manifest.write(QByteArray("shm ") + shm.c_str() + "\n");
        manifest.close();

        // A live session (its lock held) must survive the purge.
        SessionDirectory live;
        QString error;
        QVERIFY(live.create(&error));

        const auto sc = test::scenarioFromJson(kOnePrint);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QVERIFY(!QFileInfo::exists(QString::fromStdString(dir)));
        QVERIFY(!QFileInfo::exists(QStringLiteral("/dev/shm") + QString::fromStdString(shm)));
        QVERIFY(QFileInfo::exists(QString::fromStdString(live.path())));
    }

    // A System V object has no name and outlives every process: the manifest records its key
    // before it is made, and the purge (the session's end, the watcher, the next start after a
    // crash) removes it with IPC_RMID, whichever ipcsim's keys it has.
    void aSessionsSystemVObjectsAreRemovedByTheirRecordedKeys()
    {
        SessionDirectory dir;
        QString error;
        QVERIFY2(dir.create(&error), qPrintable(error));
        const SessionLayout layout(dir.path());
        const int32_t msgKey = layout.sysvKey(0, 0), semKey = layout.sysvKey(1, 0),
                      shmKey = layout.sysvKey(2, 0);
        QCOMPARE(msgKey & SessionLayout::kSysvKeyMask, SessionLayout::kSysvKeyTag);
        QVERIFY(msgKey != semKey && msgKey != layout.sysvKey(0, 1));
        QVERIFY(msgKey != SessionLayout(dir.path() + "x").sysvKey(0, 0));
        QVERIFY(dir.record("sysv-msg", std::to_string(msgKey), &error));
        QVERIFY(dir.record("sysv-sem", std::to_string(semKey), &error));
        QVERIFY(dir.record("sysv-shm", std::to_string(shmKey), &error));
        const int msg = msgget(msgKey, IPC_CREAT | IPC_EXCL | 0600);
        const int sem = semget(semKey, 2, IPC_CREAT | IPC_EXCL | 0600);
        const int shm = shmget(shmKey, 64, IPC_CREAT | IPC_EXCL | 0600);
        QVERIFY2(msg >= 0 && sem >= 0 && shm >= 0, strerror(errno));
        QVERIFY(test::sysvObjectsOf(QString::fromStdString(dir.path())).size() == 3);
        dir.remove();
        QCOMPARE(msgget(msgKey, 0), -1);
        QCOMPARE(errno, ENOENT);
        QCOMPARE(semget(semKey, 0, 0), -1);
        QCOMPARE(errno, ENOENT);
        QCOMPARE(shmget(shmKey, 0, 0), -1);
        QCOMPARE(errno, ENOENT);
    }

    // A System V segment is one memory for every process that attached it: what one stores,
    // another loads, and the engine reads the cells back from the kernel's segment at the end.
    void aSystemVSegmentIsOneMemoryForEveryAttachment()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "t",
            "resources": [{"name": "m", "type": "sysv-shm", "cells": 2},
                          {"name": "s", "type": "semaphore"}],
            "processes": [{"name": "w", "script": "store m[1] = 42\npost s\n"},
                          {"name": "r", "script": "wait s\nload v = m[1]\nprint v\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(test::printedLines(run.events), QStringList{"42"});
        QCOMPARE(run.result.finals.at(0).cells, QVector<qint64>({0, 42}));
    }

    // A System V queue gives each receive the oldest message of the type it asks for: T, or
    // the lowest type up to T for -T; within a type, the order of sending. The kernel's depth
    // is sampled while the run goes, and the queue goes with the session.
    void aSystemVQueueGivesEachReceiveItsType()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "types",
            "resources": [{"name": "q", "type": "sysv-mqueue"}],
            "processes": [
                {"name": "s", "script": "send q 20 type 2\nsend q 10 type 1\nsend q 21 type 2\nsend q 30 type 3\n"},
                {"name": "r", "script": "receive q type 2 -> a\nreceive q type 2 -> b\nreceive q type -2 -> c\nprint a, b, c\n"}],
            "schedule": ["s", "s", "s", "s"]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.world.processes.at(1).printed, QStringList{"20 21 10"});
        // What is left is what the kernel had: type 3's message, taken at the end.
        QCOMPARE(run.result.finals.at(0).messages, QList<QByteArray>{"30"});
        QCOMPARE(run.result.finals.at(0).priorities, QList<qint64>{3});
        QCOMPARE(kinds::mqueue::stateOf(run.world.resources.at(0)).messages.size(), 1);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A receive of a type nobody sends sleeps for good, though another type waits in the
    // queue: with the sender gone, nobody can wake it.
    void aReceiveOfATypeNobodySendsIsStuck()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "stuck",
            "resources": [{"name": "q", "type": "sysv-mqueue"}],
            "processes": [{"name": "s", "script": "send q 1 type 1\n"},
                          {"name": "r", "script": "receive q type 2\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(run.result.deadlock.waits.size(), 1);
        QCOMPARE(run.result.deadlock.waits.at(0).proc, 1);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // One semop takes every member it names at once, or none: the eater sleeps for forks[0]
    // and forks[1] while the other posts forks[0] alone, and that token is still there for the
    // other's trywait. Without one call (two waits) the eater would have taken it.
    void aSemopTakesEveryMemberItNamesAtOnce()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "at once",
            "resources": [{"name": "forks", "type": "sysv-semaphore", "semaphores": 2}],
            "processes": [
                {"name": "eater", "script": "wait forks[0], forks[1]\nprint 7\n"},
                {"name": "other", "script": "post forks[0]\ntrywait forks[0] -> got\nprint got\npost forks[0], forks[1]\n"}],
            "schedule": ["eater", "other", "other", "other", "other"]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.world.processes.at(1).printed, QStringList{"1"});
        QCOMPARE(run.world.processes.at(0).printed, QStringList{"7"});
        // The eater was asleep in the kernel before the first post, and its semop's End names
        // both members.
        qsizetype blocked = -1, firstPost = -1, ate = -1;
        for (qsizetype i = 0; i < run.events.size(); ++i) {
            const Event &e = run.events[i];
            if (e.kind == Event::Blocked && e.proc == 0 && blocked < 0) blocked = i;
            if (e.isStep() && e.proc == 1 && e.op == Op::Post && e.phase == Phase::Begin &&
                firstPost < 0)
                firstPost = i;
            if (e.isStep() && e.proc == 0 && e.op == Op::Wait && e.phase == Phase::End) {
                ate = i;
                QCOMPARE(e.text, QByteArray("0,1"));
            }
        }
        QVERIFY2(blocked >= 0 && blocked < firstPost && firstPost < ate,
                 qPrintable(test::stepSequence(run.events, *sc).join('\n')));
        QCOMPARE(kinds::sysvsemaphore::stateOf(run.world.resources.at(0)).members,
                 QVector<qint64>({0, 0}));
        QCOMPARE(run.result.finals.at(0).values, QList<qint64>({0, 0})); // semctl GETALL
        QVERIFY(test::causalViolation(run.events, *sc).isEmpty());
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // Each member starts with its own value from the list (SETALL): what a trywait finds and
    // what the kernel holds at the end.
    void aSetsMembersStartWithTheirListedValues()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "listed",
            "resources": [{"name": "s", "type": "sysv-semaphore", "initial": [2, 0, 1]}],
            "processes": [{"name": "p", "script": "trywait s[0] -> a\ntrywait s[1] -> b\ntrywait s[2] -> c\nprint a, b, c\n"}]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.world.processes.at(0).printed, QStringList{"1 0 1"});
        QCOMPARE(run.result.finals.at(0).values, QList<qint64>({1, 0, 0}));
        QCOMPARE(kinds::sysvsemaphore::stateOf(run.world.resources.at(0)).members,
                 QVector<qint64>({1, 0, 0}));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // SEM_UNDO: the holder is killed holding the token; the kernel gives it back at its death,
    // which wakes the waiter asleep for it. Without undo the token is gone: the waiter is stuck.
    void semUndoGivesBackWhatAKilledHolderTook_data()
    {
        QTest::addColumn<bool>("undo");
        QTest::newRow("undo") << true;
        QTest::newRow("no undo") << false;
    }
    void semUndoGivesBackWhatAKilledHolderTook()
    {
        QFETCH(bool, undo);
        const auto sc = test::scenarioFromJson(QStringLiteral(R"({"format": 1, "title": "undo",
            "resources": [{"name": "s", "type": "sysv-semaphore", "initial": 1, "undo": %1}],
            "processes": [
                {"name": "holder", "script": "wait s\ncrash\n"},
                {"name": "waiter", "script": "wait s\nprint 8\n"}],
            "schedule": ["holder", "waiter", "holder"]})")
                                                   .arg(undo ? "true" : "false")
                                                   .toUtf8());
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.world.processes.at(0).termSignal, SIGABRT);
        if (!undo) {
            QCOMPARE(run.result.end, RunResult::End::Deadlock);
            QCOMPARE(run.result.finals.at(0).values, QList<qint64>{0});
            QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
            return;
        }
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.world.processes.at(1).printed, QStringList{"8"});
        // The token went back to the waiter, and back again at its own exit (it has SEM_UNDO
        // too): 1 at the end, in the kernel and in the world.
        QCOMPARE(run.result.finals.at(0).values, QList<qint64>{1});
        QCOMPARE(kinds::sysvsemaphore::stateOf(run.world.resources.at(0)).members,
                 QVector<qint64>{1});
        qsizetype died = -1, got = -1;
        for (qsizetype i = 0; i < run.events.size(); ++i) {
            const Event &e = run.events[i];
            if (e.kind == Event::Exit && e.proc == 0) died = i;
            if (e.isStep() && e.proc == 1 && e.op == Op::Wait && e.phase == Phase::End) got = i;
        }
        // Told in causal order: the death comes before the wait it let through.
        QVERIFY(died >= 0 && died < got);
        QVERIFY(test::causalViolation(run.events, *sc).isEmpty());
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    // A set's processes each waiting for a member the other holds, with no one left to post:
    // a circle the deadlock detector finds.
    void aCircleOfSemopsIsADeadlock()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "circle",
            "resources": [{"name": "s", "type": "sysv-semaphore", "semaphores": 2, "initial": 1}],
            "processes": [
                {"name": "a", "script": "wait s[0]\nwait s[1]\npost s[0], s[1]\n"},
                {"name": "b", "script": "wait s[1]\nwait s[0]\npost s[0], s[1]\n"}],
            "schedule": ["a", "b", "a", "b"]})");
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(run.result.deadlock.waits.size(), 2);
        QCOMPARE(run.result.finals.at(0).values, QList<qint64>({0, 0}));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    void workersGetOnlyTheDescriptorsTheirScriptUses()
    {
        const auto sc = test::scenarioFromJson(kDescriptors);
        QVERIFY(sc);
        Session session(*sc, opts());
        QHash<int, int> pidOf;
        QHash<int, QStringList> fds;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Started) pidOf[e.proc] = e.pid;
                if (e.kind == Event::Blocked) {
                    QStringList l =
                        QDir(QStringLiteral("/proc/%1/fd").arg(e.pid))
                            .entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot);
                    std::sort(l.begin(), l.end(), [](const QString &x, const QString &y) {
                        return x.toInt() < y.toInt();
                    });
                    fds[e.proc] = l;
                }
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QVERIFY(finished.wait(10000)); // both wait on s forever: deadlock ends the run
        // 0-2, control socket, ring, session segment, then only its own ends.
        QCOMPARE(fds.value(0), (QStringList{"0", "1", "2", "3", "4", "5", "6"}));
        QCOMPARE(fds.value(1), (QStringList{"0", "1", "2", "3", "4", "5", "6", "7"}));
    }

    void workersRunBelowTheWindowsPriority()
    {
        const auto sc = test::scenarioFromJson(kBlockedForever);
        QVERIFY(sc);
        Session session(*sc, opts());
        int nice = -100;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind == Event::Blocked) {
                    QFile s(QStringLiteral("/proc/%1/stat").arg(e.pid));
                    if (s.open(QIODevice::ReadOnly)) {
                        const QByteArray t = s.readAll();
                        nice = t.mid(t.lastIndexOf(')') + 2).split(' ').at(16).toInt();
                    }
                }
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(nice, 5);
    }

    void cpusOptionPinsEveryWorkerAndNotTheEngine()
    {
        // The kernel's own reading of each worker's CPU mask, taken while it sleeps.
        cpu_set_t mine;
        CPU_ZERO(&mine);
        QCOMPARE(sched_getaffinity(0, sizeof mine, &mine), 0);
        int last = -1;
        for (int c = 0; c < CPU_SETSIZE; ++c)
            if (CPU_ISSET(c, &mine)) last = c;
        QVERIFY(last >= 0);
        const auto sc = test::scenarioFromJson(kBlockedForever);
        QVERIFY(sc);
        Session::Options o = opts();
        o.cpus = {last};
        Session session(*sc, o);
        QMap<int, QString> allowed;
        connect(&session, &Session::eventsReady, this, [&](const EventBatch &b) {
            for (const Event &e : b) {
                if (e.kind != Event::Blocked) continue;
                allowed[e.proc] = QString::fromLatin1(test::cpusAllowed(e.pid));
            }
        });
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(allowed.size(), int(sc->instances.size()));
        for (const QString &a : allowed)
            QCOMPARE(a, QString::number(last));
        cpu_set_t after;
        CPU_ZERO(&after);
        sched_getaffinity(0, sizeof after, &after);
        QVERIFY2(CPU_EQUAL(&mine, &after), "the engine's own mask must not change");
    }

    void computeTakesCpuTimeSoASharedCpuStretchesIt()
    {
        // On one CPU, two processes that each need 50 ms of it cannot both be done in 50 ms:
        // the later one ends at least 100 ms after they began (the kernel shares the CPU).
        const auto sc = test::scenarioFromJson(kTwoComputers);
        QVERIFY(sc);
        Session::Options o = opts();
        o.cpus = {0};
        const Run run = test::runToEnd(*sc, o);
        QCOMPARE(run.result.end, RunResult::End::Completed);
        qint64 firstBegin = -1, lastEnd = -1;
        for (const Event &e : run.events) {
            if (e.kind != Event::Step || e.op != Op::Compute) continue;
            if (e.phase == Phase::Begin && (firstBegin < 0 || e.tNs < firstBegin))
                firstBegin = e.tNs;
            if (e.phase == Phase::End) lastEnd = std::max(lastEnd, e.tNs);
        }
        QVERIFY(firstBegin >= 0 && lastEnd > firstBegin);
        QVERIFY2(lastEnd - firstBegin >= 95000000,
                 qPrintable(QStringLiteral("both computed 50 ms within %1 ms on one CPU")
                                .arg((lastEnd - firstBegin) / 1000000)));
    }

    void stepModeGoesOnWhileAnotherAwaitedSignalIsPending()
    {
        // SIGUSR2 waits, blocked, for b's second await; b's first await (SIGUSR1) is blocked
        // until a sends SIGUSR1. A pending blocked signal is not one "pending delivery".
        const auto sc = test::scenarioFromJson(kAwaitWithAnotherSignalPending);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        const QStringList printed = test::printedLines(run.events);
        QCOMPARE(printed, QStringList{QStringLiteral("done")});
    }

    void aStoppedProcessIsShownStoppedUntilSigcont()
    {
        // The kernel tells the parent of each stop and continue (waitid): worker is stopped
        // after boss sent SIGSTOP, runs nothing while stopped, and goes on after SIGCONT.
        const auto sc = test::scenarioFromJson(kStopAndContinue);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits[1].stoppedBy, 0);
        int sentStop = -1, stopped = -1, sentCont = -1, continued = -1;
        for (int i = 0; i < run.events.size(); ++i) {
            const Event &e = run.events[i];
            if (e.isStep() && e.proc == 0 && e.op == Op::Signal && e.phase == Phase::End)
                (e.sig == SIGSTOP ? sentStop : sentCont) = i;
            if (e.kind == Event::Suspended && e.proc == 1) {
                QCOMPARE(stopped, -1);
                QCOMPARE(e.sig, SIGSTOP);
                stopped = i;
            }
            if (e.kind == Event::Continued && e.proc == 1) {
                QCOMPARE(continued, -1);
                QCOMPARE(e.sig, SIGCONT);
                continued = i;
            }
            if (stopped >= 0 && continued < 0 && e.proc == 1)
                QVERIFY2(!e.isStep(), "a stopped process reported a step");
        }
        QVERIFY(sentStop >= 0 && sentCont >= 0);
        QVERIFY2(stopped > sentStop, "stopped before the signal that stopped it");
        QVERIFY2(continued > sentCont, "continued before the SIGCONT");
        QVERIFY(run.events[continued].tNs >= run.events[stopped].tNs);
        QCOMPARE(run.world.processes[1].stoppedBy, 0);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    void aStoppedProcessIsNoPartOfADeadlock()
    {
        // A stopped process is not blocked on anything of the scenario: SIGCONT wakes it. The
        // run waits for it until its timeout, and says it ended stopped.
        const auto sc = test::scenarioFromJson(kStoppedReader);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts(1500));
        QCOMPARE(run.result.end, RunResult::End::Timeout);
        QVERIFY(!run.world.deadlock);
        QCOMPARE(run.result.exits[0].stoppedBy, SIGSTOP);
        QCOMPARE(run.result.exits[0].termSignal, SIGKILL);
        QCOMPARE(run.result.exits[1].stoppedBy, 0);
        QCOMPARE(run.world.processes[0].stoppedBy, SIGSTOP);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    void stepModePassesAStoppedProcessByUntilSigcont()
    {
        // Round-robin: each turn of the stopped worker goes to the next process at its gate,
        // the same way run after run; SIGCONT gives worker its turns back.
        const auto sc = test::scenarioFromJson(kStopInStepMode);
        QVERIFY(sc);
        for (int i = 0; i < 3; ++i) {
            const Run run = test::runToEnd(*sc, opts());
            QCOMPARE(run.result.end, RunResult::End::Completed);
            QCOMPARE(releasedOrder(run), (QList<int>{0, 0, 0, 0, 1, 0, 1}));
            QCOMPARE(test::printedLines(run.events), (QStringList{"b1", "b2", "w1", "b3", "w2"}));
        }
    }

    void spinlockRelockedByItsHolderIsADeadlock()
    {
        const auto sc = test::scenarioFromJson(kSpinlockRelock);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(test::waitNames(*sc, run.result.deadlock.waits),
                 QStringList{QStringLiteral("a\tl")});
    }

    void timeoutNeverFiresBeforeItsTime()
    {
        // A coarse timer may fire 5% early; the contract's timeout is a bound.
        const auto sc = test::scenarioFromJson(kSleepsPastTimeout);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts(1000));
        QCOMPARE(run.result.end, RunResult::End::Timeout);
        qint64 timeoutAt = -1;
        for (const Event &e : run.events)
            if (e.kind == Event::Timeout) timeoutAt = e.tNs;
        QVERIFY2(timeoutAt >= 1000000000LL,
                 qPrintable(QStringLiteral("timeout at %1 ms").arg(timeoutAt / 1e6)));
    }

    void execSleepingOnATimerIsNotADeadlock()
    {
        // `sleep` waits on a timer, which no process of the scenario holds: not blocked. The
        // reader gets EOF when it exits.
        const auto sc = test::scenarioFromJson(kExecSleeps);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits[1].exitCode, 0);
    }

    void execAsleepOnItsStdinIsShownBlockedThenRunning()
    {
        // A program has no steps, so no Begin: the engine reports it blocked on what its system
        // call waits for (read of stdin, wired to feed), and running again when it wakes.
        const auto sc = test::scenarioFromJson(kExecWaitsForItsStdin);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        qint64 blockedAt = -1, unblockedAt = -1, wroteAt = -1;
        for (const Event &e : run.events) {
            if (e.proc == 0 && e.kind == Event::Blocked && blockedAt < 0) {
                QCOMPARE(e.op, Op::Read);
                QCOMPARE(e.res, 0);
                blockedAt = e.tNs;
            }
            if (e.proc == 0 && e.kind == Event::Unblocked && unblockedAt < 0) unblockedAt = e.tNs;
            if (e.proc == 1 && e.isStep() && e.op == Op::Write && e.phase == Phase::End)
                wroteAt = e.tNs;
        }
        QVERIFY2(blockedAt > 0, "cat was never reported blocked");
        QVERIFY(wroteAt > blockedAt);
        QVERIFY2(unblockedAt > blockedAt, "cat was never reported running again");
        // The same events, reduced: blocked on feed while it waited, and feed had it waiting.
        WorldModel model(*sc);
        for (const Event &e : run.events) {
            model.apply(e);
            if (e.proc == 0 && e.kind == Event::Blocked) {
                QCOMPARE(model.state().processes[0].state, ProcState::Blocked);
                QCOMPARE(model.state().processes[0].res, 0);
                QVERIFY(model.state().resources[0].waiters.contains(0));
            }
            if (e.proc == 0 && e.kind == Event::Unblocked) {
                QCOMPARE(model.state().processes[0].state, ProcState::Running);
                QVERIFY(!model.state().resources[0].waiters.contains(0));
            }
        }
    }

    void spinlockWaitersGetItInArrivalOrderRunAfterRun()
    {
        // A ticket spinlock, FIFO like the kernel's: w[0] began spinning first, so it gets the
        // lock first, every time; the whole step sequence repeats.
        const auto sc = test::scenarioFromJson(kFourSpinners);
        QVERIFY(sc);
        QStringList first;
        for (int i = 0; i < 12; ++i) {
            const Run run = test::runToEnd(*sc, opts());
            QCOMPARE(run.result.end, RunResult::End::Completed);
            const QStringList printed = test::printedLines(run.events);
            QCOMPARE(printed, (QStringList{"got 0", "got 1", "got 2", "got 3"}));
            const QStringList seq = test::stepSequence(run.events, *sc);
            if (i == 0)
                first = seq;
            else
                QCOMPARE(seq, first);
        }
    }

    void spinnerKilledInTheQueueDoesNotHoldUpTheOthers()
    {
        const auto sc = test::scenarioFromJson(kSpinnerKilledInQueue);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.result.exits[1].termSignal, SIGKILL); // w[0], killed while it spun
        QCOMPARE(run.result.exits[2].exitCode, 0);         // w[1] got the lock after all
        const QStringList printed = test::printedLines(run.events);
        QCOMPARE(printed, QStringList{QStringLiteral("got 1")});
    }

    void streamPeersWaitingForEachOtherFormACycle()
    {
        // Each can be woken only by its peer (a send, or EOF when it closes or exits).
        const auto sc = test::scenarioFromJson(kStreamPeersBothReceive);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Deadlock);
        QCOMPARE(circleNames(*sc, run.result.deadlock.cycle),
                 (QStringList{"a", "s", "b", "s", "a"}));
    }

    void stalledListScheduleSaysWhatItWaitsFor()
    {
        // The contract: a name whose process is not at its gate waits for it. The run can only
        // time out, and the result says why.
        const auto sc = test::scenarioFromJson(kListWaitsForBlocked);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts(1500));
        QCOMPARE(run.result.end, RunResult::End::Timeout);
        QVERIFY2(run.result.error.contains(
                     QLatin1String("the schedule's list was waiting for b, which was blocked at "
                                   "line 1 on s")),
                 qPrintable(run.result.error));
        bool traced = false;
        for (const Event &e : run.events)
            traced = traced || (e.kind == Event::Timeout && e.text.contains("waiting for b"));
        QVERIFY(traced);
    }

    void cpuListsParseLikeTasksetAndNameTheirMistake()
    {
        std::string err;
        QCOMPARE(parseCpuList("0", &err), std::vector<int>{0});
        const long n = sysconf(_SC_NPROCESSORS_ONLN);
        if (n > 1) {
            QCOMPARE(parseCpuList("1,0", &err), (std::vector<int>{0, 1}));
            QCOMPARE(parseCpuList("0-1", &err), (std::vector<int>{0, 1}));
        }
        QVERIFY(parseCpuList("", &err).empty());
        QVERIFY2(err.find("is not a CPU list") != std::string::npos, err.c_str());
        QVERIFY(parseCpuList("0,", &err).empty());
        QVERIFY(parseCpuList("3-1", &err).empty());
        QVERIFY2(err.find("low-high") != std::string::npos, err.c_str());
        QVERIFY(parseCpuList("1023", &err).empty());
        QVERIFY2(err.find("CPU 1023 is not online") != std::string::npos, err.c_str());
        QVERIFY(parseCpuList("99999", &err).empty());
    }

    void execPipelineGetsEofLikeAShell()
    {
        const auto sc = test::scenarioFromJson(kSortPipeline);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::Completed);
        QCOMPARE(run.world.processes.at(2).printed.join(QString()), QStringLiteral("1\n2\n3\n"));
        QCOMPARE(run.result.exits.at(1).exitCode, 0);
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }

    void missingProgramIsAnEngineErrorThatLeavesNothing()
    {
        const auto sc = test::scenarioFromJson(kMissingProgram);
        QVERIFY(sc);
        const Run run = test::runToEnd(*sc, opts());
        QCOMPARE(run.result.end, RunResult::End::EngineError);
        QVERIFY2(run.result.error.contains(QStringLiteral("ipcsim-no-such-program-xyz")),
                 qPrintable(run.result.error));
        QVERIFY(test::leftoversOf(run.directory, run.pids).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
