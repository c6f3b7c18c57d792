// The step scheduler on its own (engine/scheduler.h): which process takes the next step, for
// each kind of schedule of SCENARIO-FORMAT, from made-up standings. No process is started:
// the rules are the scheduler's, and tst_engine checks them again on real runs.
#include "engine/scheduler.h"
#include "testsupport.h"

#include <QTest>

using namespace ipcsim::core;
using Standing = Scheduler::Standing;

namespace {

// Three processes a, b, c (c with two replicas: c[0], c[1]), no resources.
Scenario threeOfThem(const char *schedule)
{
    const QByteArray json = QByteArray(R"({"format": 1, "title": "t", "resources": [],
        "schedule": )") + schedule +
                            R"(, "processes": [
        {"name": "a", "script": "exit"}, {"name": "b", "script": "exit"},
        {"name": "c", "count": 2, "script": "exit"}]})";
    QStringList errors;
    const auto sc = ipcsim::test::scenarioFromJson(json, &errors);
    if (!sc) qFatal("%s", qPrintable(errors.join('\n')));
    return *sc;
}

std::vector<Standing> allAtGates(int n)
{
    return std::vector<Standing>(size_t(n), Standing{true, false, false});
}

// Picks and releases until nobody can go or `steps` are taken; every released process comes
// back to its gate at once (all of them are always ready).
QList<int> run(Scheduler &s, std::vector<Standing> procs, int steps)
{
    QList<int> order;
    while (order.size() < steps) {
        const int i = s.pick(procs);
        if (i < 0) break;
        s.released(i);
        order << i;
    }
    return order;
}

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundRobinTakesEachInTurnInTheOrderOfProcesses()
    {
        const Scenario sc = threeOfThem(R"("round-robin")");
        Scheduler s(sc.schedule, sc);
        QCOMPARE(run(s, allAtGates(4), 9), (QList<int>{0, 1, 2, 3, 0, 1, 2, 3, 0}));
    }

    void roundRobinPassesWhoCannotStep()
    {
        const Scenario sc = threeOfThem(R"("round-robin")");
        Scheduler s(sc.schedule, sc);
        std::vector<Standing> procs = allAtGates(4);
        procs[1].atGate = false; // in its step, or blocked
        procs[2].ended = true;
        procs[3].stopped = true; // SIGSTOP: its turn passes until SIGCONT
        QCOMPARE(run(s, procs, 3), (QList<int>{0, 0, 0}));
        procs[0].atGate = false;
        QCOMPARE(s.pick(procs), -1); // nobody can go: the run waits
        procs[3].stopped = false;
        QCOMPARE(s.pick(procs), 3);
    }

    void aListGoesInItsOrderThenRoundRobin()
    {
        const Scenario sc = threeOfThem(R"(["b", "c[1]", "b", "a"])");
        Scheduler s(sc.schedule, sc);
        // Then round-robin after a (the last released): b, c[0], c[1], a, ...
        QCOMPARE(run(s, allAtGates(4), 8), (QList<int>{1, 3, 1, 0, 1, 2, 3, 0}));
    }

    void aListWaitsForTheProcessItNamesAndPassesOneThatEnded()
    {
        const Scenario sc = threeOfThem(R"(["b", "a", "c[0]"])");
        Scheduler s(sc.schedule, sc);
        std::vector<Standing> procs = allAtGates(4);
        procs[1].atGate = false; // b is blocked: the list waits, nobody else goes
        QCOMPARE(s.pick(procs), -1);
        QCOMPARE(s.listWaitsFor(procs), 1);
        procs[1].stopped = true; // a stopped process is waited for too, not passed
        procs[1].atGate = true;
        QCOMPARE(s.pick(procs), -1);
        procs[1] = Standing{false, true, false}; // b ended: it will never come, the list goes on
        QCOMPARE(s.listWaitsFor(procs), -1);
        QCOMPARE(s.pick(procs), 0);
        s.released(0);
        QCOMPARE(s.pick(procs), 2);
    }

    void randomIsTheSameForTheSameSeedAndPicksOnlyTheReady()
    {
        const Scenario sc = threeOfThem(R"("random:42")");
        Scheduler first(sc.schedule, sc), second(sc.schedule, sc);
        const QList<int> order = run(first, allAtGates(4), 200);
        QCOMPARE(run(second, allAtGates(4), 200), order);
        for (int i = 0; i < 4; ++i)
            QVERIFY2(order.contains(i), "every process gets turns");
        const Scenario other = threeOfThem(R"("random:43")");
        Scheduler third(other.schedule, other);
        QVERIFY(run(third, allAtGates(4), 200) != order);

        std::vector<Standing> procs = allAtGates(4);
        procs[0].atGate = procs[2].atGate = false;
        for (int k = 0; k < 50; ++k) {
            const int i = first.pick(procs);
            QVERIFY2(i == 1 || i == 3, qPrintable(QString::number(i)));
        }
    }

    void peekSaysWhatPickWillDoAndMovesNothing()
    {
        for (const char *schedule : {R"("round-robin")", R"("random:7")", R"(["c[1]", "a"])"}) {
            const Scenario sc = threeOfThem(schedule);
            Scheduler s(sc.schedule, sc);
            const std::vector<Standing> procs = allAtGates(4);
            for (int k = 0; k < 20; ++k) {
                const int peeked = s.peek(procs);
                QCOMPARE(s.peek(procs), peeked);
                const int picked = s.pick(procs);
                QCOMPARE(picked, peeked);
                s.released(picked);
            }
        }
    }

    void aFreeRunIsReleasedInTurn()
    {
        // Paused, then stepped: a free schedule takes each in turn too.
        const Scenario sc = threeOfThem(R"("free")");
        Scheduler s(sc.schedule, sc);
        QCOMPARE(run(s, allAtGates(4), 5), (QList<int>{0, 1, 2, 3, 0}));
        QCOMPARE(s.listWaitsFor(allAtGates(4)), -1);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
