// How one process of a run is started (engine/launchplan.h): what a worker and a program are
// given, on real descriptors, and what is closed when a plan cannot be carried out.
#include "engine/kernelobjects.h"
#include "engine/launchplan.h"
#include "engine/runprocess.h"
#include "engine/sessiondirectory.h"
#include "ipc/sessionlayout.h"
#include "scenario/scenarioloader.h"

#include <QTest>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

bool isOpen(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}

// The descriptor the plan gives the child at number `target`, or -1.
int given(const SpawnRequest &r, int target)
{
    for (const auto &[fd, at] : r.fds)
        if (at == target) return fd;
    return -1;
}

// A scenario and its kernel objects, made in a session folder of its own.
struct Run
{
    explicit Run(const char *json)
    {
        const LoadResult r = loadScenario(json, "launch.json", KernelLimits());
        if (!r.ok()) qFatal("the test scenario does not load: %s", r.errors.front().c_str());
        sc = *r.scenario;
        QString error;
        if (!dir.create(&error)) qFatal("%s", qPrintable(error));
        layout = std::make_unique<SessionLayout>(dir.path());
        objects = std::make_unique<KernelObjects>(sc, *layout);
        if (!objects->create(dir, &error)) qFatal("%s", qPrintable(error));
    }
    Scenario sc;
    SessionDirectory dir;
    std::unique_ptr<SessionLayout> layout;
    std::unique_ptr<KernelObjects> objects;
};

const char *kScenario = R"({"format": 1, "title": "launch",
  "resources": [{"name": "p", "type": "pipe"}],
  "processes": [
    {"name": "w", "script": "write p 1 bytes"},
    {"name": "shout", "exec": ["echo", "hi"], "stdin": "p"},
    {"name": "ghost", "exec": ["no-such-program-of-ipcsim"]}]})";

} // namespace

class TestLaunchPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A script process is the worker: the session folder and its index, its control socket,
    // its ring (gated or not as asked) and the session, then the ends its script uses.
    void aWorkerGetsItsSocketRingSessionAndEnds()
    {
        Run run(kScenario);
        for (const bool gated : {false, true}) {
            RunProcess p;
            p.index = 0;
            int childCtl = -1, childRing = -1;
            {
                LaunchPlan plan;
                QString error;
                QVERIFY2(plan.plan(run.sc, *run.objects, "/bin/worker", run.dir.path(), gated, p,
                                   &error),
                         qPrintable(error));
                QVERIFY(!p.exec);
                const SpawnRequest &r = plan.request;
                QCOMPARE(r.program, std::string("/bin/worker"));
                QCOMPARE(r.argv, (std::vector<std::string>{"/bin/worker", run.dir.path(), "0"}));
                childCtl = given(r, wire::kControlFd);
                childRing = given(r, wire::kRingFd);
                QVERIFY(isOpen(childCtl) && isOpen(childRing));
                QCOMPARE(given(r, wire::kSessionFd), run.objects->sessionFd());
                // Its pipe's write end, where its plan puts it.
                const std::vector<PlannedEnd> ends = fdPlan(run.sc, run.sc.instances[0].spec);
                QCOMPARE(ends.size(), size_t(1));
                QCOMPARE(given(r, ends[0].fd), run.objects->endFd(ends[0].res, ends[0].role));
                // The control socket joins the engine to the worker, one message at a time.
                QCOMPARE(::send(childCtl, "hello", 5, 0), ssize_t(5));
                char buf[8] = {};
                QCOMPARE(::recv(p.ctl, buf, sizeof buf, 0), ssize_t(5));
                QVERIFY(p.ring);
                QCOMPARE(p.ring->magic, wire::kRingMagic);
                QCOMPARE(p.ring->capacity, wire::kRingCapacity);
                QCOMPARE(p.ring->gated.load(), gated ? 1u : 0u);
            } // the child's ends go with the plan
            QVERIFY(!isOpen(childCtl) && !isOpen(childRing));
            QVERIFY(isOpen(p.ctl));
            p.closeHandles();
        }
    }

    // A program is found on PATH and given its streams: stdin from the pipe, and what it prints
    // to a pipe the engine reads.
    void aProgramGetsItsStreamsAndItsPrintedLines()
    {
        Run run(kScenario);
        RunProcess p;
        p.index = 1;
        LaunchPlan plan;
        QString error;
        QVERIFY2(plan.plan(run.sc, *run.objects, "/bin/worker", run.dir.path(), false, p, &error),
                 qPrintable(error));
        QVERIFY(p.exec);
        const SpawnRequest &r = plan.request;
        QCOMPARE(r.program, findProgram("echo"));
        QCOMPARE(r.argv, (std::vector<std::string>{"echo", "hi"}));
        QCOMPARE(given(r, 0), run.objects->at(0).streamEnd(true).fd);
        const int out = given(r, 1);
        QCOMPARE(given(r, 2), out);
        QCOMPARE(::write(out, "hi\n", 3), ssize_t(3));
        char buf[8] = {};
        QCOMPARE(::read(p.outFd, buf, sizeof buf), ssize_t(3));
        plan.closeChildEnds();
        QVERIFY(!isOpen(out));
        QCOMPARE(::read(p.outFd, buf, sizeof buf), ssize_t(0)); // nobody else writes it
        p.closeHandles();
    }

    // A program that is nowhere on PATH is refused by its name, and nothing is opened for it.
    void aMissingProgramIsRefusedWithItsName()
    {
        Run run(kScenario);
        RunProcess p;
        p.index = 2;
        LaunchPlan plan;
        QString error;
        QVERIFY(!plan.plan(run.sc, *run.objects, "/bin/worker", run.dir.path(), false, p, &error));
        QCOMPARE(error,
                 QStringLiteral("ghost: program \"no-such-program-of-ipcsim\" not found on PATH"));
        QCOMPARE(p.outFd, -1);
        QCOMPARE(p.ctl, -1);
        QVERIFY(plan.request.fds.empty());
    }
};

QTEST_GUILESS_MAIN(TestLaunchPlan)
#include "tst_launchplan.moc"
