// The engine's order of a batch before the causal order (engine/batchorder.h): a free run's
// runs interleaved by time, a step-mode step in its fixed order.
#include "engine/batchorder.h"

#include <QTest>

using namespace ipcsim::core;

namespace {

Event at(int proc, qint64 tNs, quint32 seq = 0)
{
    Event e;
    e.kind = Event::Step;
    e.proc = proc;
    e.tNs = tNs;
    e.seq = seq;
    return e;
}

// "proc@t" for each event, in order.
QString describe(const EventBatch &batch)
{
    QStringList s;
    for (const Event &e : batch)
        s << QStringLiteral("%1@%2").arg(e.proc).arg(e.tNs);
    return s.join(QLatin1Char(' '));
}

} // namespace

class TestBatchOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Three rings drained one after the other: the batch is three runs, each in time order.
    void aFreeRunsRunsAreInterleavedByTime()
    {
        EventBatch batch{at(0, 1), at(0, 4), at(0, 7), at(1, 2),
                         at(1, 3), at(1, 9), at(2, 5), at(2, 8)};
        interleaveByTime(batch);
        QCOMPARE(describe(batch), QStringLiteral("0@1 1@2 1@3 0@4 2@5 0@7 2@8 1@9"));
    }

    // At equal times the earlier run's event goes first, and a run's own order is kept.
    void equalTimesKeepTheRunsOrder()
    {
        EventBatch batch{at(0, 5, 1), at(0, 5, 2), at(1, 3), at(1, 5), at(2, 5)};
        interleaveByTime(batch);
        QCOMPARE(describe(batch), QStringLiteral("1@3 0@5 0@5 1@5 2@5"));
        QCOMPARE(batch[1].seq, 1u);
        QCOMPARE(batch[2].seq, 2u);
    }

    // One run, or none, is left as it is.
    void oneRunIsLeftAsItIs()
    {
        EventBatch none;
        interleaveByTime(none);
        QVERIFY(none.isEmpty());
        EventBatch one{at(2, 1), at(0, 2), at(1, 2)};
        interleaveByTime(one);
        QCOMPARE(describe(one), QStringLiteral("2@1 0@2 1@2"));
    }

    // Five runs (an odd one out at each round of merging), in and out of order between them.
    void manyRunsAreMergedWhole()
    {
        EventBatch batch;
        for (int run = 0; run < 5; ++run)
            for (int k = 0; k < 4; ++k)
                batch << at(run, 10 * k + (run * 7) % 10);
        interleaveByTime(batch);
        QCOMPARE(batch.size(), 20);
        for (qsizetype i = 1; i < batch.size(); ++i)
            QVERIFY2(batch[i - 1].tNs <= batch[i].tNs, qPrintable(describe(batch)));
    }

    // A step: the released process first, then the others by index, the engine's findings
    // (no process) last; within a process by time, whatever the clocks of the others said.
    void aStepTellsTheReleasedProcessFirst()
    {
        EventBatch step{at(0, 3), at(2, 1), at(-1, 0), at(2, 4), at(0, 2), at(1, 9), at(2, 2)};
        orderStep(step, 2);
        QCOMPARE(describe(step), QStringLiteral("2@1 2@2 2@4 0@2 0@3 1@9 -1@0"));
        orderStep(step, 1);
        QCOMPARE(describe(step), QStringLiteral("1@9 0@2 0@3 2@1 2@2 2@4 -1@0"));
    }
};

QTEST_GUILESS_MAIN(TestBatchOrder)
#include "tst_batchorder.moc"
