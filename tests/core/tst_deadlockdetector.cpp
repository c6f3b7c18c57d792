// The deadlock detector's confirmation, on made-up polls: a run is deadlocked once two polls in
// a row find every live process blocked with no event told between them. Who waits for whom is
// tst_waitgraph's, and real deadlocks are tst_engine's.
#include "engine/deadlockdetector.h"

#include <QTest>

using namespace ipcsim::core;

class TestDeadlockDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void twoPollsAlikeWithEveryProcessBlockedAreADeadlock()
    {
        DeadlockWatch watch;
        QVERIFY(!watch.confirm(true, 40)); // once may be a moment: a wake-up on its way
        QVERIFY(watch.confirm(true, 40));
        QVERIFY(watch.confirm(true, 40)); // and it stays one
    }

    void anEventBetweenThePollsStartsAgain()
    {
        DeadlockWatch watch;
        QVERIFY(!watch.confirm(true, 40));
        QVERIFY(!watch.confirm(true, 41)); // a step was told: the run moved
        QVERIFY(watch.confirm(true, 41));
    }

    void aPollThatIsNoCandidateStartsAgain()
    {
        DeadlockWatch watch;
        QVERIFY(!watch.confirm(true, 7));
        QVERIFY(!watch.confirm(false, 7)); // one process ran, or one waited at its gate
        QVERIFY(!watch.confirm(true, 7));
        QVERIFY(watch.confirm(true, 7));
    }

    void aReleasedStepStartsAgain()
    {
        DeadlockWatch watch;
        QVERIFY(!watch.confirm(true, 3));
        watch.reset(); // the scheduler released a step: it has not been told yet
        QVERIFY(!watch.confirm(true, 3));
        QVERIFY(watch.confirm(true, 3));
    }

    void theFirstPollIsNeverOne()
    {
        // However many events the run has told, even none.
        for (const quint64 events : {quint64(0), quint64(1), ~quint64(0)}) {
            DeadlockWatch watch;
            QVERIFY(!watch.confirm(true, events));
        }
    }
};

QTEST_GUILESS_MAIN(TestDeadlockDetector)
#include "tst_deadlockdetector.moc"
