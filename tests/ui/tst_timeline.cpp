// The Timeline dock and the deadlock shown on the nodes, against real runs: every process has a
// lane; a lane is drawn blocked exactly where the reducer said the process was blocked; a pipe
// write is joined to the read that took its bytes, a queue send to its receive, a signal to its
// await; after a deadlock each node says what it waited on and that ipcsim ended it.
#include "diagramscene.h"
#include "edgeitem.h"
#include "lockitem.h"
#include "mainwindow.h"
#include "processitem.h"
#include "runcontroller.h"
#include "scenariocatalog.h"
#include "textprobe.h"
#include "theme.h"
#include "timelinemodel.h"
#include "timelineview.h"
#include "windowsupport.h"

#include "model/worldmodel.h"
#include "trace/chrometracewriter.h"

#include <QDir>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace ipcsim;
using ipcsim::ui::MainWindow;
using ipcsim::ui::RunController;
using ipcsim::ui::TimelineModel;
using LaneState = TimelineModel::LaneState;
using ArrowKind = TimelineModel::ArrowKind;

class TestTimeline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyProcessHasALaneAndBlockedMatchesTheReducer_data();
    void everyProcessHasALaneAndBlockedMatchesTheReducer();
    void pipeWriteIsJoinedToItsRead();
    void sleepIsDrawnAsSleepingNotRunning();
    void aCallNotYetSeenAsleepIsDrawnInACallNotRunning();
    void aWorkerIsStartingUntilItsFirstStepAnExecRunsAtOnce();
    void queueSendIsJoinedToItsReceiveByText();
    void signalIsJoinedToItsAwait();
    void socketDataStaysOnItsConnection_data();
    void socketDataStaysOnItsConnection();
    void timelineDockDrawsLanesAndArrows();
    void narrowTimelineWrapsItsLegendAboveItsLanes();
    void lanesTightenSoEveryProcessIsInView();
    void everyLaneNamesItsProcessWhole_data();
    void everyLaneNamesItsProcessWhole();
    void timelineTextIsNinePointsOrMore_data();
    void timelineTextIsNinePointsOrMore();
    void aBlockedSendsArrowLeavesWhenItsMessageWentIn();
    void aFullChannelBlocksItsWriterAtTheWindowsSpeed_data();
    void aFullChannelBlocksItsWriterAtTheWindowsSpeed();
    void wholeRunBeginsJustBeforeTheFirstStep();
    void arrowLabelsNeverCoverEachOther_data();
    void arrowLabelsNeverCoverEachOther();
    void deadlockedNodesSayWhatTheyWaitedOn();
    void theTimelineAndTheChromeTraceDrawTheSameArrows_data();
    void theTimelineAndTheChromeTraceDrawTheSameArrows();
    void theNextRunLetsGoOfTheLastOnesSteps();

private:
    QTemporaryDir m_dir;
    // The window at that size with the Timeline dock in front.
    static void showTimeline(MainWindow &w, QSize size)
    {
        w.resize(size);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.timelineDock()->show();
        w.timelineDock()->raise();
    }
    // Runs a built-in scenario to its end at full speed, keeping every batch of events.
    static bool runToEnd(MainWindow &w, const QString &name, core::EventBatch *events = nullptr)
    {
        if (!w.openScenario(name)) return false;
        w.setAskBeforeExec(false);
        w.setSpeedPercent(100);
        QObject ctx;
        if (events)
            QObject::connect(w.controller(), &RunController::eventsApplied, &ctx,
                             [events](const core::EventBatch &b, const QStringList &,
                                      const QStringList &, int) { *events += b; });
        w.run();
        const bool finished = test::waitFinished(w, 60000);
        w.renderFrame();
        return finished;
    }
    static int lane(const MainWindow &w, const QString &name)
    {
        const auto &lanes = w.controller()->timeline().lanes();
        for (int i = 0; i < lanes.size(); ++i)
            if (lanes[i].name == name) return i;
        return -1;
    }
};

void TestTimeline::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ipcsim-tests"));
}

