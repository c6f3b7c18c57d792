// The reducer (WorldModel): what the window and the CLI show is what it makes of the events.
#include "testsupport.h"

#include "ipc/wire.h"
#include "kinds/condition/state.h"
#include "kinds/mqueue/state.h"
#include "kinds/pipe/model.h"
#include "kinds/shm/state.h"
#include "kinds/socket/state.h"
#include "story/narrator.h"

#include <QTest>

#include <fcntl.h>
#include <random>
#include <sys/uio.h>
#include <unistd.h>

using namespace ipcsim;
using namespace ipcsim::core;

class TestWorldModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A pipe's capacity is what the kernel gives, not what the scenario asked for:
    // F_SETPIPE_SZ rounds it up to a power of two of pages (10,000 bytes: 16 KiB).
    void aPipesCapacityIsTheKernels()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "t",
            "resources": [{"name": "p", "type": "pipe", "capacity": 10000},
                          {"name": "d", "type": "pipe"}],
            "processes": [{"name": "w", "script": "write p 1 bytes\nwrite d 1 bytes\n"}]})");
        QVERIFY(sc);
        WorldModel model(*sc);
        int fds[2];
        QCOMPARE(pipe2(fds, O_CLOEXEC), 0);
        const int given = fcntl(fds[1], F_SETPIPE_SZ, 10000);
        close(fds[0]);
        close(fds[1]);
        QCOMPARE(model.state().resources.at(0).capacity, qint64(given));
        QCOMPARE(model.state().resources.at(1).capacity, qint64(65536)); // the default
    }

    // A pipe's pages as the model lays them out are the kernel's: on a real pipe of four
    // pages, a thousand writes and reads of sizes from a byte to two pages and a half, and
    // before each write the model's answer (it fits in the pages free) is the kernel's (a write
    // that does not wait, RWF_NOWAIT, goes in whole).
    void aPipesPagesAreTheKernels()
    {
        namespace pipe = kinds::pipe;
        int fds[2];
        QCOMPARE(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
        const auto closeBoth = qScopeGuard([&] {
            close(fds[0]);
            close(fds[1]);
        });
        const qint64 capacity = 4 * pipe::kPage;
        QCOMPARE(fcntl(fds[1], F_SETPIPE_SZ, int(capacity)), int(capacity));
        pipe::State s;
        std::mt19937 rng(2026);
        std::vector<char> buf(size_t(3 * pipe::kPage));
        int fits = 0, full = 0;
        for (int k = 0; k < 1000; ++k) {
            // Small writes and reads (which share and split pages) as often as large ones.
            const qint64 n = rng() % 2 ? 1 + rng() % 300 : 1 + rng() % (5 * pipe::kPage / 2);
            if (rng() % 2) {
                const bool modelFits =
                    pipe::pagesNeeded(s, n) <= pipe::pageCount(capacity) - s.pages.size();
                iovec v{buf.data(), size_t(n)};
                const ssize_t r = pwritev2(fds[1], &v, 1, -1, RWF_NOWAIT);
                QVERIFY2(r >= 0 || errno == EAGAIN, strerror(errno));
                QVERIFY2(modelFits == (r == n),
                         qPrintable(QStringLiteral("write %1 of %2 bytes: the kernel took %3, "
                                                   "the model said it %4")
                                        .arg(k)
                                        .arg(n)
                                        .arg(r)
                                        .arg(modelFits ? "fits" : "does not fit")));
                ++(modelFits ? fits : full);
                if (r > 0) pipe::put(s, r); // a larger one that did not fit: what went in
            } else {
                const ssize_t r = read(fds[0], buf.data(), size_t(n));
                QVERIFY(r >= 0 || errno == EAGAIN);
                if (r > 0) pipe::take(s, r);
            }
        }
        QVERIFY(fits > 100 && full > 100); // both answers were put to the kernel
    }

    // A receiver woken by a send can report its receive before the sender reports the send.
    // The message must not stay drawn in the queue.
    void receiveReportedBeforeItsSendLeavesTheQueueEmpty()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"q\", \"resources\": [{\"name\": \"q\", \"type\": "
            "\"mqueue\"}], \"processes\": [{\"name\": \"s\", \"script\": \"send q \\\"hi\\\" "
            "priority 2\\n\"}, {\"name\": \"r\", \"script\": \"receive q -> m\\n\"}]}");
        QVERIFY(sc);
        WorldModel model(*sc);
        Event receive;
        receive.kind = Event::Step;
        receive.phase = Phase::End;
        receive.proc = 1;
        receive.line = 1;
        receive.op = Op::Receive;
        receive.res = 0;
        receive.setRecord(2, 2); // 2 bytes, priority 2
        receive.text = "hi";
        Event send = receive;
        send.proc = 0;
        send.op = Op::Send;
        model.apply(receive);
        model.apply(send);
        QVERIFY(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.isEmpty());
        // In the usual order too.
        model.apply(send);
        QCOMPARE(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.size(), 1);
        model.apply(receive);
        QVERIFY(kinds::mqueue::stateOf(model.state().resources.at(0)).messages.isEmpty());
    }

    // A stream socket's connections are paired by what the accept reports of its client (on
    // a unix socket, its pid), even when the accept is told before the connect's End; each
    // connection's bytes go one way or the other, so a read says who it waits for.
    void aSocketsAcceptTakesTheConnectionItReportsAndItsBytesGoOneWay()
    {
        const auto sc = test::scenarioFromJson(R"({"format": 1, "title": "s",
            "resources": [{"name": "echo", "type": "socket"}],
            "processes": [{"name": "srv", "script": "accept echo\nreceive echo -> m\n"},
                          {"name": "a", "script": "connect echo\nreceive echo -> m\n"},
                          {"name": "b", "script": "connect echo\nsend echo 12345\n"}]})");
        QVERIFY(sc);
        WorldModel model(*sc);
        auto event = [](Event::Kind kind, Phase phase, int proc, Op op) {
            Event e;
            e.kind = kind;
            e.phase = phase;
            e.proc = proc;
            e.op = op;
            e.res = op == Op::None ? -1 : 0;
            return e;
        };
        for (int proc = 0; proc < 3; ++proc) {
            Event started = event(Event::Started, Phase::Begin, proc, Op::None);
            started.pid = 100 * (proc + 1);
            model.apply(started);
        }
        model.apply(event(Event::Step, Phase::Begin, 1, Op::Connect)); // a, pid 200
        model.apply(event(Event::Step, Phase::Begin, 2, Op::Connect)); // b, pid 300
        Event accept = event(Event::Step, Phase::End, 0, Op::Accept);
        accept.setRecord(5, 300); // descriptor 5, peer pid 300: b's connection, not the oldest
        model.apply(accept);
        model.apply(event(Event::Step, Phase::End, 1, Op::Connect));
        model.apply(event(Event::Step, Phase::End, 2, Op::Connect));
        Event send = event(Event::Step, Phase::End, 2, Op::Send);
        send.setRecord(5, 0);
        send.text = "12345";
        model.apply(send);
        const auto &s = kinds::socket::stateOf(model.state().resources.at(0));
        QCOMPARE(s.links.size(), 2);
        QCOMPARE(s.links[1].client, 2);
        QCOMPARE(s.links[1].server, 0);
        QCOMPARE(s.links[1].toServer, 5);
        QCOMPARE(s.links[0].server, -1);
        for (int proc : {0, 1}) {
            Event gate = event(Event::Step, Phase::Gate, proc, Op::Receive);
            gate.line = 2;
            model.apply(gate);
        }
        QCOMPARE(Narrator::nextStep(model.state(), 0), QStringLiteral("goes on: 5 bytes from b"));
        QCOMPARE(Narrator::nextStep(model.state(), 1),
                 QStringLiteral("will block: nothing from whoever accepts it yet"));
        Event receive = event(Event::Step, Phase::End, 0, Op::Receive);
        receive.setRecord(5, 0);
        receive.text = "12345";
        model.apply(receive);
        QCOMPARE(s.links[1].toServer, 0);
        // b is gone: its end is closed, and the server's next read gets end of file.
        Event exit = event(Event::Exit, Phase::Exit, 2, Op::None);
        exit.exitCode = 0;
        model.apply(exit);
        model.apply(event(Event::Step, Phase::Gate, 0, Op::Receive));
        QCOMPARE(Narrator::nextStep(model.state(), 0),
                 QStringLiteral("gets end of file: b closed its end"));
    }

    // A load that ran before a store, but was told after it (its record was written after its
    // process got the CPU back), read a value the cell no longer holds: the cell keeps the
    // store's, and says what the load got. It drew the load's, a value gone from the kernel.
    void aLoadToldAfterANewerStoreLeavesTheCellAsStored()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"c\", \"resources\": [{\"name\": \"c\", \"type\": "
            "\"shm\"}], \"processes\": [{\"name\": \"a\", \"script\": \"store c[0] = 6\\n\"},"
            " {\"name\": \"b\", \"script\": \"load v = c[0]\\n\"}]}");
        QVERIFY(sc);
        WorldModel model(*sc);
        Event store;
        store.kind = Event::Step;
        store.phase = Phase::End;
        store.proc = 0;
        store.line = 1;
        store.op = Op::Store;
        store.res = 0;
        store.setRecord(6, 0); // the value, cell 0
        Event load = store;
        load.proc = 1;
        load.op = Op::Load;
        load.setRecord(5, 0);
        model.apply(store);
        model.apply(load);
        const kinds::shm::CellState &cell =
            kinds::shm::stateOf(model.state().resources.at(0)).cells.at(0);
        QCOMPARE(cell.value, 6);
        QCOMPARE(cell.loaded, 5);
        QCOMPARE(cell.lastReader, 1);
        QCOMPARE(model.state().processes.at(1).registers.value(0).value, QByteArray("5"));
    }

    // The engine counts the records a worker's ring lost (Event::records, read from the ring):
    // the story says that count, in the sentence and in the log's line.
    void theStoryTellsHowManyRecordsWereLost()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"d\", \"resources\": [], \"processes\": "
            "[{\"name\": \"adder\", \"script\": \"print 1\\n\"}]}");
        QVERIFY(sc);
        WorldModel model(*sc);
        Event dropped;
        dropped.kind = Event::Dropped;
        dropped.proc = 0;
        dropped.records = 513;
        const QString told = Narrator::describe(dropped, model.state());
        QVERIFY2(told.startsWith(QStringLiteral("513 telemetry records of adder were lost")),
                 qPrintable(told));
        QVERIFY(Narrator::logLine(dropped, model.state()).contains(QStringLiteral("dropped 513")));
    }

    // A sleep asks for its milliseconds; a process stopped by SIGSTOP in it sleeps on until
    // SIGCONT. The story said "sleeper slept 300 ms." however long it took; it now says how
    // long the call took, and why.
    // The window's step mode told "consumer sleeps in pthread_cond_wait(nonempty); m is free
    // for the others meanwhile." after "producer woke up and now owns m.": the kernel's
    // confirmation that the waiter sleeps came after the wait let go of the mutex and a process
    // blocked on it took it. In a real run where that happens, the sentence says who holds
    // the mutex now, never that it is free.
    void aWaiterAsleepNamesWhoTookItsMutex()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"handover\", \"resources\": ["
            "{\"name\": \"m\", \"type\": \"mutex\"}, {\"name\": \"c\", \"type\": "
            "\"condition\", \"mutex\": \"m\"}, {\"name\": \"held\", \"type\": "
            "\"semaphore\"}], \"processes\": [{\"name\": \"waiter\", \"script\": "
            "\"lock m\\npost held\\nsleep 100\\nwait c\\nunlock m\\n\"}, {\"name\": "
            "\"taker\", \"script\": \"wait held\\nlock m\\nsleep 200\\nnotify c\\nunlock "
            "m\\n\"}]}");
        QVERIFY(sc);
        const test::Run run = test::runToEnd(*sc);
        QCOMPARE(run.result.end, RunResult::End::Completed);
        WorldModel model(*sc);
        QString asleep;
        int ownerThen = -1;
        for (const Event &e : run.events) {
            const QString told = Narrator::describe(e, model.state());
            if (e.kind == Event::Blocked && e.proc == 0 &&
                told.contains(QStringLiteral("sleeps in"))) {
                asleep = told;
                ownerThen = model.state().resources[0].owner;
            }
            model.apply(e);
        }
        QVERIFY2(!asleep.isEmpty(), "the waiter was never seen asleep");
        QCOMPARE(ownerThen, 1); // the taker woke with m before the waiter was seen asleep
        QVERIFY2(!asleep.contains(QStringLiteral("free")), qPrintable(asleep));
        QVERIFY2(asleep.contains(QStringLiteral("taker")), qPrintable(asleep));
    }

    // A notify wakes one of a condition's sleepers, and the woken one sleeps there no more: it
    // waits to take the mutex back, in the mutex's line. With two asleep, the kernel picks which
    // one the first notify wakes, and the world names neither; the second wakes the other too,
    // and the world names both, in the mutex's line until each has it back.
    void aWokenWaiterStandsInItsMutexsLine()
    {
        namespace condition = kinds::condition;
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"woken\", \"resources\": ["
            "{\"name\": \"m\", \"type\": \"mutex\"}, {\"name\": \"c\", \"type\": "
            "\"condition\", \"mutex\": \"m\"}], \"processes\": ["
            "{\"name\": \"a\", \"script\": \"lock m\\nwait c\\nunlock m\\n\"}, "
            "{\"name\": \"b\", \"script\": \"lock m\\nwait c\\nunlock m\\n\"}, "
            "{\"name\": \"n\", \"script\": \"lock m\\nnotify c\\nunlock m\\nlock m\\nnotify "
            "c\\nunlock m\\n\"}], \"schedule\": [\"a\", \"a\", \"b\", \"b\"]}");
        QVERIFY(sc);
        const test::Run run = test::runToEnd(*sc);
        QCOMPARE(run.result.end, RunResult::End::Completed);
        WorldModel model(*sc);
        int notifies = 0;
        for (const Event &e : run.events) {
            model.apply(e);
            if (e.kind != Event::Step || e.op != Op::Notify || e.phase != Phase::End) continue;
            const ResourceState &m = model.state().resources[0], &c = model.state().resources[1];
            const condition::Sleepers &s = condition::stateOf(c).sleepers;
            if (++notifies == 1) {
                QCOMPARE(s.asleep, QList<int>({0, 1}));
                QCOMPARE(s.unnamed, qsizetype(1));
                QVERIFY(s.woken.isEmpty());
                QVERIFY(!m.waiters.contains(0) && !m.waiters.contains(1));
                QCOMPARE(c.waiters, QList<int>({0, 1}));
                continue;
            }
            // The one the first woke may have its wait back already: the other is named now.
            QVERIFY(s.asleep.isEmpty());
            QCOMPARE(s.unnamed, qsizetype(0));
            QVERIFY(!s.woken.isEmpty());
            for (int w : s.woken) {
                QVERIFY2(m.waiters.contains(w), qPrintable(QString::number(w)));
                QVERIFY2(!c.waiters.contains(w), qPrintable(QString::number(w)));
            }
        }
        QCOMPARE(notifies, 2);
        const condition::Sleepers &s = condition::stateOf(model.state().resources[1]).sleepers;
        QVERIFY(s.asleep.isEmpty() && s.woken.isEmpty());
        QVERIFY(model.state().resources[0].waiters.isEmpty());
    }

    // The rule the world and the causal ledger share for a condition's sleepers, on its own: a
    // notify wakes one (named once it can be only one), a broadcast every one, one given while
    // nobody sleeps is lost; a return takes its waiter out, from the woken or from those a
    // notify may have woken; a death too, and never leaves more wake-ups than sleepers.
    void aConditionsSleepersFollowItsWakeUps()
    {
        kinds::condition::Sleepers s;
        QVERIFY(s.notified().isEmpty()); // nobody asleep: lost
        QCOMPARE(s.unnamed, qsizetype(0));
        for (int p : {0, 1, 2})
            s.began(p);
        QVERIFY(!s.mayReturn(1));
        QVERIFY(s.notified().isEmpty()); // one of three: which, the kernel knows
        QVERIFY(s.mayReturn(1));
        QVERIFY(s.notified().isEmpty()); // two of three
        s.returned(2);                   // one of them had its wait back
        QCOMPARE(s.asleep, QList<int>({0, 1}));
        QCOMPARE(s.unnamed, qsizetype(1));
        s.exited(0); // killed; the wake-up is taken to be the one left's (nobody says)
        QCOMPARE(s.asleep, QList<int>{1});
        QCOMPARE(s.unnamed, qsizetype(1));
        QCOMPARE(s.notified(), QList<int>()); // nobody left that it could wake: lost
        s.began(3);
        QCOMPARE(s.notified(), (QList<int>{1, 3})); // every one left asleep is woken now
        QVERIFY(s.asleep.isEmpty() && s.unnamed == 0);
        QCOMPARE(s.woken, (QList<int>{1, 3}));
        s.began(4);
        QCOMPARE(s.broadcast(), QList<int>{4});
        QCOMPARE(s.woken, (QList<int>{1, 3, 4}));
        for (int p : {3, 1, 4})
            s.returned(p);
        QCOMPARE(s, kinds::condition::Sleepers{});
    }

    void aSleepStretchedByAStopIsToldAsItWas()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"stop\", \"resources\": [{\"name\": \"go\", "
            "\"type\": \"semaphore\"}], \"processes\": [{\"name\": \"sleeper\", "
            "\"script\": \"post go\\nsleep 300\\n\"}, {\"name\": \"boss\", \"script\": "
            "\"wait go\\nsleep 50\\nsignal sleeper SIGSTOP\\nsleep 800\\n"
            "signal sleeper SIGCONT\\n\"}]}");
        QVERIFY(sc);
        bool stretched = false;
        for (int attempt = 0; attempt < 3 && !stretched; ++attempt) {
            const test::Run run = test::runToEnd(*sc);
            QCOMPARE(run.result.end, RunResult::End::Completed);
            WorldModel model(*sc);
            bool inSleep = false, stoppedInSleep = false;
            qint64 began = 0;
            for (const Event &e : run.events) {
                const QString told = Narrator::describe(e, model.state());
                model.apply(e);
                if (e.proc != 0) continue;
                if (e.kind == Event::Suspended && inSleep) stoppedInSleep = true;
                if (!e.isStep() || e.op != Op::Sleep) continue;
                if (e.phase == Phase::Begin) {
                    inSleep = true;
                    began = e.tNs;
                }
                if (e.phase != Phase::End) continue;
                if (!stoppedInSleep) {
                    QCOMPARE(told, QStringLiteral("sleeper slept 300 ms."));
                    continue;
                }
                stretched = true;
                const QString took = QString::number((e.tNs - began) / 1e9, 'f', 2);
                QVERIFY2((e.tNs - began) >= 800000000, "it slept on until SIGCONT");
                QCOMPARE(told, QStringLiteral("sleeper's sleep of 300 ms took %1 s: it was "
                                              "stopped (SIGSTOP) in it, and a stopped process "
                                              "runs nothing until SIGCONT.")
                                   .arg(took));
            }
        }
        QVERIFY2(stretched, "SIGSTOP came while sleeper slept, in one of three runs");
    }

    void queueDrawnEmptyAfterARealRunOfManyMessages()
    {
        const auto sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"q\", \"resources\": [{\"name\": \"q\", \"type\": "
            "\"mqueue\", \"max_messages\": 4}], \"processes\": [{\"name\": \"s\", \"script\": "
            "\"repeat 300:\\n    send q \\\"m\\\" priority $i % 3\\n\"}, {\"name\": \"r\", "
            "\"script\": \"repeat 300:\\n    receive q -> m\\n\"}]}");
        QVERIFY(sc);
        for (int i = 0; i < 5; ++i) {
            const test::Run run = test::runToEnd(*sc);
            QCOMPARE(run.result.end, RunResult::End::Completed);
            QVERIFY2(
                kinds::mqueue::stateOf(run.world.resources.at(0)).messages.isEmpty(),
                qPrintable(
                    QStringLiteral("%1 messages left")
                        .arg(kinds::mqueue::stateOf(run.world.resources.at(0)).messages.size())));
        }
    }
};

QTEST_GUILESS_MAIN(TestWorldModel)
#include "tst_worldmodel.moc"
