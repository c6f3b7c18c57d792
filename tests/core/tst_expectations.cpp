// Expectations (--check): exit codes and signals, final cells, printed lines, deadlock.
#include "engine/runresult.h"
#include "model/expectations.h"
#include "model/worldstate.h"
#include "scenario/scenarioloader.h"

#include <QtTest>
#include <csignal>

using namespace ipcsim::core;

// Declared before the test data: moc misreads \" inside the raw strings below.
class ExpectationsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noExpectationsNoFailures();
    void allHoldingGivesNoFailures();
    void wrongExitCodeNamesProcess();
    void starCoversProcessesNotNamedOtherwise();
    void replicaKeyOverridesProcessKey();
    void signalExpectationMatchesKill();
    void processKilledByEngineCountsAsSigkill();
    void exactCellMismatch();
    void boundedCellOutOfRange();
    void printedLineDiffers();
    void printedTooFewOrTooManyLines();
    void printedAppliesToEachReplica();
    void deadlockExpectedButRunCompleted();
    void deadlockNotExpectedButHappened();
};

namespace {

Scenario load(const QByteArray &expect)
{
    const QByteArray json = R"({
  "format": 1,
  "title": "Expectations",
  "resources": [ { "name": "counter", "type": "shm", "cells": 2 } ],
  "processes": [
    { "name": "producer", "script": "add counter[0] 1" },
    { "name": "consumer", "script": "print \"got\", 1" },
    { "name": "worker", "count": 3, "script": "print \"w\", $index" }
  ],
  "expect": )" + expect + "\n}";
    const LoadResult r = loadScenario(json.toStdString(), "expect.json", KernelLimits());
    if (!r.ok()) {
        for (const std::string &e : r.errors)
            qWarning("%s", e.c_str());
        qFatal("the test scenario does not load");
    }
    return *r.scenario;
}

// Every process exited with 0, counter = {2000, 0}, nothing printed.
RunResult cleanRun(const Scenario &sc)
{
    RunResult r;
    for (const Instance &i : sc.instances) {
        ProcessExit x;
        x.name = QString::fromStdString(i.name);
        x.ended = true;
        x.exitCode = 0;
        r.exits << x;
    }
    KernelFinal counter;
    counter.read = true;
    counter.cells = {2000, 0};
    r.finals = {counter};
    return r;
}

WorldState worldOf(const Scenario &sc)
{
    WorldState w;
    for (const Instance &i : sc.instances) {
        ProcessState p;
        p.name = QString::fromStdString(i.name);
        w.processes << p;
    }
    return w;
}

} // namespace

void ExpectationsTest::noExpectationsNoFailures()
{
    const Scenario sc = load("{}");
    RunResult r = cleanRun(sc);
    r.exits[0].exitCode = 1;
    QVERIFY(checkExpectations(sc, r, worldOf(sc)).isEmpty());
}

void ExpectationsTest::allHoldingGivesNoFailures()
{
    const Scenario sc = load(R"({ "exit": { "*": 0 }, "cells": { "counter[0]": 2000,
        "counter[1]": { "min": 0, "max": 3 } }, "printed": { "consumer": ["got 1"] },
        "deadlock": false })");
    WorldState w = worldOf(sc);
    w.processes[1].printed = QStringList{"got 1"};
    const QStringList failures = checkExpectations(sc, cleanRun(sc), w);
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join('\n')));
}

void ExpectationsTest::wrongExitCodeNamesProcess()
{
    const Scenario sc = load(R"({ "exit": { "*": 0 } })");
    RunResult r = cleanRun(sc);
    r.exits[1].exitCode = 1;
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"exit: consumer exited with 1, expected 0"});
}

void ExpectationsTest::starCoversProcessesNotNamedOtherwise()
{
    const Scenario sc = load(R"({ "exit": { "*": 0, "consumer": 3 } })");
    RunResult r = cleanRun(sc);
    r.exits[1].exitCode = 3; // consumer: as expected
    r.exits[3].exitCode = 2; // worker[1]: covered by "*"
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"exit: worker[1] exited with 2, expected 0"});
}

void ExpectationsTest::replicaKeyOverridesProcessKey()
{
    const Scenario sc = load(R"({ "exit": { "worker": 0, "worker[2]": "SIGTERM" } })");
    RunResult r = cleanRun(sc);
    r.exits[4].exitCode = -1;
    r.exits[4].termSignal = SIGTERM;
    r.exits[3].exitCode = -1;
    r.exits[3].termSignal = SIGTERM;
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"exit: worker[1] was killed by SIGTERM, expected 0"});
}