void TestTimeline::everyProcessHasALaneAndBlockedMatchesTheReducer_data()
{
    QTest::addColumn<QString>("name");
    for (const char *n :
         {"pipe-hello", "bounded-buffer", "pipe-full", "dining-philosophers", "spinlock-vs-mutex"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

void TestTimeline::everyProcessHasALaneAndBlockedMatchesTheReducer()
{
    QFETCH(QString, name);
    MainWindow w;
    core::EventBatch events;
    QVERIFY2(runToEnd(w, name, &events), qPrintable(w.lastError()));
    const TimelineModel &tl = w.controller()->timeline();
    const core::WorldState &world = w.controller()->world();
    QCOMPARE(tl.lanes().size(), world.processes.size());

    // Replay the same events through a reducer of our own, and note for every event the state
    // it left its process in.
    core::WorldModel reducer(w.controller()->scenario());
    int blockedSeen = 0;
    for (const core::Event &e : events) {
        reducer.apply(e);
        if (e.proc < 0 || e.proc >= reducer.state().processes.size()) continue;
        const core::ProcState s = reducer.state().processes[e.proc].state;
        if (s == core::ProcState::NotStarted) continue;
        // The lane at that moment: the last segment starting at or before it. Several events
        // may share a nanosecond, so look at the segment that covers the end of that instant.
        const int seg = tl.segmentAt(e.proc, e.tNs);
        QVERIFY2(
            seg >= 0,
            qPrintable(
                QStringLiteral("%1 has no segment at %2").arg(tl.lanes()[e.proc].name).arg(e.tNs)));
        const auto &segs = tl.lanes()[e.proc].segments;
        bool match = false;
        // Among the segments that start at this very nanosecond, one shows the state.
        for (int k = seg;
             k >= 0 && (k == seg || segs[k].startNs == e.tNs || segs[k + 1].startNs == e.tNs); --k)
            match |= segs[k].state == TimelineModel::laneState(reducer.state().processes[e.proc]);
        QVERIFY2(match,
                 qPrintable(QStringLiteral("%1 at %2 ns: the reducer says %3, the lane says %4")
                                .arg(tl.lanes()[e.proc].name)
                                .arg(e.tNs)
                                .arg(QString::fromLatin1(core::procStateName(s)))
                                .arg(TimelineModel::stateName(segs[seg].state))));
        if (s == core::ProcState::Blocked) ++blockedSeen;
    }
    // And the other way round: each blocked segment begins where the reducer said Blocked.
    int blockedSegments = 0;
    for (int i = 0; i < tl.lanes().size(); ++i) {
        const auto &l = tl.lanes()[i];
        QVERIFY2(!l.segments.isEmpty(), qPrintable(l.name + QStringLiteral(" has an empty lane")));
        QVERIFY2(!l.endText.isEmpty(), qPrintable(l.name + QStringLiteral(" has no end")));
        const LaneState last = l.segments.last().state;
        QVERIFY(last == LaneState::Exited || last == LaneState::Killed);
        for (const auto &s : l.segments)
            blockedSegments += s.state == LaneState::Blocked;
    }
    QCOMPARE(blockedSegments > 0, blockedSeen > 0);
    qInfo("%s: %d lanes, %d blocked segments, %d arrows", qPrintable(name), int(tl.lanes().size()),
          blockedSegments, int(tl.arrows().size()));
}

void TestTimeline::sleepIsDrawnAsSleepingNotRunning()
{
    // pipe-hello's writer sleeps 100 ms between its words: off the CPU, not running.
    MainWindow w;
    core::EventBatch events;
    QVERIFY(runToEnd(w, QStringLiteral("pipe-hello"), &events));
    const TimelineModel &tl = w.controller()->timeline();
    const int writer = lane(w, QStringLiteral("writer"));
    QVERIFY(writer >= 0);
    const auto &segs = tl.lanes()[writer].segments;
    qint64 sleptNs = 0;
    for (int k = 0; k + 1 < segs.size(); ++k)
        if (segs[k].state == TimelineModel::LaneState::Sleeping)
            sleptNs += segs[k + 1].startNs - segs[k].startNs;
    QVERIFY2(sleptNs >= 150000000, qPrintable(QStringLiteral("slept %1 ms").arg(sleptNs / 1e6)));
    // In the middle of each of its sleeps the lane says sleeping (no bound on time: on a loaded
    // machine a stretch of running may last long, a sleep is still a sleep).
    auto stateAt = [&segs](qint64 t) {
        TimelineModel::LaneState st = segs.first().state;
        for (const auto &sg : segs)
            if (sg.startNs <= t) st = sg.state;
        return st;
    };
    qint64 began = -1;
    int sleeps = 0;
    for (const core::Event &e : events) {
        if (e.kind != core::Event::Step || e.proc != writer || e.op != core::Op::Sleep) continue;
        if (e.phase == core::Phase::Begin) began = e.tNs;
        if (e.phase == core::Phase::End && began >= 0) {
            ++sleeps;
            QVERIFY2(stateAt((began + e.tNs) / 2) == TimelineModel::LaneState::Sleeping,
                     qPrintable(QStringLiteral("sleep %1 is not drawn as sleeping").arg(sleeps)));
        }
    }
    QCOMPARE(sleeps, 2);
}

void TestTimeline::aCallNotYetSeenAsleepIsDrawnInACallNotRunning()
{
    // Each philosopher begins lock(right fork) and sleeps in it; the kernel confirms that only
    // at the engine's next two samples, tens of milliseconds later. Until then its lane says
    // what the diagram says, "in a call" in lock(fork), not "running". (On a loaded machine a
    // philosopher may first be seen blocked at the barrier, waiting for a slow one: the lock's
    // block is the one looked at.)
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("dining-philosophers")));
    const TimelineModel &tl = w.controller()->timeline();
    int checked = 0;
    for (const auto &l : tl.lanes()) {
        const auto &segs = l.segments;
        int b = 0;
        while (b < segs.size() &&
               !(segs[b].state == LaneState::Blocked && segs[b].op == core::Op::Lock))
            ++b;
        QVERIFY2(b > 0 && b < segs.size(), qPrintable(l.name + QStringLiteral(" never blocked")));
        const auto &before = segs[b - 1];
        QVERIFY2(before.state == LaneState::InCall,
                 qPrintable(QStringLiteral("%1 was %2 before it was seen blocked")
                                .arg(l.name, TimelineModel::stateName(before.state))));
        QCOMPARE(before.op, core::Op::Lock);
        QCOMPARE(before.res, segs[b].res);
        QVERIFY(segs[b].startNs > before.startNs);
        ++checked;
    }
    QCOMPARE(checked, 5);
}

void TestTimeline::aWorkerIsStartingUntilItsFirstStepAnExecRunsAtOnce()
{
    // shell-pipeline: four real programs (exec) and one script. A worker is launched, execs
    // ipcsim-worker and waits for the others before its first step: "starting", not running.
    // A program runs from its exec on.
    MainWindow w;
    core::EventBatch events;
    QVERIFY(runToEnd(w, QStringLiteral("shell-pipeline"), &events));
    const TimelineModel &tl = w.controller()->timeline();
    const core::Scenario &sc = w.controller()->scenario();
    int scripts = 0, programs = 0;
    for (int i = 0; i < tl.lanes().size(); ++i) {
        const auto &segs = tl.lanes()[i].segments;
        QVERIFY(!segs.isEmpty());
        const bool exec = sc.processes[size_t(sc.instances[size_t(i)].spec)].isExec();
        if (exec) {
            QCOMPARE(segs.first().state, LaneState::Running);
            ++programs;
            continue;
        }
        QCOMPARE(segs.first().state, LaneState::Starting);
        // It stays starting until its first step, and not a moment longer.
        qint64 firstStepNs = -1;
        for (const core::Event &e : events)
            if (e.proc == i && e.kind == core::Event::Step) {
                firstStepNs = e.tNs;
                break;
            }
        QVERIFY(firstStepNs > 0);
        QVERIFY(segs.size() > 1);
        QCOMPARE(segs[1].startNs, firstStepNs);
        QVERIFY(segs[1].state != LaneState::Starting);
        ++scripts;
    }
    QCOMPARE(programs, 4);
    QCOMPARE(scripts, 1);
}

void TestTimeline::pipeWriteIsJoinedToItsRead()
{
    MainWindow w;
    core::EventBatch events;
    QVERIFY(runToEnd(w, QStringLiteral("pipe-hello"), &events));
    const TimelineModel &tl = w.controller()->timeline();
    const int writer = lane(w, QStringLiteral("writer"));
    const int reader = lane(w, QStringLiteral("reader"));
    QVERIFY(writer >= 0 && reader >= 0);
    // Each of the three words: from the end of its write to the end of the read that got it.
    QStringList labels;
    for (const auto &a : tl.arrows()) {
        QCOMPARE(a.kind, ArrowKind::Data);
        QCOMPARE(a.fromProc, writer);
        QCOMPARE(a.toProc, reader);
        QVERIFY(a.fromNs <= a.toNs);
        labels << a.label;
    }
    QCOMPARE(labels, (QStringList{QStringLiteral("\"Hello\""), QStringLiteral("\"there\""),
                                  QStringLiteral("\"world\"")}));
    // Where the arrows begin and end are events that really happened: the write call returned
    // (or, when the read returned first, began: the bytes went in during that call), the read
    // call returned with them.
    for (const auto &a : tl.arrows()) {
        bool write = false, read = false;
        for (const core::Event &e : events) {
            write |= e.kind == core::Event::Step &&
                     (e.phase == core::Phase::Begin || e.phase == core::Phase::End) &&
                     e.op == core::Op::Write && e.proc == writer && e.tNs == a.fromNs;
            read |= e.kind == core::Event::Step && e.phase == core::Phase::End &&
                    e.op == core::Op::Read && e.proc == reader && e.tNs == a.toNs;
        }
        QVERIFY(write && read);
    }
    // The reader waited for the writer in read: the kernel said so, and the lane shows it.
    bool readerBlockedInRead = false;
    for (const auto &s : tl.lanes()[reader].segments)
        readerBlockedInRead |= s.state == LaneState::Blocked && s.op == core::Op::Read;
    QVERIFY(readerBlockedInRead);
}

void TestTimeline::queueSendIsJoinedToItsReceiveByText()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("mqueue-priorities")));
    const TimelineModel &tl = w.controller()->timeline();
    QStringList received;
    for (const auto &a : tl.arrows())
        if (a.kind == ArrowKind::Message) {
            QCOMPARE(tl.lanes()[a.fromProc].name, QStringLiteral("sender"));
            QCOMPARE(tl.lanes()[a.toProc].name, QStringLiteral("reader"));
            received << a.label;
        }
    QCOMPARE(received.size(), 5);
    // In the kernel's order: the highest priority first.
    QVERIFY2(received.first().contains(QStringLiteral("URGENT")),
             qPrintable(received.join(QLatin1Char(','))));
}

