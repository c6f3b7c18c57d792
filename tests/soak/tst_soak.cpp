// A soak: many sessions, one after another, in one long-lived engine, as the window runs them
// (one RunController, its engine thread living as long as the app). The lessons in turn, each
// ended a different way: to its end, in step mode, stopped by the user, a worker killed,
// paused and resumed, stepped then run. After all of them nothing of ours is left on the
// machine, and the parent's descriptors, threads and memory are where they were once warm.
//
// IPCSIM_SOAK_SESSIONS sets how many (50 by default, what CI runs; 1000 for a long soak).
#include "runcontroller.h"
#include "scenariocatalog.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace ipcsim;
using ui::RunController;

namespace {

// What the parent holds, from /proc/self.
struct Footprint
{
    int fds = 0;
    int threads = 0;
    qint64 rssKb = 0;
    int children = 0; // processes whose parent is this one, zombies included
};

int entries(const QString &dir)
{
    return int(QDir(dir).entryList(QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot).size());
}

int childrenOfThisProcess()
{
    int n = 0;
    for (const QString &pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs))
        if (pid.front().isDigit() && test::parentOf(pid.toInt()) == getpid()) ++n;
    return n;
}

Footprint footprint()
{
    Footprint f;
    f.fds = entries(QStringLiteral("/proc/self/fd"));
    f.threads = entries(QStringLiteral("/proc/self/task"));
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (statm.open(QIODevice::ReadOnly)) {
        const QList<QByteArray> v = statm.readAll().split(' ');
        if (v.size() > 1) f.rssKb = v[1].toLongLong() * (sysconf(_SC_PAGESIZE) / 1024);
    }
    f.children = childrenOfThisProcess();
    return f;
}

QString describe(const Footprint &f)
{
    return QStringLiteral("%1 descriptors, %2 threads, %3 MB resident, %4 children")
        .arg(f.fds)
        .arg(f.threads)
        .arg(double(f.rssKb) / 1024, 0, 'f', 1)
        .arg(f.children);
}

// Anything of this process's sessions still on the machine: session folders, shared memory,
// message queues. (Every name this process gives starts with ipcsim-<pid>-.)
QStringList leftovers()
{
    const QString prefix = QStringLiteral("ipcsim-%1-").arg(getpid());
    QStringList left;
    for (const QString &base : {qEnvironmentVariable("XDG_RUNTIME_DIR"), QStringLiteral("/tmp")})
        if (!base.isEmpty())
            for (const QString &e :
                 QDir(base).entryList({prefix + QLatin1Char('*')}, QDir::AllEntries | QDir::System))
                left << base + QLatin1Char('/') + e;
    return left + test::namedObjectsStartingWith(prefix);
}

enum class Ending
{
    ToItsEnd,
    StepMode,
    StoppedByTheUser,
    WorkerKilled,
    PausedAndResumed,
    SteppedThenRun,
    Count
};

const char *endingName(Ending e)
{
    switch (e) {
    case Ending::ToItsEnd:
        return "to its end";
    case Ending::StepMode:
        return "step mode";
    case Ending::StoppedByTheUser:
        return "stopped by the user";
    case Ending::WorkerKilled:
        return "a worker killed";
    case Ending::PausedAndResumed:
        return "paused and resumed";
    case Ending::SteppedThenRun:
        return "stepped, then run";
    case Ending::Count:
        break;
    }
    return "?";
}

// Spins the event loop until done() or the deadline; whether done() came.
template <typename Done> bool spinUntil(Done done, int ms = 30000)
{
    QElapsedTimer clock;
    clock.start();
    while (!done() && clock.elapsed() < ms)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 20);
    return done();
}

} // namespace

class TestSoak : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sessionsAfterSessionsLeaveNothingAndHoldStill();
};

