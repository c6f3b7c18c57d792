// The order a run is told in: causes before their effects. First CausalOrder alone, fed records
// in the order a drain can really deliver them (an effect's record before its cause's); then
// every built-in lesson run for real, whose events must come out causes first.
#include "testsupport.h"

#include "ipc/wire.h"
#include "kinds/mqueue/state.h"
#include "kinds/semaphore/state.h"
#include "kinds/shm/state.h"
#include "model/causalorder.h"

#include <QDir>
#include <QTest>

#include <csignal>
#include <random>

using namespace ipcsim;
using namespace ipcsim::core;

namespace {

// A pipe, a semaphore, a mutex, a queue, cells, a System V queue of 32 bytes and a stream
// socket, between three processes.
const QByteArray kChannels =
    "{\"format\": 1, \"title\": \"t\","
    " \"resources\": [{\"name\": \"p\", \"type\": \"pipe\"},"
    "  {\"name\": \"s\", \"type\": \"semaphore\"}, {\"name\": \"m\", \"type\": \"mutex\"},"
    "  {\"name\": \"q\", \"type\": \"mqueue\"}, {\"name\": \"cells\", \"type\": \"shm\"},"
    "  {\"name\": \"vq\", \"type\": \"sysv-mqueue\", \"queue_bytes\": 32, \"message_size\": 16},"
    "  {\"name\": \"so\", \"type\": \"socket\"}],"
    " \"processes\": ["
    "  {\"name\": \"a\", \"script\": \"write p 2 bytes\\npost s\\nlock m\\nsend q 1\\nsignal b "
    "SIGUSR1\\n\"},"
    "  {\"name\": \"b\", \"script\": \"read p 2\\nwait s\\nlock m\\nreceive q\\nawait "
    "SIGUSR1\\n\"},"
    "  {\"name\": \"c\", \"script\": \"store cells[0] = 1\\n\"}]}";
enum Res
{
    Pipe,
    Sem,
    Mutex,
    Queue,
    Cells,
    SysvQueue,
    Socket
};
enum Proc
{
    A,
    B,
    C
};

Event step(int proc, Phase phase, Op op, int res = -1, qint64 value = 0)
{
    Event e;
    e.kind = Event::Step;
    e.phase = phase;
    e.proc = proc;
    e.op = op;
    e.res = res;
    e.setRecord(value, 0); // as its record would: bytes, a semaphore's value, ...
    return e;
}

Event exitOf(int proc, int signal = 0)
{
    Event e;
    e.kind = Event::Exit;
    e.phase = Phase::Exit;
    e.proc = proc;
    e.termSignal = signal;
    e.exitCode = signal ? -1 : 0;
    return e;
}

QString describe(const EventBatch &batch)
{
    QStringList out;
    for (const Event &e : batch)
        out << QStringLiteral("%1:%2:%3").arg(e.proc).arg(opName(e.op)).arg(phaseName(e.phase));
    return out.join(' ');
}

// Options of a run as `ipcsim run` makes them, under a schedule (empty: the scenario's own).
std::optional<Session::Options> options(const Scenario &sc, const QString &schedule)
{
    Session::Options o;
    o.batchIntervalMs = 5;
    if (schedule.isEmpty()) return o;
    std::string err;
    const auto s = parseSchedule(schedule.toStdString(), sc, &err);
    if (!s) {
        qWarning("%s", err.c_str());
        return std::nullopt;
    }
    o.schedule = *s;
    o.scheduleGiven = true;
    return o;
}

int indexOf(const EventBatch &batch, int proc, Op op, Phase phase)
{
    for (qsizetype i = 0; i < batch.size(); ++i)
        if (batch[i].proc == proc && batch[i].op == op && batch[i].phase == phase &&
            batch[i].kind == Event::Step)
            return int(i);
    return -1;
}

} // namespace

class TestCausalOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStringList errors;
        m_scenario = test::scenarioFromJson(kChannels, &errors);
        QVERIFY2(m_scenario, qPrintable(errors.join('\n')));
    }

    // pipe-hello: the reader's record of its read was drained before the writer's of its write.
    void aReadIsToldAfterTheWriteThatFedIt()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{step(A, Phase::Begin, Op::Write, Pipe, 2),
                      step(B, Phase::Begin, Op::Read, Pipe, 2),
                      step(B, Phase::End, Op::Read, Pipe, 2), step(B, Phase::Begin, Op::Wait, Sem),
                      step(A, Phase::End, Op::Write, Pipe, 2)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 5);
        QVERIFY2(indexOf(out, A, Op::Write, Phase::End) < indexOf(out, B, Op::Read, Phase::End),
                 qPrintable(describe(out)));
        // The reader's later events stay behind its read.
        QVERIFY(indexOf(out, B, Op::Read, Phase::End) < indexOf(out, B, Op::Wait, Phase::Begin));
        QCOMPARE(order.unexplained(), 0u);
    }

    // mapped-file told "poster added; it is now 40" before "watcher added; it is now 39": two
    // atomic adds on one cell, each stamped after its fetch-and-add returned. An add stands on
    // the value its result less its operand; it is told after the add or store that made it.
    void anAtomicAddIsToldAfterTheWriteItStoodOn()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{step(A, Phase::Begin, Op::Add, Cells, 1),
                      step(B, Phase::Begin, Op::Add, Cells, 1),
                      step(B, Phase::End, Op::Add, Cells, 2), step(B, Phase::Begin, Op::Wait, Sem),
                      step(A, Phase::End, Op::Add, Cells, 1)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 5);
        QVERIFY2(indexOf(out, A, Op::Add, Phase::End) < indexOf(out, B, Op::Add, Phase::End),
                 qPrintable(describe(out)));
        QVERIFY(indexOf(out, B, Op::Add, Phase::End) < indexOf(out, B, Op::Wait, Phase::Begin));
        // Down and up again (a car leaves, another parks): the value 1 was there before, but
        // the add that stands on it now is the one that has not been told.
        EventBatch again{
            step(A, Phase::Begin, Op::Add, Cells, -1), step(B, Phase::Begin, Op::Add, Cells, 1),
            step(B, Phase::End, Op::Add, Cells, 2), step(A, Phase::End, Op::Add, Cells, 1)};
        EventBatch more;
        order.push(again, more);
        QCOMPARE(describe(more), QStringLiteral("0:add:begin 1:add:begin 0:add:end 1:add:end"));
        QCOMPARE(order.unexplained(), 0u);
    }

    // A flood of adds held 330 MB under load: a late record stood on a value whose add was
    // told long before, an add of the other process stood on it, and each waited for the
    // other (one for a call the other was inside, that one for the first one's held events)
    // for kMaxRounds while both floods piled up behind them. Neither is the other's cause
    // for long: both go within a round or two.
    void addsWhoseCausesWereLostDoNotHoldEachOtherUp()
    {
        CausalOrder order(*m_scenario);
        auto at = [](Event e, qint64 tNs) {
            e.tNs = tNs;
            return e;
        };
        EventBatch in{at(step(A, Phase::Begin, Op::Add, Cells, 1), 1),
                      at(step(B, Phase::Begin, Op::Add, Cells, 1), 2),
                      at(step(B, Phase::End, Op::Add, Cells, 5), 3),
                      at(step(A, Phase::End, Op::Add, Cells, 6), 4)};
        EventBatch out;
        order.push(in, out);
        for (int round = 0; round < 3 && order.held() > 0; ++round) {
            EventBatch none;
            order.push(none, out);
        }
        QCOMPARE(order.held(), 0);
        QCOMPARE(out.size(), 4);
    }

    // A load is told after the store whose value it read; one that read a value written over
    // since (it ran first, its record came later) is not held.
    void aLoadIsToldAfterTheStoreItRead()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{
            step(C, Phase::Begin, Op::Store, Cells, 5), step(B, Phase::Begin, Op::Load, Cells),
            step(B, Phase::End, Op::Load, Cells, 5), step(C, Phase::End, Op::Store, Cells, 5)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 4);
        QVERIFY2(indexOf(out, C, Op::Store, Phase::End) < indexOf(out, B, Op::Load, Phase::End),
                 qPrintable(describe(out)));
        EventBatch late{
            step(C, Phase::Begin, Op::Store, Cells, 6), step(C, Phase::End, Op::Store, Cells, 6),
            step(B, Phase::Begin, Op::Load, Cells), step(B, Phase::End, Op::Load, Cells, 5)};
        EventBatch more;
        order.push(late, more);
        QCOMPARE(more.size(), 4);
        QCOMPARE(order.unexplained(), 0u);
    }

    // The writer's End is drained a round later: the read waits for it, the rest goes on.
    void aReadWaitsAcrossRoundsWhileItsWriterIsInItsCall()
    {
        CausalOrder order(*m_scenario);
        EventBatch out;
        EventBatch first{
            step(A, Phase::Begin, Op::Write, Pipe, 2), step(B, Phase::Begin, Op::Read, Pipe, 2),
            step(B, Phase::End, Op::Read, Pipe, 2), step(C, Phase::Begin, Op::Store, Cells)};
        order.push(first, out);
        QCOMPARE(describe(out), QStringLiteral("0:write:begin 1:read:begin 2:store:begin"));
        QCOMPARE(order.held(), 1);
        for (int round = 0; round < 3; ++round) { // the writer is still in its call
            EventBatch none;
            order.push(none, out);
        }
        QCOMPARE(order.held(), 1);
        EventBatch second{step(A, Phase::End, Op::Write, Pipe, 2)};
        order.push(second, out);
        QCOMPARE(describe(out), QStringLiteral("0:write:begin 1:read:begin 2:store:begin "
                                               "0:write:end 1:read:end"));
    }

    // mqueue-priorities: "b got a token, now 0" came before "a posted, now 1"; and a receive
    // before its send.
    void aTokenIsTakenAfterItsPostAndAMessageReceivedAfterItsSend()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{
            step(A, Phase::Begin, Op::Post, Sem),    step(B, Phase::Begin, Op::Wait, Sem),
            step(B, Phase::End, Op::Wait, Sem, 0),   step(A, Phase::End, Op::Post, Sem, 1),
            step(A, Phase::Begin, Op::Send, Queue),  step(B, Phase::Begin, Op::Receive, Queue),
            step(B, Phase::End, Op::Receive, Queue), step(A, Phase::End, Op::Send, Queue)};
        EventBatch out;
        order.push(in, out);
        QVERIFY2(indexOf(out, A, Op::Post, Phase::End) < indexOf(out, B, Op::Wait, Phase::End),
                 qPrintable(describe(out)));
        QVERIFY2(indexOf(out, A, Op::Send, Phase::End) < indexOf(out, B, Op::Receive, Phase::End),
                 qPrintable(describe(out)));
        // The semaphore's last value told is the kernel's: 0.
        QCOMPARE(out.last().op == Op::Receive || out.last().op == Op::Send, true);
        qint64 value = -1;
        for (const Event &e : out)
            if (e.res == Sem && e.phase == Phase::End) value = e.semaphoreValue();
        QCOMPARE(value, 0);
    }

    // robust-mutex: the heir took the lock before "holder was killed" was told.
    void aLockIsTakenAfterItsHolderLetGoOrDied()
    {
        CausalOrder order(*m_scenario);
        EventBatch out;
        EventBatch in{step(A, Phase::Begin, Op::Lock, Mutex), step(A, Phase::End, Op::Lock, Mutex),
                      step(B, Phase::Begin, Op::Lock, Mutex), step(A, Phase::Begin, Op::Crash)};
        order.push(in, out);
        // The heir's lock, with the owner's death reported, before the death is seen: it
        // waits as long as it takes (a core dump can take a while).
        Event heir = step(B, Phase::End, Op::Lock, Mutex);
        heir.ownerDied = true;
        EventBatch more{heir};
        order.push(more, out);
        for (quint64 round = 0; round < 2 * CausalOrder::kMaxRounds; ++round) {
            EventBatch none;
            order.push(none, out);
        }
        QCOMPARE(indexOf(out, B, Op::Lock, Phase::End), -1); // the holder lives, as told
        EventBatch death{exitOf(A, SIGABRT)};
        order.push(death, out);
        QCOMPARE(out.last().proc, B);
        QCOMPARE(out[out.size() - 2].kind, Event::Exit);
    }

    // The generated runs told "producer[1] loaded 10 from c[0] before it was stored" once, in
    // CI under ASan and two busy loops: the holder of m was put off the CPU between its unlock
    // and its record for longer than kMaxRounds, and the next lock (and the load under it)
    // went without it. Only the holder's unlock or death lets a lock through: it waits for
    // them however long they take.
    void aLockWaitsForItsLiveHolderSUnlockHoweverLate()
    {
        CausalOrder order(*m_scenario);
        EventBatch out;
        EventBatch in{
            step(A, Phase::Begin, Op::Lock, Mutex),      step(A, Phase::End, Op::Lock, Mutex),
            step(A, Phase::Begin, Op::Store, Cells, 10), step(A, Phase::End, Op::Store, Cells, 10),
            step(B, Phase::Begin, Op::Lock, Mutex),      step(B, Phase::End, Op::Lock, Mutex),
            step(B, Phase::Begin, Op::Load, Cells),      step(B, Phase::End, Op::Load, Cells, 10)};
        order.push(in, out);
        for (quint64 round = 0; round < 2 * CausalOrder::kMaxRounds; ++round) {
            EventBatch none;
            order.push(none, out);
        }
        QCOMPARE(indexOf(out, B, Op::Lock, Phase::End), -1); // the holder lives, as told
        EventBatch unlock{step(A, Phase::Begin, Op::Unlock, Mutex),
                          step(A, Phase::End, Op::Unlock, Mutex)};
        order.push(unlock, out);
        QVERIFY2(indexOf(out, A, Op::Unlock, Phase::End) < indexOf(out, B, Op::Lock, Phase::End),
                 qPrintable(describe(out)));
        QCOMPARE(order.held(), 0);
        QCOMPARE(order.unexplained(), 0u);
    }

    // At the run's end whatever is still held goes, in the best order there is: a lock that
    // waits for its holder's unlock goes after that unlock, even when the unlock waits behind a
    // read whose writer never ended its write (killed in it), and the lock came first.
    void theEndTellsALockAfterItsHoldersUnlockStillHeld()
    {
        CausalOrder order(*m_scenario);
        EventBatch out;
        EventBatch first{
            step(A, Phase::Begin, Op::Lock, Mutex), step(A, Phase::End, Op::Lock, Mutex),
            step(A, Phase::Begin, Op::Read, Pipe, 2), step(C, Phase::Begin, Op::Write, Pipe, 2)};
        order.push(first, out);
        EventBatch second{step(B, Phase::Begin, Op::Lock, Mutex),
                          step(B, Phase::End, Op::Lock, Mutex)};
        order.push(second, out);
        EventBatch third{step(A, Phase::End, Op::Read, Pipe, 2),
                         step(A, Phase::Begin, Op::Unlock, Mutex),
                         step(A, Phase::End, Op::Unlock, Mutex)};
        order.push(third, out);
        QCOMPARE(order.held(), 4); // the lock, for A; A's read, for C's write, and the unlock
        order.finish(out);
        QCOMPARE(order.held(), 0);
        QVERIFY2(indexOf(out, A, Op::Unlock, Phase::End) < indexOf(out, B, Op::Lock, Phase::End),
                 qPrintable(describe(out)));
    }

    // The test-side checker finds an effect told before its cause, and says what led to it.
    void theCheckerFindsAReadBeforeItsWriteAndSaysWhatLedThere()
    {
        const EventBatch told{
            step(A, Phase::Begin, Op::Write, Pipe, 2), step(B, Phase::Begin, Op::Read, Pipe, 2),
            step(B, Phase::End, Op::Read, Pipe, 2), step(A, Phase::End, Op::Write, Pipe, 2)};
        const QString v = test::causalViolation(told, *m_scenario);
        QVERIFY2(v.startsWith(QStringLiteral("event 2: b read 2 bytes of p not written yet")),
                 qPrintable(v));
        QVERIFY2(v.contains(QStringLiteral("\n  > 2 t=0 b kind")), qPrintable(v));
        QVERIFY2(v.contains(QStringLiteral("\n    3 t=0 a kind")), qPrintable(v));
    }

    // signals-ping: the target took the signal before the sender's step was told.
    void aSignalIsTakenAfterItWasSent()
    {
        CausalOrder order(*m_scenario);
        Event send = step(A, Phase::Begin, Op::Signal);
        send.sig = SIGUSR1;
        send.target = B;
        Event sent = send;
        sent.phase = Phase::End;
        Event await = step(B, Phase::Begin, Op::Await);
        await.sig = SIGUSR1;
        Event taken = await;
        taken.phase = Phase::End;
        EventBatch in{send, await, taken, sent};
        EventBatch out;
        order.push(in, out);
        QVERIFY2(indexOf(out, A, Op::Signal, Phase::End) < indexOf(out, B, Op::Await, Phase::End),
                 qPrintable(describe(out)));
    }

    // A cause that nobody is known to be producing (a program's write, unreported) is waited for
    // one round only; the event then goes, counted as unexplained.
    void anEffectWithNoCauseInSightWaitsOneRound()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{step(B, Phase::Begin, Op::Read, Pipe, 2),
                      step(B, Phase::End, Op::Read, Pipe, 2)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 1);
        EventBatch none;
        order.push(none, out);
        QCOMPARE(out.size(), 2);
        QCOMPARE(order.unexplained(), 1u);
    }

    // mqueue-full drew 4 messages in a queue of 3: a send that slept on the full queue went in
    // when a receive took one out, and its record came first. A send is told once there is
    // room (the queue here holds 10).
    void aSendIntoAFullQueueIsToldAfterTheReceiveThatMadeRoom()
    {
        CausalOrder order(*m_scenario);
        EventBatch in;
        for (int k = 0; k < 10; ++k)
            in << step(A, Phase::Begin, Op::Send, Queue, 1)
               << step(A, Phase::End, Op::Send, Queue, 1);
        in << step(A, Phase::Begin, Op::Send, Queue, 1) << step(B, Phase::Begin, Op::Receive, Queue)
           << step(A, Phase::End, Op::Send, Queue, 1) << step(B, Phase::End, Op::Receive, Queue, 1);
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 24);
        QVERIFY2(indexOf(out, B, Op::Receive, Phase::End) < int(out.size()) - 1,
                 qPrintable(describe(out)));
        QCOMPARE(out.last().op, Op::Send);
        QCOMPARE(order.unexplained(), 0u);
    }

    // A System V queue is full by its bytes (msg_qbytes): two messages of 16 bytes fill 32,
    // and a third, sent when a receive took one out, is told after that receive.
    void aSendIntoAFullSysvQueueIsToldAfterTheReceiveThatMadeRoom()
    {
        CausalOrder order(*m_scenario);
        EventBatch in;
        for (int k = 0; k < 2; ++k)
            in << step(A, Phase::Begin, Op::Send, SysvQueue, 16)
               << step(A, Phase::End, Op::Send, SysvQueue, 16);
        in << step(A, Phase::Begin, Op::Send, SysvQueue, 16)
           << step(B, Phase::Begin, Op::Receive, SysvQueue)
           << step(A, Phase::End, Op::Send, SysvQueue, 16)
           << step(B, Phase::End, Op::Receive, SysvQueue, 16);
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 8);
        QVERIFY2(indexOf(out, B, Op::Receive, Phase::End) < int(out.size()) - 1,
                 qPrintable(describe(out)));
        QCOMPARE(out.last().op, Op::Send);
        QCOMPARE(order.unexplained(), 0u);
    }

    // pipe-full drew 12 KiB in a pipe of 8: the writer woken by a read recorded its write's
    // end before the reader recorded the read. A write that fits is told once there is room
    // (this pipe holds 64 KiB).
    void aWriteIntoAFullPipeIsToldAfterTheReadThatMadeRoom()
    {
        CausalOrder order(*m_scenario);
        EventBatch in{step(A, Phase::Begin, Op::Write, Pipe, 65536),
                      step(A, Phase::End, Op::Write, Pipe, 65536),
                      step(A, Phase::Begin, Op::Write, Pipe, 4096),
                      step(B, Phase::Begin, Op::Read, Pipe, 4096),
                      step(A, Phase::End, Op::Write, Pipe, 4096),
                      step(B, Phase::End, Op::Read, Pipe, 4096)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(out.size(), 6);
        QCOMPARE(describe(out), QStringLiteral("0:write:begin 0:write:end 0:write:begin "
                                               "1:read:begin 1:read:end 0:write:end"));
        QCOMPARE(order.unexplained(), 0u);
    }

    // A socket's write that found no room (its MSG_DONTWAIT try fell short) slept until the
    // reader made some: told after the read that woke it, though its record came first. A
    // write that found room waits for nothing.
    void aSocketWriteThatWaitedForRoomIsToldAfterTheReadThatMadeIt()
    {
        CausalOrder order(*m_scenario);
        Event waited = step(A, Phase::End, Op::Write, Socket, 65536);
        waited.waitedForRoom = true;
        EventBatch in{step(A, Phase::Begin, Op::Write, Socket, 65536),
                      step(A, Phase::End, Op::Write, Socket, 65536),
                      step(B, Phase::Begin, Op::Read, Socket, 4096),
                      step(A, Phase::Begin, Op::Write, Socket, 65536),
                      waited,
                      step(B, Phase::End, Op::Read, Socket, 4096),
                      step(A, Phase::Begin, Op::Write, Socket, 2),
                      step(A, Phase::End, Op::Write, Socket, 2)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(describe(out), QStringLiteral("0:write:begin 0:write:end 1:read:begin "
                                               "0:write:begin 1:read:end 0:write:end "
                                               "0:write:begin 0:write:end"));
        QCOMPARE(order.unexplained(), 0u);
    }

    // A pipe is full by its pages, not by its bytes: sixteen writes of 2,100 bytes each take a
    // page of the 64 KiB pipe, and the next one sleeps with 33,600 bytes in it. Its worker's
    // try without waiting said so, and it is told after the read that woke it.
    void aPipeWriteThatWaitedForRoomIsToldAfterTheReadThatMadeIt()
    {
        CausalOrder order(*m_scenario);
        EventBatch in;
        QStringList expected;
        for (int k = 0; k < 16; ++k) {
            in << step(A, Phase::Begin, Op::Write, Pipe, 2100)
               << step(A, Phase::End, Op::Write, Pipe, 2100);
            expected << QStringLiteral("0:write:begin 0:write:end");
        }
        Event waited = step(A, Phase::End, Op::Write, Pipe, 2100);
        waited.waitedForRoom = true;
        in << step(B, Phase::Begin, Op::Read, Pipe, 2100)
           << step(A, Phase::Begin, Op::Write, Pipe, 2100) << waited
           << step(B, Phase::End, Op::Read, Pipe, 2100);
        expected << QStringLiteral("1:read:begin 0:write:begin 1:read:end 0:write:end");
        EventBatch out;
        order.push(in, out);
        QCOMPARE(describe(out), expected.join(QLatin1Char(' ')));
        QCOMPARE(order.unexplained(), 0u);
    }

    // The kernel frees a fifo's buffer, and what nobody read in it, when the last process that
    // had it open closes it: a read after that needs a write after that. Here y's read of 2
    // bytes, recorded before x's write, is not fed by the 7 bytes w left in it.
    void aFifosUnreadBytesGoWithItsLastEnd()
    {
        QStringList errors;
        const std::optional<Scenario> sc = test::scenarioFromJson(
            "{\"format\": 1, \"title\": \"t\","
            " \"resources\": [{\"name\": \"f\", \"type\": \"fifo\"}],"
            " \"processes\": [{\"name\": \"w\", \"script\": \"write f 10 bytes\\nclose f\"},"
            "  {\"name\": \"r\", \"script\": \"read f 3\\nclose f\"},"
            "  {\"name\": \"x\", \"script\": \"write f 2 bytes\"},"
            "  {\"name\": \"y\", \"script\": \"read f 10\"}]}",
            &errors);
        QVERIFY2(sc, qPrintable(errors.join('\n')));
        enum
        {
            W,
            R,
            X,
            Y
        };
        CausalOrder order(*sc);
        EventBatch in{step(W, Phase::Begin, Op::WriteBytes, 0, 10),
                      step(R, Phase::Begin, Op::Read, 0, 3),
                      step(W, Phase::End, Op::WriteBytes, 0, 10),
                      step(R, Phase::End, Op::Read, 0, 3),
                      step(W, Phase::End, Op::Close, 0),
                      step(R, Phase::End, Op::Close, 0),
                      step(Y, Phase::Begin, Op::Read, 0, 10),
                      step(Y, Phase::End, Op::Read, 0, 2),
                      step(X, Phase::Begin, Op::WriteBytes, 0, 2),
                      step(X, Phase::End, Op::WriteBytes, 0, 2)};
        EventBatch out;
        order.push(in, out);
        order.finish(out);
        QVERIFY2(indexOf(out, X, Op::WriteBytes, Phase::End) <
                     indexOf(out, Y, Op::Read, Phase::End),
                 qPrintable(describe(out)));
        // The tests' own checker, written apart from the ledgers, says the same.
        QVERIFY(test::causalViolation(in, *sc).contains(QStringLiteral("read 2 bytes of f")));
        QCOMPARE(test::causalViolation(out, *sc), QString());
        // While one of them still has it open, the bytes stay: a read of them goes at once.
        CausalOrder kept(*sc);
        EventBatch still = in.first(5); // r has not closed it
        still << step(Y, Phase::Begin, Op::Read, 0, 10) << step(Y, Phase::End, Op::Read, 0, 7);
        EventBatch keptOut;
        kept.push(still, keptOut);
        QCOMPARE(keptOut.size(), still.size());
    }

    // A stream socket's bytes go across one connection: b's read on a's connection is not fed
    // by c's send on its own, and the end of file it then gets waits for a's close.
    void aSocketReadIsFedByItsOwnConnection()
    {
        CausalOrder order(*m_scenario);
        auto withPid = [](Event e, int pid) {
            e.pid = pid;
            return e;
        };
        Event accepted = step(B, Phase::End, Op::Accept, Socket);
        accepted.setRecord(0, 100); // SO_PEERCRED: a's pid
        Event eof = step(B, Phase::End, Op::Read, Socket, 0);
        eof.eof = true;
        EventBatch in{withPid(step(A, Phase::Begin, Op::Connect, Socket), 100),
                      withPid(step(A, Phase::End, Op::Connect, Socket), 100),
                      withPid(step(C, Phase::Begin, Op::Connect, Socket), 300),
                      withPid(step(C, Phase::End, Op::Connect, Socket), 300),
                      step(B, Phase::Begin, Op::Accept, Socket),
                      accepted,
                      step(C, Phase::Begin, Op::Send, Socket, 5),
                      step(C, Phase::End, Op::Send, Socket, 5),
                      step(B, Phase::Begin, Op::Read, Socket, 5),
                      step(B, Phase::End, Op::Read, Socket, 5),
                      step(A, Phase::Begin, Op::Send, Socket, 5),
                      step(A, Phase::End, Op::Send, Socket, 5),
                      step(B, Phase::Begin, Op::Read, Socket, 5),
                      eof,
                      step(A, Phase::End, Op::Close, Socket)};
        EventBatch out;
        order.push(in, out);
        order.finish(out);
        QCOMPARE(out.size(), in.size());
        QStringList ends;
        for (const Event &e : out)
            if (e.phase == Phase::End && e.proc != C)
                ends << QStringLiteral("%1:%2:%3").arg(e.proc).arg(opName(e.op)).arg(e.bytes());
        QCOMPARE(ends.join(' '), QStringLiteral("0:connect:0 1:accept:0 0:send:5 1:read:5 "
                                                "0:close:0 1:read:0"));
        // The tests' own checker, written apart from the ledgers, says the same.
        QVERIFY2(test::causalViolation(in, *m_scenario)
                     .contains(QStringLiteral("b read 5 bytes on its connection of so that a had "
                                              "not sent yet")),
                 qPrintable(test::causalViolation(in, *m_scenario)));
        QCOMPARE(test::causalViolation(out, *m_scenario), QString());
    }

    // A read with no writer in sight waits one round: the whole of the next, whose events may
    // bring its cause. It went as soon as any event of that round went, before the round's
    // write that fed it was looked at.
    void anEffectWaitsForTheWholeOfTheNextRound()
    {
        CausalOrder order(*m_scenario);
        EventBatch first{step(B, Phase::Begin, Op::Read, Pipe, 2),
                         step(B, Phase::End, Op::Read, Pipe, 2)};
        EventBatch out;
        order.push(first, out);
        QCOMPARE(out.size(), 1);
        EventBatch next{step(C, Phase::Begin, Op::Store, Cells),
                        step(A, Phase::Begin, Op::Write, Pipe, 2),
                        step(A, Phase::End, Op::Write, Pipe, 2)};
        order.push(next, out);
        QCOMPARE(out.size(), 5);
        QVERIFY2(indexOf(out, A, Op::Write, Phase::End) < indexOf(out, B, Op::Read, Phase::End),
                 qPrintable(describe(out)));
        QCOMPARE(order.unexplained(), 0u);
    }

    // Independent events keep the engine's order; a finding of the engine comes after what was
    // held before it; finish() lets everything go.
    void unrelatedEventsKeepTheirOrderAndFindingsComeLast()
    {
        CausalOrder order(*m_scenario);
        Event deadlock;
        deadlock.kind = Event::Deadlock;
        EventBatch in{step(A, Phase::Begin, Op::Write, Pipe, 2),
                      step(B, Phase::End, Op::Read, Pipe, 2),
                      step(C, Phase::Begin, Op::Store, Cells), deadlock, exitOf(C)};
        EventBatch out;
        order.push(in, out);
        QCOMPARE(describe(out), QStringLiteral("0:write:begin 2:store:begin"));
        order.finish(out);
        QCOMPARE(out.size(), 5);
        QCOMPARE(out[3].kind, Event::Deadlock);
        QCOMPARE(out[4].kind, Event::Exit);
        QCOMPARE(order.held(), 0);
    }

    // Every built-in lesson, run for real (free, and under a random step schedule), is told
    // causes first: the order the window, the narration and the traces all get.
    void everyLessonIsToldCausesFirst_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("schedule");
        const QStringList names = QDir(QStringLiteral(":/scenarios")).entryList();
        QVERIFY(!names.isEmpty());
        for (QString n : names) {
            n.chop(5); // .json
            QTest::newRow(qPrintable(n)) << n << QString();
            QTest::newRow(qPrintable(n + QStringLiteral(", random")))
                << n << QStringLiteral("random:3");
        }
    }
    void everyLessonIsToldCausesFirst()
    {
        QFETCH(QString, name);
        QFETCH(QString, schedule);
        const auto sc = test::builtIn(name);
        QVERIFY(sc);
        const auto o = options(*sc, schedule);
        QVERIFY(o);
        for (int run = 0; run < 3; ++run) {
            const test::Run r = test::runToEnd(*sc, *o);
            QVERIFY(r.finished);
            const QString v = test::causalViolation(r.events, *sc);
            QVERIFY2(v.isEmpty(), qPrintable(QStringLiteral("run %1: %2").arg(run).arg(v)));
        }
    }

    // Generated producers and consumers over a semaphore, a message queue, a pipe and a
    // counter under a mutex, some leaving tokens and messages behind: the reducer's world at the
    // end equals what the kernel held, run after run, free and under a random schedule.
    void generatedRunsEndAsTheKernelSays_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("schedule");
        std::mt19937 random(20261204);
        for (int k = 0; k < 8; ++k) {
            const int producers = 1 + int(random() % 3), rounds = 1 + int(random() % 8);
            const int consumers = 1 + int(random() % 2);
            const int sent = producers * rounds;
            // Each consumer takes `takes` messages; at most 10 are left (the queue's size).
            const int takes = std::max(1, (sent - int(random() % 10)) / consumers);
            const int initial = int(random() % 3);
            const QByteArray json =
                QStringLiteral(
                    "{\"format\": 1, \"title\": \"generated %1\", \"timeout_ms\": 20000,"
                    " \"resources\": [{\"name\": \"s\", \"type\": \"semaphore\", \"initial\": %2},"
                    "  {\"name\": \"q\", \"type\": \"mqueue\", \"max_messages\": 10, "
                    "\"message_size\": 16},"
                    "  {\"name\": \"p\", \"type\": \"pipe\"}, {\"name\": \"m\", \"type\": "
                    "\"mutex\"},"
                    "  {\"name\": \"c\", \"type\": \"shm\"}],"
                    " \"processes\": ["
                    "  {\"name\": \"producer\", \"count\": %3, \"script\": \"repeat %4:\\n"
                    "    send q $index * 100 + $i\\n    write p 2 bytes\\n    post s\\n"
                    "    lock m\\n    load v = c[0]\\n    store c[0] = v + 1\\n    unlock m\\n\"},"
                    "  {\"name\": \"consumer\", \"count\": %5, \"script\": \"repeat %6:\\n"
                    "    wait s\\n    receive q\\n    read p 2\\n\"}]}")
                    .arg(k)
                    .arg(initial)
                    .arg(producers)
                    .arg(rounds)
                    .arg(consumers)
                    .arg(std::min(takes, sent / consumers))
                    .toUtf8();
            QTest::newRow(qPrintable(QStringLiteral("%1, free").arg(k))) << json << QString();
            QTest::newRow(qPrintable(QStringLiteral("%1, random").arg(k)))
                << json << QStringLiteral("random:%1").arg(k);
        }
    }
    void generatedRunsEndAsTheKernelSays()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, schedule);
        QStringList errors;
        const auto sc = test::scenarioFromJson(json, &errors);
        QVERIFY2(sc,
                 qPrintable(errors.join('\n') + QStringLiteral("\n") + QString::fromUtf8(json)));
        const auto o = options(*sc, schedule);
        QVERIFY(o);
        for (int run = 0; run < 2; ++run) {
            const test::Run r = test::runToEnd(*sc, *o);
            QVERIFY(r.finished);
            QCOMPARE(r.result.end, RunResult::End::Completed);
            const QString v = test::causalViolation(r.events, *sc);
            QVERIFY2(v.isEmpty(), qPrintable(v));
            QCOMPARE(r.result.finals.size(), r.world.resources.size());
            for (int res = 0; res < r.world.resources.size(); ++res) {
                const ResourceState &drawn = r.world.resources[res];
                const KernelFinal &kernel = r.result.finals[res];
                if (drawn.type == ResourceType::Semaphore)
                    QCOMPARE(kinds::semaphore::stateOf(drawn).value, kernel.value);
                if (drawn.type == ResourceType::MQueue) {
                    // The same messages; their order is the kernel's once the window has read
                    // it at the end (sends in flight together are told in either order).
                    WorldModel model(*sc);
                    model.apply(r.events);
                    model.setFinal(res, kernel);
                    QByteArrayList texts, sorted, inKernel = kernel.messages;
                    for (const kinds::mqueue::Message &m : kinds::mqueue::stateOf(drawn).messages)
                        sorted << m.text;
                    for (const kinds::mqueue::Message &m :
                         kinds::mqueue::stateOf(model.state().resources[res]).messages)
                        texts << m.text;
                    std::sort(sorted.begin(), sorted.end());
                    std::sort(inKernel.begin(), inKernel.end());
                    QCOMPARE(sorted, inKernel);
                    QVERIFY2(texts == kernel.messages,
                             qPrintable(QStringLiteral("drawn [%1], in the kernel [%2]")
                                            .arg(QString::fromUtf8(texts.join(", ")),
                                                 QString::fromUtf8(kernel.messages.join(", ")))));
                }
                if (drawn.type == ResourceType::Shm) {
                    QVector<qint64> cells;
                    for (const kinds::shm::CellState &c : kinds::shm::stateOf(drawn).cells)
                        cells << c.value;
                    QCOMPARE(cells, r.result.finals[res].cells);
                }
            }
        }
    }

private:
    std::optional<Scenario> m_scenario;
};

QTEST_GUILESS_MAIN(TestCausalOrder)
#include "tst_causalorder.moc"