void TestTimeline::signalIsJoinedToItsAwait()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("signals-ping")));
    const TimelineModel &tl = w.controller()->timeline();
    int toPong = 0, toPing = 0;
    for (const auto &a : tl.arrows()) {
        QCOMPARE(a.kind, ArrowKind::Signal);
        QVERIFY(a.label.contains(QStringLiteral("SIGUSR1")));
        QVERIFY(a.fromNs <= a.toNs);
        (tl.lanes()[a.toProc].name == QStringLiteral("pong") ? toPong : toPing)++;
    }
    QCOMPARE(toPong, 3);
    QCOMPARE(toPing, 3);
}

void TestTimeline::socketDataStaysOnItsConnection_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("arrows");
    QTest::newRow("unix-echo") << QStringLiteral("unix-echo")
                               << 4; // hello, its echo, world, its echo
    QTest::newRow("tcp-echo") << QStringLiteral("tcp-echo")
                              << 4; // two clients, each hello and echo
    QTest::newRow("datagram-log") << QStringLiteral("datagram-log") << 9;
}

void TestTimeline::socketDataStaysOnItsConnection()
{
    QFETCH(QString, name);
    QFETCH(int, arrows);
    MainWindow w;
    QVERIFY(runToEnd(w, name));
    const TimelineModel &tl = w.controller()->timeline();
    QCOMPARE(int(tl.arrows().size()), arrows);
    const QString hub = name == QStringLiteral("datagram-log") ? QStringLiteral("collector")
                                                               : QStringLiteral("server");
    QHash<int, int> toHub, fromHub;
    for (const auto &a : tl.arrows()) {
        QCOMPARE(a.kind, ArrowKind::Data);
        QVERIFY(a.fromNs <= a.toNs);
        const QString from = tl.lanes()[a.fromProc].name, to = tl.lanes()[a.toProc].name;
        // Every byte goes between the server and one client, never from client to client.
        QVERIFY2((from == hub) != (to == hub), qPrintable(from + QStringLiteral(" -> ") + to));
        if (to == hub)
            ++toHub[a.fromProc];
        else
            ++fromHub[a.toProc];
    }
    // Each client's answer came back to that client, as many as it sent.
    if (hub == QStringLiteral("server")) QCOMPARE(fromHub, toHub);
}