void TestSoak::sessionsAfterSessionsLeaveNothingAndHoldStill()
{
    const int sessions = qEnvironmentVariableIntValue("IPCSIM_SOAK_SESSIONS") > 0
                             ? qEnvironmentVariableIntValue("IPCSIM_SOAK_SESSIONS")
                             : 50;
    QList<core::Scenario> lessons;
    for (const QString &name : ui::ScenarioCatalog::builtinNames()) {
        const auto sc = test::builtIn(name);
        QVERIFY2(sc, qPrintable(name));
        lessons << *sc;
    }
    const int warmUp = std::min<int>(int(lessons.size()), sessions / 2);
    RunController run;
    run.setStepDelay(0); // full speed
    Footprint warm;
    QStringList stuck;
    QElapsedTimer clock;
    clock.start();
    for (int k = 0; k < sessions; ++k) {
        if (k == warmUp) warm = footprint();
        const core::Scenario &sc = lessons[k % lessons.size()];
        // The endings turn at another pace than the lessons: each lesson meets each ending.
        const auto ending = Ending((k / int(lessons.size()) + k) % int(Ending::Count));
        run.setScenario(sc);
        core::Schedule schedule = sc.schedule;
        if (ending == Ending::StepMode) schedule.kind = core::Schedule::RoundRobin;
        run.setSchedule(schedule);
        auto finished = [&run] { return run.status() == RunController::Status::Finished; };
        switch (ending) {
        case Ending::ToItsEnd:
        case Ending::StepMode:
            run.run();
            break;
        case Ending::StoppedByTheUser:
            run.run();
            spinUntil([&] { return run.eventCount() > 20 || finished(); });
            run.stop();
            break;
        case Ending::WorkerKilled:
            run.run();
            spinUntil([&] { return !run.pids().isEmpty() || finished(); });
            if (!run.pids().isEmpty()) ::kill(run.pids().first(), SIGKILL);
            break;
        case Ending::PausedAndResumed:
            run.run();
            spinUntil([&] { return run.eventCount() > 10 || finished(); });
            run.pause();
            spinUntil([&] { return run.status() != RunController::Status::Running; }, 5000);
            run.run();
            break;
        case Ending::SteppedThenRun:
            for (int s = 0; s < 3; ++s) {
                run.step();
                const quint64 before = run.eventCount();
                spinUntil([&] { return run.eventCount() > before || finished(); }, 5000);
            }
            run.run();
            break;
        case Ending::Count:
            break;
        }
        if (!spinUntil(finished)) {
            stuck << QStringLiteral("%1 (%2)").arg(QString::fromStdString(sc.title),
                                                   QLatin1String(endingName(ending)));
            run.stop();
            spinUntil(finished, 10000);
        }
    }
    const qint64 ms = clock.elapsed();
    run.reset();
    // Its children are reaped before the run is told finished; a grandchild is PID 1's.
    QVERIFY(spinUntil([] { return childrenOfThisProcess() == 0; }, 10000));
    const Footprint end = footprint();
    qInfo("%d sessions in %.1f s", sessions, ms / 1000.0);
    qInfo("after %d sessions: %s", warmUp, qPrintable(describe(warm)));
    qInfo("after %d sessions: %s", sessions, qPrintable(describe(end)));
    QVERIFY2(stuck.isEmpty(),
             qPrintable(QStringLiteral("did not end: ") + stuck.join(QStringLiteral(", "))));
    const QStringList left = leftovers();
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QStringLiteral(", "))));
    QCOMPARE(end.children, 0);
    QCOMPARE(end.fds, warm.fds);
    QCOMPARE(end.threads, warm.threads);
    // Flat: what a run keeps (its events, for the slow-motion replay) is let go at the next.
    // (Under ASan freed memory waits in its quarantine, up to 256 MB.)
    if (!test::kAddressSanitizer)
        QVERIFY2(end.rssKb - warm.rssKb < 32 * 1024, qPrintable(describe(end)));
}

QTEST_GUILESS_MAIN(TestSoak)
#include "tst_soak.moc"
