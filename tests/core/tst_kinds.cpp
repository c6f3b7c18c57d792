// Every kind of object is whole: the registry (core/kinds/kinds.def) gives each kind a part in
// every layer, and each part speaks for every statement the kind's format says it takes. A
// kind added with a part missing fails here, by name, before any run.
#include "engine/kernelobject.h"
#include "model/kindmodel.h"
#include "scenario/kind.h"
#include "scenario/scenarioloader.h"
#include "scenario/statements.h"
#include "story/kindwords.h"
#include "worker/workerobject.h"

#include <QTest>

using namespace ipcsim::core;

namespace {

// A step of process proc on resource res that ended (phase End) or began.
Event step(int proc, Op op, int res, qint64 value = 0, Phase phase = Phase::End)
{
    Event e;
    e.kind = Event::Step;
    e.phase = phase;
    e.proc = proc;
    e.op = op;
    e.res = res;
    e.setRecord(value, 0); // as its record would
    return e;
}

} // namespace

class TestKinds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindHasAPartInEveryLayer()
    {
        for (const KindFormat *kind : kindFormats()) {
            QVERIFY2(kindEngine(kind->type).make, kind->name);
            QVERIFY2(kindEngine(kind->type).make() != nullptr, kind->name);
            QVERIFY2(kindWorker(kind->type).make, kind->name);
            QVERIFY2(kindWorker(kind->type).make() != nullptr, kind->name);
            QVERIFY2(kindModel(kind->type).ended, kind->name); // every kind takes statements
            QVERIFY2(kindWords(kind->type).noun && *kindWords(kind->type).noun, kind->name);
        }
    }
    // The narration names the real call behind each statement a kind takes ("sem_wait"), and
    // none behind one it does not.
    void everyStatementOfAKindHasItsRealCall()
    {
        for (const KindFormat *kind : kindFormats()) {
            const KindWords &words = kindWords(kind->type);
            QVERIFY2(words.callName, kind->name);
            for (size_t i = 1; i < size_t(Op::Count_); ++i) {
                const Op op = Op(i);
                const QByteArray what = QByteArray(kind->name) + ' ' + opName(op);
                if (kind->takes(op))
                    QVERIFY2(words.callName(op) && *words.callName(op), what.constData());
                else
                    QVERIFY2(!words.callName(op), what.constData());
            }
        }
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::MQueue).callName(Op::Send)),
                 QStringLiteral("mq_send"));
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::Socket).callName(Op::Read)),
                 QStringLiteral("recv"));
        QCOMPARE(QString::fromLatin1(kindWords(ResourceType::Spinlock).callName(Op::Lock)),
                 QStringLiteral("spin_lock"));
    }

    // A kind whose calls may sleep until another process acts has a ledger in the causal
    // order (model/causalledger.h): without one, what woke its sleeper could be told after it.
    void everyKindWhoseCallsWaitHasALedger()
    {
        for (const KindFormat *kind : kindFormats()) {
            bool waits = false;
            for (const Op op : kind->statements)
                waits = waits || statementInfo(op).mayBlock;
            if (waits) QVERIFY2(kindModel(kind->type).ledger, kind->name);
        }
    }

    // Each ledger holds a step until its cause is told, and knows which open call produces it:
    // a read needs the bytes written and end of file every writer's close, a wait a post, a
    // lock the unlock or the holder's death, a barrier every party's arrival.
    void eachLedgerWaitsForItsCause()
    {
        const LoadResult loaded = loadScenario(R"({"format": 1, "title": "ledgers",
            "resources": [{"name": "p", "type": "pipe"}, {"name": "s", "type": "semaphore"},
                          {"name": "m", "type": "mutex"},
                          {"name": "b", "type": "barrier", "parties": 2}],
            "processes": [{"name": "w", "script": "write p 5\npost s\nlock m\narrive b\n"},
                          {"name": "r", "script": "read p 5\nwait s\nlock m\narrive b\n"}]})",
                                               "ledgers.json", KernelLimits());
        QVERIFY2(loaded.ok(), loaded.errors.empty() ? "" : loaded.errors.front().c_str());
        const Scenario &sc = *loaded.scenario;
        std::vector<Event> open(2);
        std::vector<bool> ended(2, false);
        const CausalLedger::View view{open, ended};
        auto ledger = [&sc](int res) {
            return kindModel(sc.resources[size_t(res)].type).ledger(res, sc);
        };

        const auto pipe = ledger(0);
        const Event read = step(1, Op::Read, 0, 5);
        QVERIFY(!pipe->met(read, view));
        QVERIFY(pipe->produces(step(0, Op::Write, 0, 5, Phase::Begin), read));
        QVERIFY(!pipe->produces(step(0, Op::Close, 0, 0, Phase::Begin), read));
        pipe->told(step(0, Op::Write, 0, 3));
        QVERIFY(!pipe->met(read, view)); // 3 bytes of 5
        pipe->told(step(0, Op::Write, 0, 2));
        QVERIFY(pipe->met(read, view));
        Event eof = step(1, Op::Read, 0, 0);
        eof.eof = true;
        QVERIFY(!pipe->met(eof, view)); // the writer holds its end
        QVERIFY(pipe->produces(step(0, Op::Close, 0, 0, Phase::Begin), eof));
        pipe->exited(0);
        QVERIFY(pipe->met(eof, view));

        const auto sem = ledger(1); // initial value 0
        const Event wait = step(1, Op::Wait, 1);
        QVERIFY(!sem->met(wait, view));
        QVERIFY(sem->produces(step(0, Op::Post, 1, 0, Phase::Begin), wait));
        sem->told(step(0, Op::Post, 1));
        QVERIFY(sem->met(wait, view));
        sem->told(wait);
        QVERIFY(!sem->met(wait, view));

        const auto mutex = ledger(2);
        const Event lock = step(1, Op::Lock, 2);
        QVERIFY(mutex->met(lock, view));
        mutex->told(step(0, Op::Lock, 2));
        QVERIFY(!mutex->met(lock, view));
        QVERIFY(mutex->holderLives(lock, view));
        QVERIFY(mutex->produces(step(0, Op::Unlock, 2, 0, Phase::Begin), lock));
        ended[0] = true;
        QVERIFY(!mutex->holderLives(lock, view));
        mutex->exited(0); // the kernel hands a robust mutex on
        QVERIFY(mutex->met(lock, view));

        const auto barrier = ledger(3);
        const Event through = step(1, Op::Arrive, 3);
        barrier->told(step(1, Op::Arrive, 3, 0, Phase::Begin));
        QVERIFY(!barrier->met(through, view)); // one party of two
        QVERIFY(barrier->produces(step(0, Op::Arrive, 3, 0, Phase::Begin), through));
        barrier->told(step(0, Op::Arrive, 3, 0, Phase::Begin));
        QVERIFY(barrier->met(through, view));
    }
};

QTEST_GUILESS_MAIN(TestKinds)
#include "tst_kinds.moc"