void TestTimeline::timelineDockDrawsLanesAndArrows()
{
    MainWindow w;
    showTimeline(w, QSize(1400, 900));
    if (QTest::currentTestFailed()) return;
    QVERIFY(runToEnd(w, QStringLiteral("pipe-hello")));
    ui::TimelineView *view = w.timelineView();
    QVERIFY(view->isVisible());
    view->fitAll();
    view->grab(); // paints
    QVERIFY2(view->paintedSegments() >= 2 * 2,
             qPrintable(QString::number(view->paintedSegments())));
    QCOMPARE(view->paintedArrows(), 3);
    // Zooming in follows the end of the run; zooming out past the run fits it again.
    view->zoomBy(8);
    QVERIFY(!view->isFitting());
    view->zoomBy(1.0 / 64);
    QVERIFY(view->isFitting());
}

void TestTimeline::narrowTimelineWrapsItsLegendAboveItsLanes()
{
    // On a projector's narrow dock the legend takes more rows instead of running off the
    // right edge, and the lanes start below it.
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("pipe-hello")));
    ui::TimelineView view;
    view.setModel(&w.controller()->timeline());
    for (int width : {1800, 700, 420}) {
        view.resize(width, 320);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QRect legend = view.legendBounds();
        const int inside = view.viewport()->width();
        QVERIFY2(
            legend.right() < inside,
            qPrintable(
                QStringLiteral("at %1 px the legend ends at %2").arg(inside).arg(legend.right())));
        QVERIFY(legend.bottom() < view.headerHeight());
        QVERIFY(view.laneRect(0).top() >= view.headerHeight());
        if (width == 1800) QVERIFY2(legend.height() < 20, "a wide view needs one row");
        if (width == 420) QVERIFY2(legend.height() > 3 * 16, "a narrow view wraps");
    }
}