void ExpectationsTest::signalExpectationMatchesKill()
{
    const Scenario sc = load(R"({ "exit": { "producer": "SIGABRT", "consumer": "SIGABRT" } })");
    RunResult r = cleanRun(sc);
    r.exits[0].exitCode = -1;
    r.exits[0].termSignal = SIGABRT;
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"exit: consumer exited with 0, expected SIGABRT"});
}

void ExpectationsTest::processKilledByEngineCountsAsSigkill()
{
    const Scenario sc = load(R"({ "exit": { "producer": "SIGKILL", "consumer": 0 } })");
    RunResult r = cleanRun(sc);
    for (int i : {0, 1}) {
        r.exits[i].exitCode = -1;
        r.exits[i].termSignal = SIGKILL;
        r.exits[i].killedByEngine = true;
    }
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"exit: consumer was killed by the engine (SIGKILL), expected 0"});
}

void ExpectationsTest::exactCellMismatch()
{
    const Scenario sc = load(R"({ "cells": { "counter[0]": 2000 } })");
    RunResult r = cleanRun(sc);
    r.finals[0].cells[0] = 1873;
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"cells: counter[0] is 1873, expected 2000"});
}

void ExpectationsTest::boundedCellOutOfRange()
{
    const Scenario sc = load(R"({ "cells": { "counter[1]": { "min": 1, "max": 3 },
                                             "counter[0]": { "min": 2001 } } })");
    RunResult r = cleanRun(sc);
    r.finals[0].cells[1] = 4;
    const QStringList failures = checkExpectations(sc, r, worldOf(sc));
    QCOMPARE(failures.size(), 2);
    QVERIFY(failures.contains("cells: counter[1] is 4, expected 1..3"));
    QVERIFY(failures.contains("cells: counter[0] is 2000, expected at least 2001"));
}

void ExpectationsTest::printedLineDiffers()
{
    const Scenario sc = load(R"({ "printed": { "consumer": ["got 1", "got 2"] } })");
    WorldState w = worldOf(sc);
    w.processes[1].printed = QStringList{"got 1", "got 3"};
    QCOMPARE(checkExpectations(sc, cleanRun(sc), w),
             QStringList{"printed: consumer line 2 is \"got 3\", expected \"got 2\""});
}

void ExpectationsTest::printedTooFewOrTooManyLines()
{
    const Scenario sc = load(R"({ "printed": { "consumer": ["got 1", "got 2"] } })");
    WorldState w = worldOf(sc);
    w.processes[1].printed = QStringList{"got 1"};
    QCOMPARE(checkExpectations(sc, cleanRun(sc), w),
             QStringList{
                 "printed: consumer printed 1 line(s), expected 2; line 2 \"got 2\" is missing"});
    w.processes[1].printed = QStringList{"got 1", "got 2", "got 3"};
    QCOMPARE(
        checkExpectations(sc, cleanRun(sc), w),
        QStringList{
            "printed: consumer printed 3 line(s), expected 2; line 3 is \"got 3\", not expected"});
}

void ExpectationsTest::printedAppliesToEachReplica()
{
    const Scenario sc = load(R"({ "printed": { "worker": ["w"], "worker[2]": ["w 2"] } })");
    WorldState w = worldOf(sc);
    w.processes[2].printed = QStringList{"w"};
    w.processes[3].printed = QStringList{"w 1"};
    w.processes[4].printed = QStringList{"w 2"};
    const QStringList failures = checkExpectations(sc, cleanRun(sc), w);
    // "worker" applies to each replica, but worker[2] has its own, more specific key.
    QCOMPARE(failures, QStringList{"printed: worker[1] line 1 is \"w 1\", expected \"w\""});
}

void ExpectationsTest::deadlockExpectedButRunCompleted()
{
    const Scenario sc = load(R"({ "deadlock": true })");
    QCOMPARE(checkExpectations(sc, cleanRun(sc), worldOf(sc)),
             QStringList{"deadlock: the run completed, expected a deadlock"});
    RunResult r = cleanRun(sc);
    r.end = RunResult::End::Deadlock;
    QVERIFY(checkExpectations(sc, r, worldOf(sc)).isEmpty());
}

void ExpectationsTest::deadlockNotExpectedButHappened()
{
    const Scenario sc = load(R"({ "deadlock": false })");
    RunResult r = cleanRun(sc);
    r.end = RunResult::End::Deadlock;
    QCOMPARE(checkExpectations(sc, r, worldOf(sc)),
             QStringList{"deadlock: the run deadlocked, expected no deadlock"});
}

QTEST_GUILESS_MAIN(ExpectationsTest)
#include "tst_expectations.moc"
