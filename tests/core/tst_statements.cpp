// Every statement of the script language on its real kernel object, run by real
// ipcsim-worker processes through the engine: what each call returns, when it blocks, how it
// fails, and what the worker reports (values, flags, text) for the trace and the window.
#include "testsupport.h"

#include "ipc/wire.h"

#include <QTest>

#include <cerrno>
#include <csignal>

using namespace ipcsim;
using namespace ipcsim::core;
using ipcsim::test::Run;

namespace {

Session::Options opts()
{
    Session::Options o;
    o.timeoutMs = 15000;
    o.batchIntervalMs = 5;
    return o;
}

struct Ran
{
    Scenario sc;
    Run run;

    int instance(const QString &name) const
    {
        for (size_t i = 0; i < sc.instances.size(); ++i)
            if (QString::fromStdString(sc.instances[i].name) == name) return int(i);
        return -1;
    }
    // The step events of one process, of one statement and phase, in order.
    QList<Event> steps(const QString &proc, Op op, Phase phase) const
    {
        QList<Event> out;
        const int p = instance(proc);
        for (const Event &e : run.events)
            if (e.kind == Event::Step && e.proc == p && e.op == op && e.phase == phase) out << e;
        return out;
    }
    QList<Event> errors(const QString &proc) const
    {
        QList<Event> out;
        const int p = instance(proc);
        for (const Event &e : run.events)
            if (e.kind == Event::Step && e.proc == p && e.phase == Phase::Error) out << e;
        return out;
    }
    QStringList printed(const QString &proc) const
    {
        QStringList out;
        for (const Event &e : steps(proc, Op::Print, Phase::End))
            out << QString::fromUtf8(e.text);
        return out;
    }
    ProcessExit exitOf(const QString &proc) const
    {
        const int p = instance(proc);
        return p >= 0 && p < run.result.exits.size() ? run.result.exits.at(p) : ProcessExit{};
    }
    // Position of the first event matching, or -1.
    int indexOf(const QString &proc, Op op, Phase phase, int nth = 0) const
    {
        const int p = instance(proc);
        for (int i = 0; i < run.events.size(); ++i) {
            const Event &e = run.events.at(i);
            if (e.kind == Event::Step && e.proc == p && e.op == op && e.phase == phase &&
                nth-- == 0)
                return i;
        }
        return -1;
    }
    int indexOfBlocked(const QString &proc) const
    {
        const int p = instance(proc);
        for (int i = 0; i < run.events.size(); ++i)
            if (run.events.at(i).kind == Event::Blocked && run.events.at(i).proc == p) return i;
        return -1;
    }
    QString describe() const { return test::stepSequence(run.events, sc).join('\n'); }
};

// Loads and runs a scenario to its end; a bad scenario fails the calling test.
#define RUN(var, json)                                                                             \
    Ran var;                                                                                       \
    do {                                                                                           \
        QStringList errors_;                                                                       \
        auto sc_ = test::scenarioFromJson(json, &errors_);                                         \
        QVERIFY2(sc_, qPrintable(errors_.join('\n')));                                             \
        var.sc = *sc_;                                                                             \
        var.run = test::runToEnd(var.sc, opts());                                                  \
        QVERIFY2(var.run.finished, "the run did not finish");                                      \
        QVERIFY2(var.run.result.end != RunResult::End::EngineError,                                \
                 qPrintable(var.run.result.error));                                                \
    } while (false)

} // namespace