void TestTimeline::lanesTightenSoEveryProcessIsInView()
{
    // Five philosophers in a short dock: the lanes get tighter instead of hiding the last one
    // (often the one that matters) below a scroll bar.
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("dining-philosophers")));
    ui::TimelineView view;
    view.setModel(&w.controller()->timeline());
    view.resize(1000, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const int room = view.viewport()->height() - view.headerHeight();
    QVERIFY2(room < 5 * 28 && room >= 5 * 20, qPrintable(QString::number(room)));
    view.refresh();
    QCOMPARE(view.verticalScrollBar()->maximum(), 0);
    QVERIFY(view.laneRect(4).bottom() <= view.viewport()->height());
    QVERIFY(view.laneRect(4).top() > view.laneRect(3).bottom()); // still apart
}

void TestTimeline::everyLaneNamesItsProcessWhole_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &n : ui::ScenarioCatalog::builtinNames())
        QTest::newRow(qPrintable(n)) << n;
}

// At 1024 x 768 the five lanes of sysv-semaphore all read "philosoph…": each name was cut to
// 80 pixels, and with it the index that tells the replicas apart. Every lane of every lesson
// names its process whole.
void TestTimeline::everyLaneNamesItsProcessWhole()
{
    QFETCH(QString, name);
    MainWindow w;
    showTimeline(w, QSize(1024, 768));
    if (QTest::currentTestFailed()) return;
    QVERIFY(w.openScenario(name));
    ui::TimelineView *view = w.timelineView();
    view->grab();
    const QStringList &shown = view->paintedLaneNames();
    const auto &lanes = w.controller()->timeline().lanes();
    QVERIFY(!shown.isEmpty());
    QSet<QString> names;
    for (const auto &l : lanes)
        names.insert(l.name);
    for (const QString &s : shown)
        QVERIFY2(names.contains(s), qPrintable(s));
    QCOMPARE(QSet<QString>(shown.begin(), shown.end()).size(), shown.size());
}

void TestTimeline::timelineTextIsNinePointsOrMore_data()
{
    QTest::addColumn<QString>("name");
    // Arrows with their labels, lanes blocked, a killed lane; many lanes.
    for (const char *n : {"pipe-full", "deadlock-two-locks", "signals-ping", "sysv-semaphore"})
        QTest::newRow(n) << QString::fromLatin1(n);
}

// The timeline wrote its legend, axis, bars' words, arrows' labels and pids at 7 to 7.5 pt,
// under the 9 pt a class reads on a 1024 x 768 projector. After a real run, on each axis, every
// text it paints is 9 pt or more.
void TestTimeline::timelineTextIsNinePointsOrMore()
{
    QFETCH(QString, name);
    MainWindow w;
    showTimeline(w, QSize(1024, 768));
    if (QTest::currentTestFailed()) return;
    QVERIFY(runToEnd(w, name));
    ui::TimelineView *view = w.timelineView();
    for (auto axis : {ui::TimelineView::Axis::Time, ui::TimelineView::Axis::Steps}) {
        view->setAxis(axis);
        view->fitAll();
        const test::PaintedText shown = test::smallestText(view->viewport());
        QVERIFY(shown.items > 10);
        QVERIFY2(shown.points >= ui::Theme::kSmallPt - 1e-9,
                 qPrintable(QStringLiteral("\"%1\" at %2 pt").arg(shown.text).arg(shown.points)));
    }
}

void TestTimeline::wholeRunBeginsJustBeforeTheFirstStep()
{
    // tcp-echo's exchange takes a fraction of its run; starting the workers takes the rest.
    // "Whole run" shows it all from a little before the first step; the start is a scroll away.
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("tcp-echo")));
    const TimelineModel &tl = w.controller()->timeline();
    const qint64 first = tl.firstActivityNs(), end = tl.endNs();
    QVERIFY(first > 0 && end > first);
    ui::TimelineView view;
    view.setModel(&tl);
    view.resize(1000, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.fitAll();
    const qint64 left = view.timeForX(view.laneRect(0).left());
    const qint64 right = view.timeForX(view.laneRect(0).right());
    // The first step and the end in view, and little of the start before it, unless the
    // exchange is shorter than the finest zoom (1 µs per pixel) fills.
    const bool finest = view.nsPerPixel() <= 1000.0 + 1e-6;
    QVERIFY2(left <= first && (finest || first - left <= (right - left) * 15 / 100),
             qPrintable(QStringLiteral("view from %1 to %2, first step at %3")
                            .arg(left)
                            .arg(right)
                            .arg(first)));
    QVERIFY(right >= end);
    QVERIFY(left > 0);
    QVERIFY(view.horizontalScrollBar()->value() > 0); // the start is there, to the left
}

void TestTimeline::aBlockedSendsArrowLeavesWhenItsMessageWentIn()
{
    // mqueue-full: the sender blocks in mq_send on a full queue; each message is in the queue
    // when its send returns, and is received later. Its arrow leaves then, not where the call
    // began, where it would cross the sender's own blocked bar.
    MainWindow w;
    core::EventBatch events;
    QVERIFY(runToEnd(w, QStringLiteral("mqueue-full"), &events));
    const TimelineModel &tl = w.controller()->timeline();
    int checked = 0;
    for (const auto &a : tl.arrows()) {
        if (a.kind != ArrowKind::Message) continue;
        bool fromSendEnd = false;
        for (const core::Event &e : events)
            fromSendEnd |= e.kind == core::Event::Step && e.phase == core::Phase::End &&
                           e.op == core::Op::Send && e.proc == a.fromProc && e.tNs == a.fromNs;
        QVERIFY2(fromSendEnd, qPrintable(QStringLiteral("message %1 leaves at %2, not where its "
                                                        "send returned")
                                             .arg(a.label)
                                             .arg(a.fromNs)));
        QVERIFY(a.fromNs <= a.toNs);
        ++checked;
    }
    QVERIFY(checked >= 4);
}

// mqueue-full's lesson says the sender puts 3 messages in, then blocks in mq_send until the
// receiver, who starts late, takes one; pipe-full's, the same of a writer and 8 KiB. At the
// window's own speed (each step held at its gate) the receivers' 300 ms head start was shorter
// than three paced sends or writes: the channel never filled and nobody blocked. At the speed
// the window opens with, a real run shows what each lesson says: the channel full, never
// fuller, and its first process blocked in the call that puts into it.
void TestTimeline::aFullChannelBlocksItsWriterAtTheWindowsSpeed_data()
{
    QTest::addColumn<QString>("lesson");
    QTest::addColumn<int>("op");
    QTest::addColumn<qint64>("full");
    QTest::newRow("mqueue-full") << QStringLiteral("mqueue-full") << int(core::Op::Send)
                                 << qint64(3);
    QTest::newRow("pipe-full") << QStringLiteral("pipe-full") << int(core::Op::WriteBytes)
                               << qint64(8192);
}

void TestTimeline::aFullChannelBlocksItsWriterAtTheWindowsSpeed()
{
    QFETCH(QString, lesson);
    QFETCH(int, op);
    QFETCH(qint64, full);
    MainWindow w;
    QVERIFY(w.openScenario(lesson));
    w.setSpeedPercent(60); // the window's default
    qint64 deepest = 0;
    QObject ctx;
    QObject::connect(w.controller(), &RunController::eventsApplied, &ctx,
                     [&](const core::EventBatch &, const QStringList &, const QStringList &, int) {
                         deepest = std::max(deepest, w.controller()->world().resources[0].level);
                     });
    w.run();
    QVERIFY(test::waitFinished(w, 60000));
    QCOMPARE(deepest, full);
    const TimelineModel::Lane &writer = w.controller()->timeline().lanes().at(0);
    QVERIFY2(std::any_of(writer.segments.begin(), writer.segments.end(),
                         [op](const TimelineModel::Segment &s) {
                             return s.state == TimelineModel::LaneState::Blocked &&
                                    s.op == core::Op(op);
                         }),
             "the writer never blocked");
}

void TestTimeline::arrowLabelsNeverCoverEachOther_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("atLeast"); // labels drawn at the least
    // pipe-full's reader takes three 4096-byte blocks within a few milliseconds: their arrows
    // nearly coincide, and so would their labels, drawn each at its arrow's middle. In the
    // echoes, an answer to the second client crosses the lane of the first, blocked in receive.
    QTest::newRow("pipe-full") << QStringLiteral("pipe-full") << 2;
    QTest::newRow("tcp-echo") << QStringLiteral("tcp-echo") << 0;
    QTest::newRow("unix-echo") << QStringLiteral("unix-echo") << 0;
}