class TestStatements : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    // ---- pipes ----
    void readerGetsEofWhenEveryWriterHasClosed();
    void exitCodeOutsideItsRangeIsAScriptError();
    void writerWithNoReaderDiesOfSigpipe();
    void writerBlocksWhenPipeFull();

    // ---- FIFO ----
    void fifoOpenWaitsForItsPartner();

    // ---- message queues ----
    void senderBlocksWhenQueueFull();

    // ---- shared memory ----
    void cellsLoadStoreAndAtomicAdd();
    void cellIndexOutsideSegmentIsARuntimeError();
    void divisionByZeroAndOverflowStopTheScript();

    // ---- semaphores ----
    void semaphoreValuesAndTrywait();

    // ---- mutexes ----
    void robustMutexHolderCrashesNextLockGetsOwnerDied();
    void mutexMisuseIsAnErrorWithErrno();
    void trylockOnAHeldMutexGivesZero();

    // ---- spinlocks ----
    void spinnerReportsWhomItSpinsOn();

    // ---- barriers ----
    void barrierReleasesAllAndOneIsSerial();

    // ---- signals ----
    void signalsCarryTheirValues();
    void unawaitedSignalKeepsItsDefaultAction();

    // ---- sockets ----
    void streamSocketsEcho_data();
    void streamSocketsEcho();
    void datagramSocketsDeliverWholeMessages_data();
    void datagramSocketsDeliverWholeMessages();
    void sendWithoutConnectionIsARuntimeError();
    void sendOnAStreamThePeerClosedDiesOfSigpipe();

    // ---- files ----
    void fileAppendsAndEachReaderHasItsOwnOffset();
    void exclusiveFileLockWaitsForTheHolder();
    void sharedFileLocksDoNotExcludeEachOther();

    // ---- the rest ----
    void printJoinsValuesWithOneSpace();
    void exitCodeAndCrash();
    void sleepAndComputeTakeTheirTime();
    void whileAndBreakControlTheLoop();
};

void TestStatements::initTestCase()
{
    QVERIFY2(!qEnvironmentVariable("IPCSIM_WORKER").isEmpty(),
             "IPCSIM_WORKER must name ipcsim-worker");
}