void TestTimeline::arrowLabelsNeverCoverEachOther()
{
    QFETCH(QString, name);
    QFETCH(int, atLeast);
    MainWindow w;
    showTimeline(w, QSize(1400, 900));
    if (QTest::currentTestFailed()) return;
    QVERIFY(runToEnd(w, name));
    ui::TimelineView *view = w.timelineView();
    view->fitAll();
    view->grab();
    const QVector<QRectF> &boxes = view->paintedArrowLabels();
    QVERIFY2(boxes.size() >= atLeast, qPrintable(QString::number(boxes.size())));
    for (int i = 0; i < boxes.size(); ++i) {
        for (int j = i + 1; j < boxes.size(); ++j)
            QVERIFY2(!boxes[i].intersects(boxes[j]),
                     qPrintable(QStringLiteral("labels %1 and %2 overlap").arg(i).arg(j)));
        // Nor do they hide what a lane is blocked in ("BLOCKED receive(echo)") or how it ended.
        for (const QRectF &lane : view->paintedKeyLaneLabels())
            QVERIFY2(!boxes[i].intersects(lane),
                     qPrintable(QStringLiteral("label %1 covers a lane's words").arg(i)));
    }
}

void TestTimeline::deadlockedNodesSayWhatTheyWaitedOn()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("deadlock-two-locks")));
    QCOMPARE(w.controller()->result()->end, core::RunResult::End::Deadlock);
    QVERIFY(w.controller()->deadlockWorld().has_value());
    auto *scene = w.scene();
    const QHash<QString, QString> expected{{QStringLiteral("alice"), QStringLiteral("scanner")},
                                           {QStringLiteral("bob"), QStringLiteral("printer")}};
    for (int i = 0; i < scene->processCount(); ++i) {
        const ui::ProcessItem *p = scene->processItem(i);
        QCOMPARE(p->state().state, core::ProcState::Killed);
        QCOMPARE(p->deadlockWait(), expected.value(p->title()));
        QVERIFY2(p->stateText().contains(
                     QStringLiteral("DEADLOCKED on %1").arg(expected.value(p->title()))) &&
                     p->stateText().contains(QStringLiteral("ended by ipcsim")),
                 qPrintable(p->stateText()));
    }
    // The processes are gone, so the live waiting lines are empty, but each lock keeps the
    // line it had at the deadlock.
    for (int r = 0; r < scene->resourceCount(); ++r) {
        const ui::ResourceItem *item = scene->resourceItem(r);
        QVERIFY(item->state().waiters.isEmpty());
        QVERIFY(item->hasDeadlockState());
        const auto &at = w.controller()->deadlockWorld()->resources[r];
        QVERIFY2(at.owner >= 0, "each lock was held at the deadlock");
        QVERIFY2(!at.waiters.isEmpty(), "each lock had someone waiting at the deadlock");
        QVERIFY(item->toolTip().contains(QStringLiteral("deadlock")));
    }
    // The edges show the circle, each with its direction: alice waits for the scanner, which
    // bob holds; bob waits for the printer, which alice holds.
    using D = ui::EdgeItem::Deadlock;
    const auto role = [&](const QString &proc, const QString &res) {
        for (const ui::EdgeItem *e : scene->edges())
            if (e->processItem()->title() == proc && e->resourceItem()->title() == res)
                return e->deadlock();
        return D::None;
    };
    QCOMPARE(role(QStringLiteral("alice"), QStringLiteral("scanner")), D::WaitsFor);
    QCOMPARE(role(QStringLiteral("bob"), QStringLiteral("scanner")), D::HeldBy);
    QCOMPARE(role(QStringLiteral("bob"), QStringLiteral("printer")), D::WaitsFor);
    QCOMPARE(role(QStringLiteral("alice"), QStringLiteral("printer")), D::HeldBy);
    // The lanes say it too.
    for (const auto &l : w.controller()->timeline().lanes())
        QVERIFY2(
            l.endText.contains(QStringLiteral("deadlocked on %1").arg(expected.value(l.name))) &&
                l.endText.contains(QStringLiteral("ended by ipcsim")),
            qPrintable(l.endText));
    // Reset clears it.
    w.controller()->reset();
    w.renderFrame();
    for (int i = 0; i < scene->processCount(); ++i)
        QVERIFY(scene->processItem(i)->deadlockWait().isEmpty());
}