void TestStatements::readerGetsEofWhenEveryWriterHasClosed()
{
    RUN(r, R"({
      "format": 1, "title": "eof", "resources": [{"name": "p", "type": "pipe"}, {"name": "s", "type": "semaphore"}],
      "processes": [
        {"name": "w", "count": 2, "script": "write p \"x$\"\nclose p\npost s\n"},
        {"name": "r", "script": "wait s\nwait s\nforever:\n    read p 100 -> c\n    if c == \"\":\n        break\n    print c\nprint \"eof\"\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    const QList<Event> reads = r.steps("r", Op::Read, Phase::End);
    QVERIFY2(!reads.isEmpty(), qPrintable(r.describe()));
    QCOMPARE(reads.last().bytes(), 0);
    QVERIFY(reads.last().eof);
    QCOMPARE(r.printed("r").last(), QStringLiteral("eof"));
    QCOMPARE(r.printed("r").join(QString()).count(QStringLiteral("x$")), 2);
    const QList<Event> closes = r.steps("w[0]", Op::Close, Phase::End);
    QCOMPARE(closes.size(), 1);
}

void TestStatements::writerWithNoReaderDiesOfSigpipe()
{
    RUN(r, R"({
      "format": 1, "title": "sigpipe", "resources": [{"name": "p", "type": "pipe"}],
      "processes": [{"name": "w", "script": "write p \"lost\"\nprint \"not reached\"\n"}]})");
    QCOMPARE(r.exitOf("w").termSignal, SIGPIPE);
    QCOMPARE(r.steps("w", Op::Write, Phase::Begin).size(), 1);
    QCOMPARE(r.steps("w", Op::Write, Phase::End).size(), 0);
    QVERIFY(r.printed("w").isEmpty());
}

void TestStatements::writerBlocksWhenPipeFull()
{
    // Step mode: the writer's second write finds the pipe full and blocks; only then does
    // the reader get a step, and its read lets the writer finish.
    RUN(r, R"({
      "format": 1, "title": "full", "schedule": ["w", "w", "r"],
      "resources": [{"name": "p", "type": "pipe", "capacity": 4096}],
      "processes": [
        {"name": "w", "script": "write p 4096 bytes\nwrite p 1 bytes\n"},
        {"name": "r", "script": "read p 4096 -> a\nread p 10 -> b\nprint b\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    const int secondBegin = r.indexOf("w", Op::WriteBytes, Phase::Begin, 1);
    const int secondEnd = r.indexOf("w", Op::WriteBytes, Phase::End, 1);
    const int readEnd = r.indexOf("r", Op::Read, Phase::End);
    QVERIFY2(secondBegin >= 0 && secondEnd > secondBegin && readEnd >= 0, qPrintable(r.describe()));
    QVERIFY2(r.indexOfBlocked("w") > secondBegin, "the kernel saw the writer blocked");
    QVERIFY2(readEnd < secondEnd, "the writer went on only after the reader made room");
    const Event first = r.steps("r", Op::Read, Phase::End).first();
    QCOMPARE(first.bytes(), 4096);
    // "N bytes" is abc...z repeated, and the text of a long read travels whole.
    QCOMPARE(first.text.size(), 4096);
    QCOMPARE(first.text.left(28), QByteArray("abcdefghijklmnopqrstuvwxyzab"));
    QCOMPARE(first.text.at(4095), char('a' + 4095 % 26));
    QCOMPARE(r.printed("r"), QStringList{QStringLiteral("a")});
}

void TestStatements::fifoOpenWaitsForItsPartner()
{
    RUN(r, R"({
      "format": 1, "title": "fifo", "resources": [{"name": "f", "type": "fifo"}],
      "processes": [
        {"name": "w", "script": "write f \"through the fifo, longer than 22 bytes\"\n"},
        {"name": "r", "script": "read f 100 -> m\nprint m\nread f 100 -> n\nif n == \"\":\n    print \"eof\"\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    QCOMPARE(r.printed("r"), (QStringList{"through the fifo, longer than 22 bytes", "eof"}));
    QCOMPARE(r.exitOf("w").exitCode, 0);
}

void TestStatements::senderBlocksWhenQueueFull()
{
    RUN(r, R"({
      "format": 1, "title": "mq full", "schedule": ["s", "s", "s", "r"],
      "resources": [{"name": "q", "type": "mqueue", "max_messages": 2, "message_size": 64}],
      "processes": [
        {"name": "s", "script": "send q \"a\"\nsend q \"b\" priority 5\nsend q \"c\"\n"},
        {"name": "r", "script": "repeat 3:\n    receive q -> m\n    print m\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    const int thirdBegin = r.indexOf("s", Op::Send, Phase::Begin, 2);
    const int thirdEnd = r.indexOf("s", Op::Send, Phase::End, 2);
    const int firstReceive = r.indexOf("r", Op::Receive, Phase::End);
    QVERIFY2(thirdBegin >= 0 && thirdEnd > firstReceive && firstReceive > thirdBegin,
             qPrintable(r.describe()));
    QVERIFY(r.indexOfBlocked("s") > thirdBegin);
    // Priority first: b (5), then a, then c.
    QCOMPARE(r.printed("r"), (QStringList{"b", "a", "c"}));
    QCOMPARE(r.steps("r", Op::Receive, Phase::End).first().priority(), 5);
    QCOMPARE(r.steps("s", Op::Send, Phase::End).at(1).priority(), 5);
}

void TestStatements::cellsLoadStoreAndAtomicAdd()
{
    RUN(r, R"({
      "format": 1, "title": "cells", "resources": [{"name": "c", "type": "shm", "cells": 4}],
      "processes": [
        {"name": "a", "count": 2, "script": "repeat 500:\n    add c[0] 1\nstore c[1 + $index] = 10 * ($index + 1)\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    QCOMPARE(r.run.result.finals.at(0).cells.at(0), 1000);
    QCOMPARE(r.run.result.finals.at(0).cells.at(1), 10);
    QCOMPARE(r.run.result.finals.at(0).cells.at(2), 20);
    const QList<Event> adds = r.steps("a[0]", Op::Add, Phase::End);
    QCOMPARE(adds.size(), 500);
    QCOMPARE(adds.last().cell(), 0);
    QVERIFY(adds.last().cellValue() >= 500); // the sum after the add
    const Event store = r.steps("a[1]", Op::Store, Phase::End).first();
    QCOMPARE(store.cell(), 2);
    QCOMPARE(store.cellValue(), 20);
}

void TestStatements::cellIndexOutsideSegmentIsARuntimeError()
{
    RUN(r, R"({
      "format": 1, "title": "index", "resources": [{"name": "c", "type": "shm", "cells": 4}],
      "processes": [{"name": "a", "script": "set k = 4\nload v = c[k]\nprint v\n"}]})");
    QCOMPARE(r.exitOf("a").exitCode, 1);
    const QList<Event> errs = r.errors("a");
    QCOMPARE(errs.size(), 1);
    QVERIFY(errs.first().scriptError);
    QCOMPARE(errs.first().line, 2);
    QVERIFY2(errs.first().text.startsWith("line 2: index 4 is outside c"), errs.first().text);
}

void TestStatements::divisionByZeroAndOverflowStopTheScript()
{
    RUN(r, R"({
      "format": 1, "title": "arith", "resources": [],
      "processes": [
        {"name": "d", "script": "set z = 0\nprint 1\nprint 10 / z\n"},
        {"name": "o", "script": "set big = 9223372036854775807\nprint big + 1\n"},
        {"name": "t", "script": "set s = \"12ab\"\nprint s * 2\n"}
      ]})");
    QCOMPARE(r.exitOf("d").exitCode, 1);
    QCOMPARE(r.printed("d"), QStringList{"1"});
    QCOMPARE(r.errors("d").first().text, QByteArray("line 3: division by zero"));
    QVERIFY(r.errors("o").first().text.startsWith("line 2: integer overflow"));
    QCOMPARE(r.errors("t").first().text,
             QByteArray("line 2: s holds \"12ab\", which is not a decimal integer"));
    QCOMPARE(r.exitOf("t").exitCode, 1);
}

void TestStatements::semaphoreValuesAndTrywait()
{
    RUN(r, R"({
      "format": 1, "title": "sem", "resources": [{"name": "s", "type": "semaphore", "initial": 1}],
      "processes": [{"name": "a", "script": "trywait s -> x\ntrywait s -> y\npost s\npost s\nwait s\nprint x, y\n"}]})");
    QCOMPARE(r.exitOf("a").exitCode, 0);
    QCOMPARE(r.printed("a"), QStringList{"1 0"});
    const QList<Event> tries = r.steps("a", Op::TryWait, Phase::End);
    QCOMPARE(tries.size(), 2);
    QVERIFY(tries.at(0).took());
    QVERIFY(!tries.at(1).took()); // EAGAIN is a normal outcome
    QCOMPARE(r.steps("a", Op::Post, Phase::End).last().semaphoreValue(), 2);
    QCOMPARE(r.steps("a", Op::Wait, Phase::End).first().semaphoreValue(), 1);
    QVERIFY(r.errors("a").isEmpty());
}

void TestStatements::robustMutexHolderCrashesNextLockGetsOwnerDied()
{
    RUN(r, R"({
      "format": 1, "title": "robust", "resources": [{"name": "m", "type": "mutex"}, {"name": "s", "type": "semaphore"}],
      "processes": [
        {"name": "holder", "script": "lock m\npost s\ncrash\n"},
        {"name": "next", "script": "wait s\nlock m\nunlock m\nprint \"recovered\"\n"}
      ]})");
    QCOMPARE(r.exitOf("holder").termSignal, SIGABRT);
    QCOMPARE(r.exitOf("next").exitCode, 0);
    const QList<Event> locks = r.steps("next", Op::Lock, Phase::End);
    QCOMPARE(locks.size(), 1);
    QVERIFY(locks.first().ownerDied);
    QCOMPARE(r.printed("next"), QStringList{"recovered"});
}

void TestStatements::mutexMisuseIsAnErrorWithErrno()
{
    RUN(r, R"({
      "format": 1, "title": "misuse", "resources": [{"name": "m", "type": "mutex"}, {"name": "n", "type": "mutex"}],
      "processes": [
        {"name": "relock", "script": "lock m\nlock m\n"},
        {"name": "stranger", "script": "unlock n\n"},
        {"name": "busy", "script": "trylock m -> got\nprint got\n"}
      ], "schedule": ["relock", "relock", "relock", "stranger", "busy"]})");
    QCOMPARE(r.exitOf("relock").exitCode, 1);
    QCOMPARE(r.errors("relock").first().err, EDEADLK);
    QCOMPARE(r.exitOf("stranger").exitCode, 1);
    QCOMPARE(r.errors("stranger").first().err, EPERM);
    // relock died holding m (robust): busy's trylock gets it back with owner_died.
    QCOMPARE(r.exitOf("busy").exitCode, 0);
    const Event t = r.steps("busy", Op::TryLock, Phase::End).first();
    QVERIFY(t.took());
    QVERIFY(t.ownerDied);
}

void TestStatements::trylockOnAHeldMutexGivesZero()
{
    RUN(r, R"({
      "format": 1, "title": "trylock", "schedule": ["a", "b", "b", "a"],
      "resources": [{"name": "m", "type": "mutex"}],
      "processes": [
        {"name": "a", "script": "lock m\nunlock m\n"},
        {"name": "b", "script": "trylock m -> got\nprint got\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    QCOMPARE(r.printed("b"), QStringList{"0"});
    QVERIFY(r.errors("b").isEmpty());
}

void TestStatements::spinnerReportsWhomItSpinsOn()
{
    RUN(r, R"({
      "format": 1, "title": "spin", "schedule": ["a", "b", "a"],
      "resources": [{"name": "l", "type": "spinlock"}],
      "processes": [
        {"name": "a", "script": "lock l\nunlock l\n"},
        {"name": "b", "script": "lock l\nunlock l\nunlock l\n"}
      ]})");
    const Event begin = r.steps("b", Op::Lock, Phase::Begin).first();
    QVERIFY(begin.spinning);
    QCOMPARE(begin.holder(), r.instance("a"));
    QCOMPARE(r.steps("b", Op::Lock, Phase::End).size(), 1);
    // Unlocking a spinlock one does not hold is refused like an error-checking mutex.
    QCOMPARE(r.exitOf("b").exitCode, 1);
    QCOMPARE(r.errors("b").first().err, EPERM);
    QCOMPARE(r.errors("b").first().line, 3);
}

void TestStatements::barrierReleasesAllAndOneIsSerial()
{
    RUN(r, R"({
      "format": 1, "title": "barrier", "resources": [{"name": "b", "type": "barrier", "parties": 3}],
      "processes": [{"name": "p", "count": 3, "script": "arrive b\narrive b\n"}]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    int serial = 0;
    for (const char *p : {"p[0]", "p[1]", "p[2]"}) {
        const QList<Event> ends = r.steps(p, Op::Arrive, Phase::End);
        QCOMPARE(ends.size(), 2);
        for (const Event &e : ends)
            serial += int(e.serial());
    }
    QCOMPARE(serial, 2); // one per round
}

void TestStatements::signalsCarryTheirValues()
{
    RUN(r, R"({
      "format": 1, "title": "signals", "resources": [{"name": "ready", "type": "semaphore"}],
      "processes": [
        {"name": "rx", "count": 2, "script": "post ready\nawait SIGUSR1 -> v\nawait SIGUSR2 -> w\nprint v, w\n"},
        {"name": "tx", "script": "wait ready\nwait ready\nsignal rx[1] SIGUSR1 value 42\nsignal rx[0] SIGUSR1 value -7\nsignal rx SIGUSR2\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    QCOMPARE(r.printed("rx[0]"), QStringList{"-7 0"});
    QCOMPARE(r.printed("rx[1]"), QStringList{"42 0"});
    const QList<Event> ends = r.steps("tx", Op::Signal, Phase::End);
    QCOMPARE(ends.size(), 4); // one per target
    QCOMPARE(ends.at(0).target, r.instance("rx[1]"));
    QCOMPARE(ends.at(0).signalValue(), 42);
    QCOMPARE(ends.at(0).sig, SIGUSR1);
    QCOMPARE(ends.at(0).otherPid(), r.exitOf("rx[1]").pid);
    QVERIFY(ends.at(2).partial);
    QVERIFY(!ends.at(3).partial);
    QCOMPARE(ends.at(2).sig, SIGUSR2);
    const Event got = r.steps("rx[1]", Op::Await, Phase::End).first();
    QCOMPARE(got.signalValue(), 42);
    QCOMPARE(got.otherPid(), r.exitOf("tx").pid); // si_pid
}

void TestStatements::unawaitedSignalKeepsItsDefaultAction()
{
    RUN(r, R"({
      "format": 1, "title": "term", "resources": [{"name": "s", "type": "semaphore"}],
      "processes": [
        {"name": "victim", "script": "post s\nawait SIGUSR1\n"},
        {"name": "killer", "script": "wait s\nsignal victim SIGTERM\n"}
      ]})");
    QCOMPARE(r.exitOf("victim").termSignal, SIGTERM);
    QCOMPARE(r.exitOf("killer").exitCode, 0);
}

void TestStatements::streamSocketsEcho_data()
{
    QTest::addColumn<QString>("domain");
    QTest::newRow("unix") << "unix";
    QTest::newRow("tcp") << "tcp";
}

void TestStatements::streamSocketsEcho()
{
    QFETCH(QString, domain);
    const QByteArray json = QStringLiteral(R"({
      "format": 1, "title": "echo", "resources": [{"name": "s", "type": "socket", "domain": "%1"}],
      "processes": [
        {"name": "server", "script": "accept s\nreceive s -> m\nsend s m\nread s 10 -> e\nif e == \"\":\n    print \"peer closed\"\n"},
        {"name": "client", "script": "connect s\nwrite s \"ping\"\nreceive s -> r\nprint r\nclose s\n"}
      ]})")
                                .arg(domain)
                                .toUtf8();
    RUN(r, json);
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    QCOMPARE(r.printed("client"), QStringList{"ping"});
    QCOMPARE(r.printed("server"), QStringList{"peer closed"});
    const Event accepted = r.steps("server", Op::Accept, Phase::End).first();
    QVERIFY(accepted.descriptor() >= 0);
    if (domain == "unix") QCOMPARE(accepted.peer(), r.exitOf("client").pid); // SO_PEERCRED
}

void TestStatements::datagramSocketsDeliverWholeMessages_data()
{
    QTest::addColumn<QString>("domain");
    QTest::newRow("unix") << "unix";
    QTest::newRow("tcp") << "tcp";
}

void TestStatements::datagramSocketsDeliverWholeMessages()
{
    QFETCH(QString, domain);
    const QByteArray json = QStringLiteral(R"({
      "format": 1, "title": "dgram", "resources": [{"name": "d", "type": "socket", "domain": "%1", "kind": "datagram"}],
      "processes": [
        {"name": "rx", "script": "receive d -> a\nread d 3 -> b\nprint a\nprint b\n"},
        {"name": "tx", "script": "send d \"first datagram\"\nwrite d \"second\"\n"}
      ]})")
                                .arg(domain)
                                .toUtf8();
    RUN(r, json);
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    // A datagram is one message; a short read truncates it.
    QCOMPARE(r.printed("rx"), (QStringList{"first datagram", "sec"}));
}

void TestStatements::sendWithoutConnectionIsARuntimeError()
{
    RUN(r, R"({
      "format": 1, "title": "noconn", "resources": [{"name": "s", "type": "socket"}],
      "processes": [{"name": "c", "script": "send s \"x\"\nconnect s\n"}]})");
    QCOMPARE(r.exitOf("c").exitCode, 1);
    QVERIFY(r.errors("c").first().text.contains("no connection on s"));
}

void TestStatements::sendOnAStreamThePeerClosedDiesOfSigpipe()
{
    RUN(r, R"({
      "format": 1, "title": "broken", "resources": [{"name": "s", "type": "socket"}, {"name": "gone", "type": "semaphore"}],
      "processes": [
        {"name": "server", "script": "accept s\nclose s\npost gone\n"},
        {"name": "client", "script": "connect s\nwait gone\nsend s \"into the void\"\nprint \"not reached\"\n"}
      ]})");
    // Kernel defaults, as in real code: no MSG_NOSIGNAL, so EPIPE comes with SIGPIPE.
    QCOMPARE(r.exitOf("client").termSignal, SIGPIPE);
    QVERIFY(r.printed("client").isEmpty());
    QCOMPARE(r.exitOf("server").exitCode, 0);
}

void TestStatements::fileAppendsAndEachReaderHasItsOwnOffset()
{
    RUN(r, R"({
      "format": 1, "title": "file", "resources": [{"name": "f", "type": "file", "content": "abc"}, {"name": "s", "type": "semaphore"}],
      "processes": [
        {"name": "w", "script": "write f \"def\"\npost s\npost s\nread f 2 -> x\nprint x\n"},
        {"name": "r", "count": 2, "script": "wait s\nread f 4 -> x\nread f 10 -> y\nread f 10 -> z\nif z == \"\":\n    print x, y, \"eof\"\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    // Writes append; the writer still reads from its own offset 0.
    QCOMPARE(r.printed("w"), QStringList{"ab"});
    QCOMPARE(r.printed("r[1]"), QStringList{"abcd ef eof"});
    QCOMPARE(r.steps("r[0]", Op::Read, Phase::End).last().bytes(), 0);
    QVERIFY(r.steps("r[1]", Op::Read, Phase::End).last().eof);
    const QList<Event> reads = r.steps("r[0]", Op::Read, Phase::End);
    QCOMPARE(reads.at(0).text, QByteArray("abcd"));
    QCOMPARE(reads.at(1).text, QByteArray("ef"));
}

void TestStatements::exclusiveFileLockWaitsForTheHolder()
{
    RUN(r, R"({
      "format": 1, "title": "lock", "schedule": ["a", "b", "a", "b"],
      "resources": [{"name": "f", "type": "file"}],
      "processes": [
        {"name": "a", "script": "lockfile f\nunlockfile f\n"},
        {"name": "b", "script": "lockfile f\nunlockfile f\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    const int bBegin = r.indexOf("b", Op::LockFile, Phase::Begin);
    const int aUnlock = r.indexOf("a", Op::UnlockFile, Phase::End);
    const int bEnd = r.indexOf("b", Op::LockFile, Phase::End);
    QVERIFY2(bBegin >= 0 && aUnlock > bBegin && bEnd > aUnlock, qPrintable(r.describe()));
    QVERIFY(r.indexOfBlocked("b") > bBegin);
}

void TestStatements::sharedFileLocksDoNotExcludeEachOther()
{
    RUN(r, R"({
      "format": 1, "title": "shared", "schedule": ["a", "b", "a", "b"],
      "resources": [{"name": "f", "type": "file"}],
      "processes": [
        {"name": "a", "script": "lockfile f shared\nunlockfile f\n"},
        {"name": "b", "script": "lockfile f shared\nunlockfile f\n"}
      ]})");
    QCOMPARE(r.run.result.end, RunResult::End::Completed);
    const int bEnd = r.indexOf("b", Op::LockFile, Phase::End);
    const int aUnlock = r.indexOf("a", Op::UnlockFile, Phase::Begin);
    QVERIFY2(bEnd >= 0 && bEnd < aUnlock, qPrintable(r.describe()));
    QVERIFY(r.steps("b", Op::LockFile, Phase::End).first().shared);
}

void TestStatements::printJoinsValuesWithOneSpace()
{
    RUN(r, R"({
      "format": 1, "title": "print", "resources": [],
      "processes": [{"name": "p", "count": 2, "script": "set t = \"text\"\nrepeat 2:\n    print \"got\", t, $i * 10 + $index, -3 / 2, 7 % -3\n"}]})");
    QCOMPARE(r.printed("p[1]"), (QStringList{"got text 1 -1 1", "got text 11 -1 1"}));
}

void TestStatements::exitCodeAndCrash()
{
    RUN(r, R"({
      "format": 1, "title": "exit", "resources": [],
      "processes": [
        {"name": "e", "script": "exit 3\nprint \"no\"\n"},
        {"name": "c", "script": "crash\n"},
        {"name": "z", "script": "print \"done\"\n"}
      ]})");
    QCOMPARE(r.exitOf("e").exitCode, 3);
    QVERIFY(r.printed("e").isEmpty());
    QCOMPARE(r.steps("e", Op::Exit, Phase::Begin).first().exitArgument(), 3);
    QCOMPARE(r.exitOf("c").termSignal, SIGABRT);
    QCOMPARE(r.exitOf("z").exitCode, 0);
}

void TestStatements::exitCodeOutsideItsRangeIsAScriptError()
{
    // The kernel keeps 8 bits: without the check, exit 300 would end the process with 44.
    RUN(r, R"({
      "format": 1, "title": "exit", "resources": [],
      "processes": [{"name": "g", "script": "set k = 300\nexit k\n"}]})");
    QCOMPARE(r.exitOf("g").exitCode, 1);
    const QList<Event> errors = r.steps("g", Op::Exit, Phase::Error);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.first().line, 2);
    QVERIFY2(errors.first().text.contains("exit code 300 is outside 0..255"),
             errors.first().text.constData());
}

void TestStatements::sleepAndComputeTakeTheirTime()
{
    RUN(r, R"({
      "format": 1, "title": "time", "resources": [],
      "processes": [{"name": "t", "script": "sleep 30\ncompute 30\n"}]})");
    for (Op op : {Op::Sleep, Op::Compute}) {
        const Event b = r.steps("t", op, Phase::Begin).first();
        const Event e = r.steps("t", op, Phase::End).first();
        QCOMPARE(e.ms(), 30);
        QVERIFY2(e.tNs - b.tNs >= 30000000, opName(op));
    }
}

void TestStatements::whileAndBreakControlTheLoop()
{
    RUN(r, R"({
      "format": 1, "title": "while", "resources": [],
      "processes": [{"name": "w", "script": "set n = 0\nwhile n < 10:\n    set n = n + 3\n    if n == 6:\n        break\nprint n\nrepeat 3:\n    repeat 2:\n        if $i == 1:\n            break\n        print $i\n"}]})");
    QCOMPARE(r.printed("w"), (QStringList{"6", "0", "0", "0"}));
}

QTEST_GUILESS_MAIN(TestStatements)
#include "tst_statements.moc"