void TestTimeline::theTimelineAndTheChromeTraceDrawTheSameArrows_data()
{
    QTest::addColumn<QString>("name");
    const QDir dir(qEnvironmentVariable("IPCSIM_SOURCE_DIR") +
                   QStringLiteral("/resources/scenarios"));
    for (const QString &f : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        QTest::newRow(qPrintable(f)) << QFileInfo(f).completeBaseName();
    // One write read in two parts, and three writes gathered by one read: a flow per part.
    const QList<std::pair<const char *, const char *>> own = {
        {"split-read",
         "{\"format\": 1, \"title\": \"Split\", \"resources\": [{\"name\": \"p\", \"type\": "
         "\"pipe\"}],"
         " \"processes\": [{\"name\": \"writer\", \"script\": \"write p \\\"HelloWorld\\\"\"},"
         " {\"name\": \"reader\", \"script\": \"read p 5 -> a\\nread p 5 -> b\"}]}"},
        {"gathered-read",
         "{\"format\": 1, \"title\": \"Gathered\", \"resources\": [{\"name\": \"p\", \"type\": "
         "\"pipe\"},"
         " {\"name\": \"done\", \"type\": \"semaphore\"}], \"processes\": [{\"name\": \"writer\","
         " \"script\": \"repeat 3:\\n    write p \\\"ab\\\"\\npost done\"},"
         " {\"name\": \"reader\", \"script\": \"wait done\\nread p 6 -> all\"}]}"}};
    for (const auto &[name, json] : own) {
        const QString path = m_dir.filePath(QString::fromLatin1(name) + QStringLiteral(".json"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(json) > 0);
        QTest::newRow(name) << path;
    }
}

// The same run's events, given to the timeline and to the Chrome trace: both draw the same data
// and signals passing, from the same process to the same process, as many times. (A death by a
// signal is left out: the Chrome trace has no slice for it to land in.)
void TestTimeline::theTimelineAndTheChromeTraceDrawTheSameArrows()
{
    QFETCH(QString, name);
    MainWindow w;
    core::EventBatch events;
    QVERIFY2(runToEnd(w, name, &events), qPrintable(name));
    const core::Scenario &sc = w.controller()->scenario();

    QSet<QPair<int, qint64>> deaths; // (process, time) of deaths by a signal
    for (const core::Event &e : events)
        if (e.kind == core::Event::Exit && e.termSignal > 0) deaths.insert({e.proc, e.tNs});
    const TimelineModel &tl = w.controller()->timeline();
    QStringList timeline;
    for (const TimelineModel::Arrow &a : tl.arrows()) {
        if (a.kind == ArrowKind::Signal && deaths.contains({a.toProc, a.toNs})) continue;
        timeline << QStringLiteral("%1 -> %2 %3")
                        .arg(tl.lanes()[a.fromProc].name, tl.lanes()[a.toProc].name,
                             a.res >= 0 ? tl.resourceName(a.res) : a.label);
    }

    core::ChromeTraceWriter chrome(sc);
    chrome.add(events);
    const QJsonArray trace =
        QJsonDocument::fromJson(chrome.toJson()).object().value("traceEvents").toArray();
    QHash<int, QJsonObject> starts;
    for (const QJsonValue v : trace)
        if (v.toObject().value("ph").toString() == QLatin1String("s"))
            starts.insert(v.toObject().value("id").toInt(), v.toObject());
    QStringList flows;
    for (const QJsonValue v : trace) {
        const QJsonObject f = v.toObject();
        if (f.value("ph").toString() != QLatin1String("f")) continue;
        const QJsonObject s = starts.value(f.value("id").toInt());
        flows << QStringLiteral("%1 -> %2 %3")
                     .arg(tl.lanes()[s.value("pid").toInt() - 1].name,
                          tl.lanes()[f.value("pid").toInt() - 1].name, f.value("name").toString());
    }
    timeline.sort();
    flows.sort();
    QCOMPARE(flows, timeline);
}

// What a run kept (its steps' times, its arrows, its events for the replay) goes when the next
// lesson is opened: after a flood the window does not hold on to what it had. (A QList's
// clear() keeps its capacity: 2 million steps' times were 32 MB held for good.)
void TestTimeline::theNextRunLetsGoOfTheLastOnesSteps()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("atomic-counter")));
    const TimelineModel &tl = w.controller()->timeline();
    QVERIFY(tl.stepTimes().size() > 1000);
    QVERIFY(!tl.arrows().isEmpty() || !w.controller()->lastRun().isEmpty());
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    QCOMPARE(tl.stepTimes().capacity(), 0);
    QCOMPARE(tl.stepBeginTimes().capacity(), 0);
    QCOMPARE(tl.arrows().capacity(), 0);
    QCOMPARE(w.controller()->lastRun().capacity(), 0);
}

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
