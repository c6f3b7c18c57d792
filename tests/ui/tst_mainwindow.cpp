// The classroom window against real runs: clicking a ready process releases exactly one step;
// Step then Run goes on to the end; Stop ends every worker; the window keeps painting during a
// deadlock; the story, the charts and the inspector say what the run did. Every built-in
// lesson run to its end, and its diagram read, are tst_everylesson's.
#include "chartsview.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "edgeitem.h"
#include "kinds/barrier/state.h"
#include "kinds/pipe/state.h"
#include "kinds/semaphore/state.h"
#include "kinds/shm/state.h"
#include "kinds/socket/state.h"
#include "lockitem.h"
#include "mainwindow.h"
#include "model/worldmodel.h"
#include "narrationview.h"
#include "processitem.h"
#include "queueitem.h"
#include "referencedialog.h"
#include "resourceitem.h"
#include "runcontroller.h"
#include "scenario/kind.h"
#include "scenariocatalog.h"
#include "scriptsview.h"
#include "scriptview.h"
#include "shmitem.h"
#include "story/kindwords.h"
#include "story/narrator.h"
#include "testsupport.h"
#include "textprobe.h"
#include "theme.h"
#include "timelineview.h"
#include "windowsupport.h"

#include <QAbstractTextDocumentLayout>
#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QProcess>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QStyleOptionGraphicsItem>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTimer>
#include <QToolBar>
#include <QValueAxis>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <memory>
#include <optional>

using namespace ipcsim;
using ipcsim::test::runToEnd;
using ipcsim::test::showOnProjector;
using ipcsim::test::waitFinished;
using ipcsim::ui::MainWindow;
using ipcsim::ui::RunController;

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void theHelpMenuOpensTheFormatReference();
    void clickingAReadyProcessReleasesExactlyOneStep();
    void theProcessTheScheduleReleasesNextIsMarked();
    void pressingOrDraggingAReadyProcessRunsNoStep();
    void verdictSaysWhetherTheRunDidWhatTheLessonExpected();
    void stepThenRunGoesOnToTheEnd_data();
    void stepThenRunGoesOnToTheEnd();
    void stopEndsEveryWorker();
    void oneCpuRunsEveryProcessOnCpuZero();
    void windowKeepsPaintingDuringDeadlock();
    void floodOfEventsKeepsTheWindowResponsive();
    void exportWritesSvgAndPng();
    void narrationExplainsTheRun();
    void theStoryKeepsItsNewestSentenceInView();
    void narrationSaysWhyAProcessWaits_data();
    void narrationSaysWhyAProcessWaits();
    void narrationCountsBarrierArrivalsAsTheDiagramDoes();
    void aProcessShowsTheSignalsPendingForIt();
    void galleryFilesEachLessonUnderItsSubject();
    void aNodesHeaderNeverDrawsItsKindOverItsName();
    void aProcessShowsWhatItPrintedLastWhole();
    void aProcessShowsItsStatementWholeUnderALongPrint();
    void theScheduleSPickShowsWhatItPrintedWhole();
    void aChartsTicksReadTheirValues();
    void aChartsStepsNeverReadFasterThanTheProcessesStep();
    void theDepthChartDrawsEveryValueTheSemaphoresTook();
    void chartsTextIsNinePointsOrMore();
    void titleNamesTheLessonTheAppNameOnce();
    void robustMutexShowsItsOwnerDied();
    void aQueueRedrawsItsMessagesInTheKernelsOrderAtTheEnd();
    void aCellSaysWhetherItWasStoredOrAdded();
    void aCellTellsItsLastTouchesInTheirOrder();
    void theStoryIsToldWithTheFrameThatDrawsIt();
    void whatTheKernelHeldAtTheEndIsLabelledSo();
    void aLessonEndsWithTheKernelsValues();
    void aSpinlockHeldByTheDeadSaysNobodyCanTakeIt();
    void anObjectShowsItsStartBeforeTheRun();
    void closingAPipeLeavesNoEmptyHoldsRow();
    void aWaitNobodyCanEndIsToldApartFromACircle();
    void aBrokenFileShowsItsErrorsBesideItsText();
    void shellPipelineShowsWhatItsProgramsMoved();
    void aMutexsInspectorSaysWhetherItIsRobust();
    void scheduleAndClockStayInViewOnAProjector();
    void aProcessAtItsGateSaysWhatItsNextStepWillDo();
    void everyProcessScriptIsShownSideBySide();
    void theTimelineHasAStepAxis();
    void aFullSpeedRunCanBeWatchedAgainInSlowMotion();
    void replayOfATraceEndsAsTheRecordedRun();
    void anOldTraceIsReplayedCausesFirst();
    void windowAndItsLessonFitASmallScreen();
    void diagramLaysOutInRowsWhenTheViewIsTall();
    void aRingOfProcessesIsDrawnAsARing();
    void longScriptLinesWrapInANarrowDock();
    void presentationModeEnlargesTheScriptAndTheLesson();
    void aWindowLeftInPresentationModeDoesNotEnlargeTheNext();
    void aPipeFedByAProgramIsToldWholeWhileSomeoneWaits();
    void aStoppedProcessIsDrawnStoppedUntilSigcont();
    void aCellsLastTouchIsNeverCut();
    void aDeadOwnersLineIsNeverCut();
    void aBlockedProcessNamesTheCallItSleepsIn_data();
    void aBlockedProcessNamesTheCallItSleepsIn();
    void scheduleBoxShowsTheScenariosOwnListAndLetsItGo();
    void socketCountsConnectionsAndTheirOpenEnds_data();
    void socketCountsConnectionsAndTheirOpenEnds();

private:
    static void stepBoundedBufferOnce(MainWindow &w);
    // The inspector's rows of resource 0's cells ("c[0] = 5 · adder added, storer loaded")
    // after a real run of sc to its end; empty if the run did not end.
    static QStringList cellsAtTheEnd(const core::Scenario &sc)
    {
        const ipcsim::test::Run run = ipcsim::test::runToEnd(sc);
        if (!run.finished) return {};
        const std::unique_ptr<ui::ResourceItem> item(ui::ResourceItem::create(0, sc.resources[0]));
        core::WorldModel model(sc);
        model.apply(run.events);
        item->worldChanged(model.state());
        QStringList cells;
        for (const ui::InspectorRow &row : item->inspectorRows(model.state()))
            if (row.field.startsWith(QString::fromStdString(sc.resources[0].name) + u'['))
                cells << row.field + " = " + row.value;
        return cells;
    }
    // A scenario written into dir; empty if it could not be.
    static QString writeScenario(const QTemporaryDir &dir, const QByteArray &json)
    {
        const QString path = dir.filePath(QStringLiteral("scenario.json"));
        QFile f(path);
        if (!dir.isValid() || !f.open(QIODevice::WriteOnly) || f.write(json) != json.size())
            return {};
        return path;
    }
    // Every text a process's node paints, in world w (ready, next: marked at its gate).
    static QString paintedNode(const core::Scenario &sc, const core::WorldState &w, int instance,
                               bool ready = false, bool next = false)
    {
        const auto &spec = sc.processes[sc.instances[size_t(instance)].spec];
        ui::ProcessItem item(instance,
                             QString::fromStdString(spec.scriptText).split(QLatin1Char('\n')));
        item.worldChanged(w);
        item.setReady(ready, next);
        ipcsim::test::TextProbe probe(QSize(800, 600));
        QPainter painter(&probe);
        QStyleOptionGraphicsItem option;
        item.paint(&painter, &option, nullptr);
        painter.end();
        return probe.found().all.join(QLatin1Char(' '));
    }
    // Runs the scenario at path to its end on a projector and reads what the diagram paints.
    static void paintedAtTheEnd(const QString &path, test::PaintedText *shown)
    {
        QVERIFY(!path.isEmpty());
        MainWindow w;
        showOnProjector(w);
        if (QTest::currentTestFailed()) return;
        QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
        QVERIFY(runToEnd(w, QString()));
        w.renderFrame();
        *shown = test::smallestText(w.view());
    }
    // Runs the scenario at path to its end in the window: each inspector row of every object,
    // its field mapped to "value | source".
    static QMap<QString, QString> inspectedAtTheEnd(const QString &path)
    {
        MainWindow w;
        QMap<QString, QString> rows;
        [&] {
            QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
            QVERIFY(runToEnd(w, QString()));
        }();
        if (QTest::currentTestFailed()) return rows;
        w.renderFrame();
        for (int r = 0; r < w.scene()->resourceCount(); ++r)
            for (const ui::InspectorRow &row :
                 w.scene()->resourceItem(r)->inspectorRows(w.controller()->world()))
                rows[row.field] = row.value + " | " + row.source;
        return rows;
    }
};

void TestMainWindow::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("ipcsim-tests"));
    QVERIFY2(!ui::ScenarioCatalog::builtinNames().isEmpty(), "no built-in scenarios compiled in");
}

void TestMainWindow::theHelpMenuOpensTheFormatReference()
{
    MainWindow w;
    showOnProjector(w);
    QAction *help = nullptr;
    for (QAction *menu : w.menuBar()->actions())
        if (menu->text() == QStringLiteral("&Help")) help = menu;
    QVERIFY2(help && help->menu(), "no Help menu");
    QAction *reference = w.findChild<QAction *>(QStringLiteral("actFormatReference"));
    QVERIFY(reference && help->menu()->actions().contains(reference));
    reference->trigger();
    auto *dialog = w.findChild<ui::ReferenceDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 20000);
    // What it shows is docs/format.md, compiled in: the text of its every heading.
    QFile source(qEnvironmentVariable("IPCSIM_SOURCE_DIR") + QStringLiteral("/docs/format.md"));
    QVERIFY(source.open(QIODevice::ReadOnly));
    const QString shown = dialog->browser()->toPlainText();
    int headings = 0;
    for (const QByteArray &line : source.readAll().split('\n'))
        if (line.startsWith("## ")) {
            ++headings;
            QVERIFY2(shown.contains(QString::fromUtf8(line.mid(3))), line.constData());
        }
    QVERIFY(headings >= 10);
    // The kinds' part, written by the kinds: their table and notes, and not its markers.
    QVERIFY(shown.contains(QStringLiteral("process-shared ticket spinlock in shared memory")));
    QVERIFY(shown.contains(QStringLiteral("Condition variables.")));
    QVERIFY2(!shown.contains(QStringLiteral("<!--")) && !shown.contains(QStringLiteral("-->")),
             "the markers of the kinds' part are shown");
    // A link of its contents goes to its section.
    QCOMPARE(dialog->browser()->verticalScrollBar()->value(), 0);
    Q_EMIT dialog->browser()->anchorClicked(QUrl(QStringLiteral("#limits")));
    const QTextBlock limits = dialog->browser()->textCursor().block();
    QCOMPARE(limits.text(), QStringLiteral("Limits"));
    // At the top of the view, where the page is long enough below it.
    const int top =
        int(dialog->browser()->document()->documentLayout()->blockBoundingRect(limits).top());
    const QScrollBar *bar = dialog->browser()->verticalScrollBar();
    QVERIFY(top > 0);
    QCOMPARE(bar->value(), std::min(top, bar->maximum()));
    // Asked again, the same window comes back.
    reference->trigger();
    QCOMPARE(w.findChildren<ui::ReferenceDialog *>().size(), 1);
}

// bounded-buffer, round-robin, on screen, after one Step: everyone at the gate again, and the
// events of that first step applied ("ready" may be announced a moment before the step's own
// events arrive).
void TestMainWindow::stepBoundedBufferOnce(MainWindow &w)
{
    QVERIFY2(w.openScenario(QStringLiteral("bounded-buffer")), qPrintable(w.lastError()));
    QVERIFY(w.setScheduleText(QStringLiteral("round-robin")));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    RunController *run = w.controller();
    run->step(); // starts in step mode and releases one step by the policy
    auto stepsDone = [run] {
        quint32 n = 0;
        for (const auto &p : run->world().processes)
            n += p.steps;
        return n;
    };
    QTRY_VERIFY_WITH_TIMEOUT(
        run->ready().size() == run->world().processes.size() && stepsDone() == 1, 20000);
}

void TestMainWindow::clickingAReadyProcessReleasesExactlyOneStep()
{
    MainWindow w;
    stepBoundedBufferOnce(w);
    if (QTest::currentTestFailed()) return;
    RunController *run = w.controller();

    // The producer: its next statements (lock, store, unlock, post) never block, so its step ends.
    const int target = 0;
    const core::WorldState before = run->world();
    QVERIFY(run->ready().contains(target));
    w.renderFrame();
    w.view()->fitAll();
    const ui::ProcessItem *item = w.scene()->processItem(target);
    QVERIFY(item->isReady());
    const QPoint at = w.view()->mapFromScene(item->sceneBoundingRect().center());
    QSignalSpy clicked(w.scene(), &ui::DiagramScene::processClicked);
    QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.first().first().toInt(), target);

    QTRY_VERIFY_WITH_TIMEOUT(
        run->world().processes[target].steps == before.processes[target].steps + 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(run->ready().size() == run->world().processes.size(), 20000);
    const core::WorldState after = run->world();
    for (int i = 0; i < after.processes.size(); ++i) {
        const quint32 delta = i == target ? 1 : 0;
        QCOMPARE(after.processes[i].seq, before.processes[i].seq + delta);     // steps begun
        QCOMPARE(after.processes[i].steps, before.processes[i].steps + delta); // steps ended
    }
    run->stop();
    QVERIFY(waitFinished(w, 20000));
}

// Pressing on a ready process (to inspect it, or to drag it somewhere tidier) must not run its
// code: only a click, pressed and let go on it without a drag, releases its step.
void TestMainWindow::pressingOrDraggingAReadyProcessRunsNoStep()
{
    MainWindow w;
    stepBoundedBufferOnce(w);
    if (QTest::currentTestFailed()) return;
    RunController *run = w.controller();
    w.renderFrame();
    w.view()->fitAll();
    const int target = 0; // the producer: ready, its next step would not block
    ui::ProcessItem *item = w.scene()->processItem(target);
    QVERIFY(item->isReady());
    const quint32 seq = run->world().processes[target].seq;
    QSignalSpy clicked(w.scene(), &ui::DiagramScene::processClicked);
    const QPoint at = w.view()->mapFromScene(item->sceneBoundingRect().center());

    QTest::mousePress(w.view()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(clicked.size(), 0); // the press alone releases nothing
    const QPointF before = item->pos();
    QTest::mouseMove(w.view()->viewport(), at + QPoint(30, 0));
    QTest::mouseMove(w.view()->viewport(), at + QPoint(60, 0));
    QTest::mouseRelease(w.view()->viewport(), Qt::LeftButton, {}, at + QPoint(60, 0));
    QVERIFY2(item->pos() != before, "the drag did not move the process");
    QCOMPARE(clicked.size(), 0); // nor does a drag
    QVERIFY(run->ready().contains(target));
    QCOMPARE(run->world().processes[target].seq, seq);

    // A click does.
    const QPoint now = w.view()->mapFromScene(item->sceneBoundingRect().center());
    QTest::mouseClick(w.view()->viewport(), Qt::LeftButton, {}, now);
    QCOMPARE(clicked.size(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(run->world().processes[target].seq, seq + 1, 20000);
    run->stop();
    QVERIFY(waitFinished(w, 20000));
}

void TestMainWindow::theProcessTheScheduleReleasesNextIsMarked()
{
    // round-robin-steps: alice, bob, alice, ... Every ready process says READY, and the one the
    // schedule releases next (on Step, or by itself when running) says so.
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("round-robin-steps")));
    w.resize(1400, 900);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    RunController *run = w.controller();
    ui::DiagramScene *scene = w.scene();
    QCOMPARE(scene->processItem(0)->title(), QStringLiteral("alice"));
    run->step(); // alice's first step
    QTRY_COMPARE_WITH_TIMEOUT(run->next(), 1, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(scene->processItem(1)->isNext(), 20000);
    QVERIFY(scene->processItem(0)->isReady() && !scene->processItem(0)->isNext());
    // The node says it with the world of its next frame (the mark may come a frame earlier,
    // under ASan on a loaded machine: "not started").
    QTRY_VERIFY2_WITH_TIMEOUT(scene->processItem(1)->stateText().startsWith(QStringLiteral("NEXT")),
                              qPrintable(scene->processItem(1)->stateText()), 20000);
    // Step releases the one marked, and only it.
    const int bobSteps = run->world().processes[1].steps;
    const int aliceSteps = run->world().processes[0].steps;
    run->step();
    QTRY_COMPARE_WITH_TIMEOUT(run->world().processes[1].steps, bobSteps + 1, 20000);
    QCOMPARE(run->world().processes[0].steps, aliceSteps);
    QTRY_COMPARE_WITH_TIMEOUT(run->next(), 0, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(scene->processItem(0)->isNext(), 20000);
    QVERIFY(!scene->processItem(1)->isNext());
    run->stop();
    QTRY_VERIFY_WITH_TIMEOUT(run->status() == RunController::Status::Finished, 20000);
}

// race-counter ended at 101 with "every process ended", and nothing said 200 was meant. The
// expectations are shown with the lesson, the verdict closes the run, and each lost update is
// told as what it is.
void TestMainWindow::verdictSaysWhetherTheRunDidWhatTheLessonExpected()
{
    MainWindow w;
    QVERIFY2(w.openScenario(QStringLiteral("race-counter")), qPrintable(w.lastError()));
    // Round-robin: load, load, compute, compute, store, store: every second store is lost.
    QVERIFY(w.setScheduleText(QStringLiteral("round-robin")));
    w.setSpeedPercent(100);
    QVERIFY2(w.narrationView()->lessonText().contains(
                 QStringLiteral("Expected at the end: every process exits with 0; counter[0] "
                                "ends between 2 and 200.")),
             qPrintable(w.narrationView()->lessonText()));
    w.run();
    QVERIFY(waitFinished(w, 60000));
    const core::kinds::shm::CellState &cell =
        core::kinds::shm::stateOf(w.controller()->world().resources[0]).cells[0];
    QCOMPARE(cell.value, 100);
    QCOMPARE(cell.lost(), 100);
    const QStringList said = w.narrationView()->sentences();
    QVERIFY(said.contains(QStringLiteral(
        "worker[1] stored 1 in counter[0] over worker[0]'s 1: it had loaded 0 before "
        "worker[0]'s update, so that update is overwritten.")));
    QCOMPARE(said.last(), QStringLiteral("Verdict: as the lesson expected (every process exits "
                                         "with 0; counter[0] ends between 2 and 200). counter[0] "
                                         "ended at 100: 100 updates were lost, written over by "
                                         "stores computed from older loads; without them it "
                                         "would be 200."));

    // Free, the two interleave as the machine has it: every store that the final value does
    // not stand on is counted lost, once (200 increments were made in all).
    QVERIFY(w.setScheduleText(QStringLiteral("free")));
    for (int run = 0; run < 3; ++run) {
        w.run();
        QVERIFY(waitFinished(w, 60000));
        const core::kinds::shm::CellState &c =
            core::kinds::shm::stateOf(w.controller()->world().resources[0]).cells[0];
        QCOMPARE(c.stores, 200);
        QVERIFY2(c.value + c.lost() == 200,
                 qPrintable(QStringLiteral("%1 + %2 lost").arg(c.value).arg(c.lost())));
    }

    // A run that misses its expectation says so, and by how much.
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(
        dir, QStringLiteral("short.json"),
        R"({"format": 1, "title": "short", "resources": [{"name": "c", "type": "shm"}],
            "processes": [{"name": "p", "script": "add c[0] 3"}],
            "expect": {"cells": {"c[0]": 5}}})");
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    w.run();
    QVERIFY(waitFinished(w, 60000));
    QCOMPARE(w.narrationView()->sentences().last(),
             QStringLiteral("Verdict: NOT as the lesson expected: cells: c[0] is 3, expected 5."));
}

void TestMainWindow::stepThenRunGoesOnToTheEnd_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("schedule"); // empty: the scenario's own
    QTest::addColumn<int>("speed");
    QTest::newRow("race-counter, round-robin") << "race-counter"
                                               << "round-robin" << 100;
    QTest::newRow("bounded-buffer, free") << "bounded-buffer"
                                          << "" << 100;
    QTest::newRow("bounded-buffer, free, slow") << "bounded-buffer"
                                                << "" << 90;
}

// Step, then Run (the classroom's most common move), then Pause, Step, another speed and Run
// again: each goes on from where the run is, and the run reaches its end.
void TestMainWindow::stepThenRunGoesOnToTheEnd()
{
    QFETCH(QString, name);
    QFETCH(QString, schedule);
    QFETCH(int, speed);
    MainWindow w;
    QVERIFY2(w.openScenario(name), qPrintable(w.lastError()));
    if (!schedule.isEmpty()) QVERIFY(w.setScheduleText(schedule));
    w.setSpeedPercent(speed);
    RunController *run = w.controller();
    auto stepsBegun = [run] {
        quint32 n = 0;
        for (const auto &p : run->world().processes)
            n += p.seq;
        return n;
    };
    run->step();
    QTRY_VERIFY_WITH_TIMEOUT(stepsBegun() == 1 && !run->ready().isEmpty(), 20000);
    run->run();
    QTRY_VERIFY_WITH_TIMEOUT(stepsBegun() > 3 || run->status() == RunController::Status::Finished,
                             20000);
    run->pause();
    run->step();
    w.setSpeedPercent(speed == 100 ? 90 : 100);
    run->run();
    QVERIFY2(waitFinished(w, 60000), "the run stalled");
    QCOMPARE(run->result()->end, core::RunResult::End::Completed);
}

void TestMainWindow::stopEndsEveryWorker()
{
    MainWindow w;
    QVERIFY2(w.openScenario(QStringLiteral("bounded-buffer")), qPrintable(w.lastError()));
    w.setSpeedPercent(40); // slow enough that the run is still going when Stop comes
    w.run();
    RunController *run = w.controller();
    QTRY_VERIFY_WITH_TIMEOUT(run->pids().size() == run->world().processes.size(), 20000);
    const QList<int> pids = run->pids();
    QCOMPARE(run->status(), RunController::Status::Running);
    run->stop();
    QVERIFY(waitFinished(w, 20000));
    QCOMPARE(run->result()->end, core::RunResult::End::Stopped);
    for (int pid : pids) {
        // Gone and reaped: not even a zombie is left.
        errno = 0;
        QVERIFY2(::kill(pid, 0) == -1 && errno == ESRCH,
                 qPrintable(QStringLiteral("pid %1 still exists").arg(pid)));
    }
    w.renderFrame();
    for (int i = 0; i < w.scene()->processCount(); ++i)
        QVERIFY(w.scene()->processItem(i)->stateText().contains(QStringLiteral("killed")) ||
                w.scene()->processItem(i)->stateText().contains(QStringLiteral("exited")));
}

void TestMainWindow::oneCpuRunsEveryProcessOnCpuZero()
{
    MainWindow w;
    QVERIFY2(w.openScenario(QStringLiteral("bounded-buffer")), qPrintable(w.lastError()));
    QVERIFY(!w.setCpusText(QStringLiteral("0-")));
    QVERIFY2(w.lastError().contains(QLatin1String("not a CPU list")), qPrintable(w.lastError()));
    QAction *one = nullptr;
    for (QAction *a : w.findChildren<QAction *>())
        if (a->text().remove(QLatin1Char('&')) == QLatin1String("All processes on one CPU"))
            one = a;
    QVERIFY(one);
    one->trigger();
    QCOMPARE(w.controller()->cpus(), std::vector<int>{0});
    RunController *run = w.controller();
    run->step(); // paused at the gates: every worker is alive to be looked at
    QTRY_VERIFY_WITH_TIMEOUT(run->ready().size() == run->world().processes.size() &&
                                 run->pids().size() == run->world().processes.size(),
                             20000);
    for (int pid : run->pids()) {
        // The kernel's own reading of the worker's CPU mask.
        QCOMPARE(ipcsim::test::cpusAllowed(pid), QByteArray("0"));
    }
    run->stop();
    QVERIFY(waitFinished(w, 20000));
    one->trigger(); // off again: any CPU for the next run
    QVERIFY(w.controller()->cpus().empty());
}

// The engine finds the deadlock in its own thread: the window's event loop keeps turning and
// painting meanwhile. (No upper bound on time: a loaded machine is slow, not stalled.)
void TestMainWindow::windowKeepsPaintingDuringDeadlock()
{
    MainWindow w;
    QVERIFY2(w.openScenario(QStringLiteral("deadlock-two-locks")), qPrintable(w.lastError()));
    w.setSpeedPercent(100);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    // Each turn of the event loop while the run goes (a 0 ms timer fires once per turn).
    int turns = 0;
    QTimer probe;
    probe.setInterval(0);
    connect(&probe, &QTimer::timeout, this, [&] {
        if (w.controller()->status() == RunController::Status::Running) ++turns;
    });
    probe.start();
    const quint64 framesBefore = w.frames();
    w.run();
    QVERIFY2(waitFinished(w, 60000), "the deadlock was not detected");
    probe.stop();
    QCOMPARE(w.controller()->result()->end, core::RunResult::End::Deadlock);
    // The loop turned while the engine ran and looked for the deadlock.
    QVERIFY2(turns >= 1, qPrintable(QStringLiteral("%1 turns of the event loop").arg(turns)));
    QVERIFY(w.frames() > framesBefore);
    w.renderFrame();
    // The cycle is drawn: some process and some lock are outlined.
    int highlighted = 0;
    for (int i = 0; i < w.scene()->processCount(); ++i)
        highlighted += w.scene()->processItem(i)->isHighlighted();
    QVERIFY(highlighted >= 2);
    bool explained = false;
    for (const QString &s : w.narrationView()->sentences())
        explained |= s.contains(QStringLiteral("DEADLOCK"));
    QVERIFY(explained);
}

// Over 100,000 events: the window applies them in slices of at most 20,000 and lets its event
// loop turn between slices, so it never freezes for a whole flood; every event still counts.
void TestMainWindow::floodOfEventsKeepsTheWindowResponsive()
{
    // Four workers adding to one cell as fast as they can: well over 100,000 events.
    QTemporaryDir dir;
    const QString path =
        ipcsim::test::writeFile(dir, QStringLiteral("flood.json"),
                                R"({"format": 1, "title": "Flood", "timeout_ms": 60000,
                    "resources": [{"name": "c", "type": "shm", "cells": 1}],
                    "processes": [{"name": "w", "count": 4, "script": "repeat 15000:\n    add c[0] 1"}]})");
    QVERIFY(!path.isEmpty());
    MainWindow w;
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    w.setSpeedPercent(100);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    qsizetype largest = 0;
    int applied = 0, turnsBetween = 0, turnsSinceApplied = 0;
    connect(w.controller(), &RunController::eventsApplied, this, [&](const core::EventBatch &b) {
        largest = std::max(largest, b.size());
        if (applied++ > 0 && turnsSinceApplied > 0) ++turnsBetween;
        turnsSinceApplied = 0;
    });
    QTimer probe;
    probe.setInterval(0);
    connect(&probe, &QTimer::timeout, this, [&] { ++turnsSinceApplied; });
    probe.start();
    w.run();
    QVERIFY(waitFinished(w, 60000));
    probe.stop();
    qInfo("%llu events in %d applications, the largest %lld events; the event loop turned "
          "between %d of them; %d live tokens at most 48",
          (unsigned long long)w.controller()->eventCount(), applied, (long long)largest,
          turnsBetween, w.scene()->liveTokens());
    QVERIFY(w.controller()->eventCount() > 100000);
    QVERIFY2(largest <= 20000, "a batch too large to apply between two frames");
    QVERIFY2(turnsBetween >= applied / 2, "the event loop did not turn between the slices");
    w.renderFrame();
    auto *cell = dynamic_cast<ui::ShmItem *>(w.scene()->resourceItem(0));
    QVERIFY(cell);
    QCOMPARE(cell->shownValues(), QVector<qint64>{60000});
    QVERIFY(w.scene()->liveTokens() <= 48);
}

void TestMainWindow::exportWritesSvgAndPng()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    QTemporaryDir dir;
    const QString svg = dir.filePath(QStringLiteral("d.svg"));
    const QString png = dir.filePath(QStringLiteral("d.png"));
    QVERIFY(w.exportSvg(svg));
    QVERIFY(w.exportPng(png));
    QFile f(svg);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray text = f.readAll();
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("writer"));
    QImage img(png);
    QVERIFY(!img.isNull());
    QVERIFY(img.width() > 400);
}

void TestMainWindow::narrationExplainsTheRun()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("pipe-hello")));
    const QStringList s = w.narrationView()->sentences();
    const QString all = s.join(QLatin1Char('\n'));
    QVERIFY2(all.contains(QStringLiteral("wrote")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("exited with code 0")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("end of file")), qPrintable(all));
}

// The story's list followed its newest sentence only until one wrapped: the list laid the
// long sentence out after it had scrolled to the end, so its end moved, the list was no longer
// there, and it never followed again. A student read "the reader sleeps" while the diagram had
// long shown the read done. (On a real X server: offscreen lays the list out at once. ctest's
// ui/storyFollowsOnARealXServer runs this under Xvfb.)
void TestMainWindow::theStoryKeepsItsNewestSentenceInView()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setGeometry(0, 0, 1024, 768);
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    w.setSpeedPercent(30); // a sentence at a time
    w.run();
    ui::NarrationView *story = w.narrationView();
    QTRY_VERIFY_WITH_TIMEOUT(story->sentences().join(' ').contains("got there"), 30000);
    w.controller()->pause(); // told up to here; the end would scroll to its verdict anyway
    QTRY_VERIFY2_WITH_TIMEOUT(story->newestInView(), qPrintable(story->sentences().last()), 10000);
    // A reader who scrolls back keeps their place; back at the end, it follows again.
    story->scrollToSentence(0);
    QTRY_VERIFY_WITH_TIMEOUT(!story->newestInView(), 10000);
    const QString wraps = QStringLiteral("reader called read(pipe1): the pipe is empty, so the "
                                         "kernel put it to sleep until someone writes.");
    story->addSentences({wraps}, 0);
    QCoreApplication::processEvents();
    QVERIFY(!story->newestInView());
    story->scrollToSentence(int(story->sentences().size()) - 1);
    story->addSentences({wraps}, 0);
    QTRY_VERIFY_WITH_TIMEOUT(story->newestInView(), 10000);
}

void TestMainWindow::narrationSaysWhyAProcessWaits_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("says");
    QTest::addColumn<QString>("never");
    // The spinners wait for each other for 20 ms at a time: they spin, they never sleep.
    QTest::newRow("spinlock") << QStringLiteral("spinlock-vs-mutex")
                              << QStringLiteral("keeps spinning on spin")
                              << QStringLiteral("spin): spinner");
    // The client opens its FIFO 200 ms before the server opens the other end: nothing is full.
    QTest::newRow("fifo") << QStringLiteral("fifo-rendezvous")
                          << QStringLiteral("client called write(to_server): opening a FIFO waits")
                          << QStringLiteral("is full");
}

void TestMainWindow::narrationSaysWhyAProcessWaits()
{
    QFETCH(QString, name);
    QFETCH(QString, says);
    QFETCH(QString, never);
    MainWindow w;
    QVERIFY(runToEnd(w, name));
    const QString all = w.narrationView()->sentences().join(QLatin1Char('\n'));
    QVERIFY2(all.contains(says), qPrintable(all));
    QVERIFY2(!all.contains(never), qPrintable(all));
}

// The narration said "2 of 2" where the diagram said 1 of 2: the first to arrive is 1.
void TestMainWindow::narrationCountsBarrierArrivalsAsTheDiagramDoes()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("barrier-phases")));
    QVERIFY(w.setScheduleText(QStringLiteral("round-robin"))); // worker[0], [1], then [2]
    // The barrier as drawn, each time a batch was applied.
    QList<int> drawn;
    connect(w.controller(), &RunController::eventsApplied, this, [&] {
        drawn << core::kinds::barrier::stateOf(w.controller()->world().resources[0]).arrived;
    });
    QVERIFY(runToEnd(w, QString()));
    const QStringList said = w.narrationView()->sentences();
    QVERIFY2(said.contains(QStringLiteral("worker[0] arrived at barrier phase_end and sleeps "
                                          "until all 3 have arrived (1 of 3 there now).")),
             qPrintable(said.join('\n')));
    QVERIFY(said.contains(QStringLiteral("worker[1] arrived at barrier phase_end and sleeps "
                                         "until all 3 have arrived (2 of 3 there now).")));
    QVERIFY(drawn.contains(1) && drawn.contains(2));
    QVERIFY(!said.join('\n').contains(QStringLiteral("(3 of 3 there")));
}

// rt-signals: while the receiver waits on the semaphore, the sender's three SIGUSR1 are one
// pending signal and its three SIGRTMIN+1 are three; the receiver's inspector says so, and once
// it has taken them none is left. (The window draws at its frames, not at every event: the
// world at its fullest is rebuilt from the run's own events, one at a time.)
void TestMainWindow::aProcessShowsTheSignalsPendingForIt()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("rt-signals")));
    const int receiver = 1;
    QVERIFY(runToEnd(w, QString()));
    QVERIFY(w.controller()->world().processes[receiver].pendingSignals.isEmpty());
    // The run's events again, one at a time: the world when most were pending.
    core::WorldModel model(w.controller()->scenario());
    std::optional<core::WorldState> most;
    for (const core::Event &e : w.controller()->lastRun()) {
        model.apply(e);
        const core::ProcessState &p = model.state().processes[receiver];
        if (!most || p.pendingSignals.size() > most->processes[receiver].pendingSignals.size())
            most = model.state();
    }
    QVERIFY(most);
    QCOMPARE(most->processes[receiver].pendingSignals.size(), 4);
    // The receiver's node, given that world, shows them.
    ui::ProcessItem *item = w.scene()->processItem(receiver);
    item->worldChanged(*most);
    QString shown;
    for (const ui::InspectorRow &row : item->inspectorRows(*most))
        if (row.field == QStringLiteral("signals pending")) shown = row.value;
    QCOMPARE(shown, QStringLiteral("SIGUSR1, SIGRTMIN+1 ×3"));
}

// The gallery filed Datagrams under shared memory and File locks under semaphores (the first
// kind of object each script names). Every built-in lesson has its subject by name.
void TestMainWindow::galleryFilesEachLessonUnderItsSubject()
{
    for (const QString &n : ui::ScenarioCatalog::builtinNames())
        QVERIFY2(!ui::ScenarioCatalog::builtinTopic(n).isEmpty(),
                 qPrintable(n + QStringLiteral(" has no subject in the gallery")));
    const auto topic = [](const QString &n) {
        return ui::ScenarioCatalog::topicOf(n, *ui::ScenarioCatalog::loadBuiltin(n).scenario);
    };
    QCOMPARE(topic(QStringLiteral("datagram-log")), QStringLiteral("Sockets"));
    QCOMPARE(topic(QStringLiteral("file-locking")), QStringLiteral("Files and file locks"));
    QCOMPARE(topic(QStringLiteral("race-counter")), QStringLiteral("Shared memory and locks"));
    // A kind files its own lessons under its topic, whatever else they use (mqueue-priorities
    // orders its processes with a semaphore); each lesson a kind lists is a built-in one, and
    // no two kinds list the same.
    QCOMPARE(topic(QStringLiteral("mqueue-priorities")), QStringLiteral("Message queues"));
    QCOMPARE(topic(QStringLiteral("sysv-semaphore-undo")),
             QStringLiteral("Semaphores and barriers"));
    QStringList listed;
    for (const core::KindFormat *format : core::kindFormats())
        for (const char *lesson : core::kindWords(format->type).lessons) {
            QVERIFY2(ui::ScenarioCatalog::builtinNames().contains(QLatin1String(lesson)), lesson);
            QVERIFY2(!listed.contains(QLatin1String(lesson)), lesson);
            listed << QLatin1String(lesson);
        }
}

// The System V segment's node wrote its kind over its name ("tablehared memory segment"): the
// header drew the kind right-aligned whatever room the name left. Every object of every lesson,
// painted as it starts: the kind (its noun, in few letters, or cut short) ends before the name.
void TestMainWindow::aNodesHeaderNeverDrawsItsKindOverItsName()
{
    for (const QString &n : ui::ScenarioCatalog::builtinNames()) {
        const core::LoadResult r = ui::ScenarioCatalog::loadBuiltin(n);
        QVERIFY2(r.ok(), qPrintable(n));
        const core::WorldModel start(*r.scenario);
        for (size_t k = 0; k < r.scenario->resources.size(); ++k) {
            const std::unique_ptr<ui::ResourceItem> item(
                ui::ResourceItem::create(int(k), r.scenario->resources[k]));
            item->worldChanged(start.state());
            ipcsim::test::TextProbe probe(QSize(800, 600));
            QPainter painter(&probe);
            QStyleOptionGraphicsItem option;
            item->paint(&painter, &option, nullptr);
            painter.end();
            const ipcsim::test::PaintedText painted = probe.found();
            QVERIFY2(painted.boxes.size() >= 2, qPrintable(n));
            // The header's name, then its kind.
            const QString what = n + QStringLiteral(": ") + painted.all.value(0) +
                                 QStringLiteral(" | ") + painted.all.value(1);
            QVERIFY2(painted.boxes[0].right() <= painted.boxes[1].left() + 0.5, qPrintable(what));
        }
    }
}

// barrier-phases ended with each worker's node saying "printed: phas… by 3 workers": a line
// too long for the node's last line was cut in the middle, where the phase number is. A real
// run to its end: each worker's node paints its last printed line whole, on two lines if need
// be, and the statement above keeps a line of its own.
void TestMainWindow::aProcessShowsWhatItPrintedLastWhole()
{
    const auto sc = ipcsim::test::builtIn(QStringLiteral("barrier-phases"));
    QVERIFY(sc);
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc);
    QVERIFY(run.finished);
    core::WorldModel model(*sc);
    for (const core::Event &e : run.events)
        model.apply(e);
    for (int i = 0; i < int(model.state().processes.size()); ++i) {
        const QString last = model.state().processes[i].lastPrinted;
        QVERIFY2(last.startsWith(QStringLiteral("phase 2 done by")), qPrintable(last));
        const QString all = paintedNode(*sc, model.state(), i);
        QVERIFY2(all.contains(QStringLiteral("printed: ") + last), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("7: print")), qPrintable(all));
    }
}

// At its end shell-pipeline's show said "3: read result 64 -> te…": what it printed took the
// node's last two lines and left its statement one, too short for it with its line number.
// The line number, which the Script dock shows beside the line, goes first.
void TestMainWindow::aProcessShowsItsStatementWholeUnderALongPrint()
{
    const auto sc = ipcsim::test::builtIn(QStringLiteral("shell-pipeline"));
    QVERIFY(sc);
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc);
    QVERIFY(run.finished);
    core::WorldModel model(*sc);
    for (const core::Event &e : run.events)
        model.apply(e);
    int show = -1;
    for (int i = 0; i < int(sc->instances.size()); ++i)
        if (sc->instances[size_t(i)].name == "show") show = i;
    QVERIFY(show >= 0);
    QCOMPARE(model.state().processes[show].lastPrinted, QStringLiteral("three smallest: 1,3,7,"));
    const QString all = paintedNode(*sc, model.state(), show);
    QVERIFY2(all.contains(QStringLiteral("read result 64 -> text")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("printed: three smallest:")), qPrintable(all));
    QVERIFY2(all.contains(QStringLiteral("1,3,7,")), qPrintable(all));
}

// In step mode sysv-semaphore-undo's crasher, the schedule's pick, said "printed: cras…d now I
// crash": its state took two lines ("NEXT — the schedule's pick"), and the datum it printed
// had no line left but one. A process at its gate after a real print, marked NEXT or READY,
// shows the line whole, and what it is.
void TestMainWindow::theScheduleSPickShowsWhatItPrintedWhole()
{
    const auto sc = ipcsim::test::builtIn(QStringLiteral("sysv-semaphore-undo"));
    QVERIFY(sc);
    core::Session::Options gated; // every step waits at its gate, and its Gate is reported
    std::string err;
    gated.schedule = *core::parseSchedule("round-robin", *sc, &err);
    gated.scheduleGiven = true;
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc, gated);
    QVERIFY(run.finished);
    const int crasher = 0;
    QCOMPARE(QString::fromStdString(sc->instances[crasher].name), QStringLiteral("crasher"));
    core::WorldModel model(*sc);
    bool printed = false, atGate = false;
    for (const core::Event &e : run.events) {
        model.apply(e);
        if (e.proc != crasher || e.kind != core::Event::Step) continue;
        if (e.op == core::Op::Print && e.phase == core::Phase::End) printed = true;
        if (printed && e.phase == core::Phase::Gate) {
            atGate = true;
            break;
        }
    }
    QVERIFY(atGate);
    const QString last = model.state().processes[crasher].lastPrinted;
    QCOMPARE(last, QStringLiteral("crasher: printing, and now I crash"));
    for (const bool next : {true, false}) {
        const QString all = paintedNode(*sc, model.state(), crasher, true, next);
        QVERIFY2(all.contains(QStringLiteral("printed: ") + last), qPrintable(all));
        QVERIFY2(all.contains(next ? QStringLiteral("NEXT") : QStringLiteral("READY")),
                 qPrintable(all));
    }
}

// The charts' ticks read "0.0 0.3 0.5 0.8 1.0" under gridlines at 0, 0.25, 0.5, 0.75 and 1,
// and "0.3 0.6 0.8 1.1" beside 0.275, 0.55, 0.825 and 1.1: five fixed ticks over any range,
// rounded to one decimal. Before a run, and after a real one: every label of every axis of
// every chart reads its gridline's value exactly.
void TestMainWindow::aChartsTicksReadTheirValues()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    auto check = [&](const char *when) {
        const QList<QChartView *> views = w.findChildren<QChartView *>();
        QVERIFY(views.size() >= 4);
        for (QChartView *v : views)
            for (QAbstractAxis *a : v->chart()->axes()) {
                auto *axis = qobject_cast<QValueAxis *>(a);
                QVERIFY(axis);
                QList<qreal> ticks;
                if (axis->tickType() == QValueAxis::TicksFixed) {
                    for (int k = 0; k < axis->tickCount(); ++k)
                        ticks << axis->min() +
                                     k * (axis->max() - axis->min()) / (axis->tickCount() - 1);
                } else {
                    const qreal step = axis->tickInterval();
                    for (qreal t =
                             axis->tickAnchor() +
                             std::ceil((axis->min() - axis->tickAnchor()) / step - 1e-9) * step;
                         t <= axis->max() + 1e-9; t += step)
                        ticks << t;
                }
                QVERIFY(ticks.size() >= 2);
                for (qreal t : ticks) {
                    const QString label =
                        QString::asprintf(axis->labelFormat().toLatin1().constData(), t);
                    QVERIFY2(std::abs(label.toDouble() - t) < 1e-9 * std::max(1.0, std::abs(t)),
                             qPrintable(QStringLiteral("%1: %2 (%3) has a tick at %4 labelled %5")
                                            .arg(QLatin1String(when), v->chart()->title(),
                                                 axis->titleText())
                                            .arg(t)
                                            .arg(label)));
                }
            }
    };
    check("before the run");
    w.setSpeedPercent(100);
    w.run();
    QVERIFY(waitFinished(w, 60000));
    check("after the run");
}

// At the window's speed a process steps about three times a second, each step held 0.32 s
// at its gate, and bounded-buffer's Steps chart read 10, 0, 0, 10 by turns: each point was
// the steps of the last tenth of a second. Its run's end, 25 ms after the last point, read
// 40. A step ends no sooner than the delay after the one before it, so over the second each
// point spans (or the run's first seconds), no process of a real run reads faster than one
// step a delay and one more.
void TestMainWindow::aChartsStepsNeverReadFasterThanTheProcessesStep()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    w.setSpeedPercent(60);
    w.run();
    QVERIFY(waitFinished(w, 60000));
    const qreal window = ui::ChartsView::kRateWindowNs / 1e9;
    const qreal fastest = 1000.0 / w.controller()->stepDelay() + 1 / window;
    QVERIFY(fastest < 5); // a delay of about a third of a second
    QChartView *steps = nullptr;
    for (QChartView *v : w.findChildren<QChartView *>())
        if (v->chart()->title().startsWith(QStringLiteral("Steps"))) steps = v;
    QVERIFY(steps);
    QCOMPARE(steps->chart()->series().size(), 2);
    for (QAbstractSeries *a : steps->chart()->series()) {
        const QList<QPointF> points = static_cast<QLineSeries *>(a)->points();
        QVERIFY2(points.size() >= 10, qPrintable(a->name()));
        for (const QPointF &p : points)
            QVERIFY2(p.y() <= fastest, qPrintable(QStringLiteral("%1 reads %2 steps/s at %3 s")
                                                      .arg(a->name())
                                                      .arg(p.y())
                                                      .arg(p.x())));
        if (a->name() == QStringLiteral("consumer")) // the last to end: it stepped until then
            QVERIFY(points.last().y() > 0);
    }
}

// bounded-buffer at full speed lasts about 0.17 s, and its depth chart, read on a 0.1 s timer,
// drew each semaphore in two points: full and empty, 0 to 4 and back all run long, drew flat
// lines. Each value a semaphore took, in the order the story told them, is a step of its line
// (a run this short keeps them all: leveltrace.h), and the line never runs back in time.
void TestMainWindow::theDepthChartDrawsEveryValueTheSemaphoresTook()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    const core::Scenario &sc = w.controller()->scenario();
    core::WorldModel model(sc);
    QHash<QString, QList<qint64>> took; // per semaphore: its values, each change told
    for (int r = 0; r < int(sc.resources.size()); ++r)
        if (sc.resources[size_t(r)].type == core::ResourceType::Semaphore)
            took[QString::fromStdString(sc.resources[size_t(r)].name)] = {
                core::kinds::semaphore::stateOf(model.state().resources[r]).value};
    QCOMPARE(took.size(), 2);
    connect(w.controller(), &RunController::eventsApplied, this,
            [&](const core::EventBatch &batch) {
                for (const core::Event &e : batch) {
                    model.apply(e);
                    if (e.res < 0 || e.res >= model.state().resources.size()) continue;
                    const core::ResourceState &r = model.state().resources[e.res];
                    if (r.type != core::ResourceType::Semaphore) continue;
                    QList<qint64> &values =
                        took[QString::fromStdString(sc.resources[size_t(e.res)].name)];
                    const qint64 v = core::kinds::semaphore::stateOf(r).value;
                    if (values.last() != v) values << v;
                }
            });
    w.setSpeedPercent(100);
    w.run();
    QVERIFY(waitFinished(w, 60000));
    QChartView *depth = nullptr;
    for (QChartView *v : w.findChildren<QChartView *>())
        if (v->chart()->title().startsWith(QStringLiteral("Queue depth"))) depth = v;
    QVERIFY(depth);
    QCOMPARE(depth->chart()->series().size(), 2);
    for (QAbstractSeries *a : depth->chart()->series()) {
        const QList<QPointF> points = static_cast<QLineSeries *>(a)->points();
        QList<qint64> drawn;
        for (qsizetype i = 0; i < points.size(); ++i) {
            if (i > 0) QVERIFY2(points[i].x() >= points[i - 1].x(), qPrintable(a->name()));
            if (drawn.isEmpty() || drawn.last() != qint64(points[i].y()))
                drawn << qint64(points[i].y());
        }
        QVERIFY2(took[a->name()].size() > 8, qPrintable(a->name())); // up and down, many times
        QCOMPARE(drawn, took[a->name()]);
    }
}

// The charts' titles were 0.9 of the window's type (8.1 pt), their axes' numbers and legends
// Qt Charts' own size, under the 9 pt a class reads on a 1024 x 768 projector. After a real
// run, every text of every chart is 9 pt or more.
void TestMainWindow::chartsTextIsNinePointsOrMore()
{
    MainWindow w;
    w.resize(1024, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openScenario(QStringLiteral("pipe-full")));
    w.setSpeedPercent(100);
    w.run();
    QVERIFY(waitFinished(w, 60000));
    const QList<QChartView *> views = w.findChildren<QChartView *>();
    QCOMPARE(views.size(), 4);
    for (QChartView *v : views) {
        v->resize(1000, 240); // as the dock shows it, whichever tab is in front
        const test::PaintedText shown = test::smallestText(v);
        QVERIFY(shown.items > 5);
        QVERIFY2(shown.points >= ui::Theme::kSmallPt - 1e-9,
                 qPrintable(QStringLiteral("%1: \"%2\" at %3 pt")
                                .arg(v->chart()->title(), shown.text)
                                .arg(shown.points)));
    }
}

// The title read "ipcsim — Race condition … — ipcsim": the platform already adds the
// application's display name to each title.
void TestMainWindow::titleNamesTheLessonTheAppNameOnce()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("race-counter")));
    QCOMPARE(w.windowTitle(), QStringLiteral("Race condition: the lost update"));
}

// robust-mutex never drew "owner died". Its real events, applied one by one: once the holder is
// dead the lock is held by the dead; once the heir took it, it says from whom.
void TestMainWindow::robustMutexShowsItsOwnerDied()
{
    const auto sc = ipcsim::test::builtIn(QStringLiteral("robust-mutex"));
    QVERIFY(sc);
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc);
    QVERIFY(run.finished);
    const int m = sc->resourceIndex("m");
    const std::unique_ptr<ui::ResourceItem> made(
        ui::ResourceItem::create(m, sc->resources[size_t(m)]));
    auto &item = dynamic_cast<ui::LockItem &>(*made);
    core::WorldModel model(*sc);
    QStringList seen;
    for (const core::Event &e : run.events) {
        model.apply(e);
        item.worldChanged(model.state());
        const QString now = item.headline() + QStringLiteral(" | ") + item.deathLine();
        if (seen.isEmpty() || seen.last() != now) seen << now;
    }
    const QStringList expected{
        QStringLiteral("free | "), QStringLiteral("held by holder | "),
        QStringLiteral("held by holder, who died | next lock: EOWNERDEAD, then made consistent"),
        QStringLiteral("held by heir | taken from holder, who died holding it"),
        QStringLiteral("free | ")};
    QVERIFY2(seen == expected, qPrintable(seen.join('\n')));
}

// Two sends in flight together may be told in either order; at the end the window reads the
// queue from the kernel and draws its order. The node redrew only when the count changed, so it
// kept the told order: a last picture the kernel did not have.
void TestMainWindow::aQueueRedrawsItsMessagesInTheKernelsOrderAtTheEnd()
{
    const auto sc = ipcsim::test::scenarioFromJson(
        "{\"format\": 1, \"title\": \"two sends\","
        " \"resources\": [{\"name\": \"q\", \"type\": \"mqueue\"},"
        " {\"name\": \"s\", \"type\": \"semaphore\"}],"
        " \"processes\": [{\"name\": \"a\", \"script\": \"send q \\\"first\\\"\\npost s\\n\"},"
        " {\"name\": \"b\", \"script\": \"wait s\\nsend q \\\"second\\\"\\n\"}]}");
    QVERIFY(sc);
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc);
    QVERIFY(run.finished);
    QVERIFY(run.result.finals.at(0).read);
    QCOMPARE(run.result.finals.at(0).messages, QByteArrayList({"first", "second"}));
    // Told the other way round, as the engine may tell two sends it saw end together.
    core::EventBatch told = run.events;
    const auto isSend = [](const core::Event &e) {
        return e.kind == core::Event::Step && e.op == core::Op::Send && e.phase == core::Phase::End;
    };
    const auto first = std::find_if(told.begin(), told.end(), isSend);
    const auto second = std::find_if(std::next(first), told.end(), isSend);
    QVERIFY(second != told.end());
    std::iter_swap(first, second);
    const std::unique_ptr<ui::ResourceItem> made(ui::ResourceItem::create(0, sc->resources[0]));
    auto &item = dynamic_cast<ui::QueueItem &>(*made);
    core::WorldModel model(*sc);
    model.apply(told);
    item.worldChanged(model.state());
    QCOMPARE(item.shownMessages(), QStringList({"second", "first"}));
    model.setFinal(0, run.result.finals.at(0));
    item.worldChanged(model.state());
    QCOMPARE(item.shownMessages(), QStringList({"first", "second"}));
}

// mapped-file's node said "[0] = 4 · stored by poster" after poster's atomic add: the cell
// named every write a store. A store and an add are different calls, and a lesson about
// lost updates turns on the difference.
void TestMainWindow::aCellSaysWhetherItWasStoredOrAdded()
{
    const auto sc = ipcsim::test::scenarioFromJson(
        "{\"format\": 1, \"title\": \"cells\", \"resources\": [{\"name\": \"c\", "
        "\"type\": \"shm\", \"cells\": 2}, {\"name\": \"s\", \"type\": \"semaphore\"}], "
        "\"processes\": [{\"name\": \"adder\", \"script\": \"add c[0] 5\\npost s\\n\"}, "
        "{\"name\": \"storer\", \"script\": \"wait s\\nstore c[1] = 7\\nload x = c[0]\\n\"}]}");
    QVERIFY(sc);
    const QStringList cells = cellsAtTheEnd(*sc);
    QCOMPARE(cells,
             QStringList({"c[0] = 5 · adder added, storer loaded", "c[1] = 7 · stored by storer"}));
}

// rwlock's table ended "[0] = 42 · writer stored, reader[1] loaded", though reader[1] had
// loaded 7, before the writer stored 42: the cell named its last writer and its last reader and
// not which came first, so it told a load of a value the reader never saw. It now tells them in
// their order, with what the earlier load got. A real run: reader loads c[0] and lets writer
// store over it; writer loads c[1] and stores it one more; then reader loads c[2] after writer
// stored it. The node under the cells says the same as the inspector.
void TestMainWindow::aCellTellsItsLastTouchesInTheirOrder()
{
    const QByteArray json(
        "{\"format\": 1, \"title\": \"cells\", \"resources\": [{\"name\": \"c\", "
        "\"type\": \"shm\", \"cells\": 3}, {\"name\": \"s\", \"type\": \"semaphore\"}, "
        "{\"name\": \"t\", \"type\": \"semaphore\"}], "
        "\"processes\": [{\"name\": \"reader\", \"script\": \"load x = c[0]\\npost s\\n"
        "wait t\\nload y = c[2]\\n\"}, "
        "{\"name\": \"writer\", \"script\": \"wait s\\nstore c[0] = 42\\n"
        "load v = c[1]\\nstore c[1] = v + 1\\nstore c[2] = 9\\npost t\\n\"}]}");
    const auto sc = ipcsim::test::scenarioFromJson(json);
    QVERIFY(sc);
    const QStringList cells = cellsAtTheEnd(*sc);
    QCOMPARE(cells, QStringList({"c[0] = 42 · reader loaded 0, then writer stored",
                                 "c[1] = 1 · writer loaded 0, then stored",
                                 "c[2] = 9 · writer stored, reader loaded"}));
    // The node, painted at the end of the run in the window, says the last touch in full.
    QTemporaryDir dir;
    const QString path = writeScenario(dir, json);
    test::PaintedText shown;
    paintedAtTheEnd(path, &shown);
    if (QTest::currentTestFailed()) return;
    const QString all = shown.all.join(QLatin1Char(' '));
    QVERIFY2(all.contains(QStringLiteral("[2] = 9 · writer stored, reader loaded")),
             qPrintable(all));
}

// A sentence came on screen as soon as its event did, and the diagram drew that event at its
// next frame, up to 33 ms later: a screenshot of sysv-bounded-buffer showed "consumer slept 20
// ms." under a consumer node still "in nanosleep". The story is now told with the frame that
// draws it: whenever a sentence is added, every process's node shows the world of the events
// told so far (its steps and its state are the model's). A real run of a lesson at full speed.
void TestMainWindow::theStoryIsToldWithTheFrameThatDrawsIt()
{
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    auto *narration = w.findChild<ui::NarrationView *>();
    QVERIFY(narration);
    auto *list = narration->findChild<QListWidget *>();
    QVERIFY(list);
    int told = 0;
    QStringList ahead;
    connect(list->model(), &QAbstractItemModel::rowsInserted, &w, [&] {
        ++told;
        const core::WorldState &world = w.controller()->world();
        for (int i = 0; i < w.scene()->processCount(); ++i) {
            const core::ProcessState &drawn = w.scene()->processItem(i)->state();
            const core::ProcessState &now = world.processes[i];
            if (drawn.steps != now.steps || drawn.state != now.state)
                ahead << QStringLiteral("\"%1\" told while %2's node showed %3 steps, not %4")
                             .arg(list->item(list->count() - 1)->text(), now.name)
                             .arg(drawn.steps)
                             .arg(now.steps);
        }
    });
    QVERIFY(runToEnd(w, QString()));
    QVERIFY2(told > 20, qPrintable(QString::number(told)));
    QVERIFY2(ahead.isEmpty(), qPrintable(ahead.mid(0, 3).join(QLatin1Char('\n'))));
}

// At the end of a run the window reads shared memory's cells and a queue's messages from the
// kernel and draws them; the inspector still said the cells were "reported by the process" and
// the messages "derived", labels of the numbers they replaced. A real run: a process stores a
// cell and leaves a message in a queue; at the end both say they were read from the kernel.
void TestMainWindow::whatTheKernelHeldAtTheEndIsLabelledSo()
{
    QTemporaryDir dir;
    const QString path = writeScenario(
        dir, "{\"format\": 1, \"title\": \"left\", \"resources\": [{\"name\": \"c\", "
             "\"type\": \"shm\", \"cells\": 1}, {\"name\": \"q\", \"type\": \"mqueue\"}], "
             "\"processes\": [{\"name\": \"p\", \"script\": \"store c[0] = 5\\n"
             "send q \\\"left\\\"\\n\"}]}");
    const QMap<QString, QString> sources = inspectedAtTheEnd(path);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(sources.value("c[0]"), QString("5 · stored by p | read from the kernel at the end"));
    QCOMPARE(sources.value("messages"), QString("1 | read from the kernel at the end"));
}

// A semaphore, an eventfd and a System V set end a lesson with the values the kernel read at
// the end, not the last sample's: the samples come ten times a second, and a run shorter than
// that had none, so the inspector showed no kernel value at all, and one a little longer a
// value up to 100 ms old. A real run that changes each one and exits at once; it appends to a
// file too, whose size on disk the engine reads at the end and the inspector now shows.
void TestMainWindow::aLessonEndsWithTheKernelsValues()
{
    QTemporaryDir dir;
    const QString path = writeScenario(
        dir, "{\"format\": 1, \"title\": \"counts\", \"resources\": [{\"name\": \"s\", "
             "\"type\": \"semaphore\"}, {\"name\": \"e\", \"type\": \"eventfd\"}, "
             "{\"name\": \"v\", \"type\": \"sysv-semaphore\", \"semaphores\": 2}, "
             "{\"name\": \"f\", \"type\": \"file\", \"content\": \"ab\"}], "
             "\"processes\": [{\"name\": \"p\", \"script\": \"post s\\npost s\\n"
             "write e 5\\npost v[1]\\nwrite f \\\"xyz\\\"\\n\"}]}");
    const QMap<QString, QString> rows = inspectedAtTheEnd(path);
    if (QTest::currentTestFailed()) return;
    const QString kernel = QStringLiteral(" | read from the kernel");
    const QString atTheEnd = QStringLiteral(" | read from the kernel at the end");
    QCOMPARE(rows.value("value (sem_getvalue)"), "2" + kernel);
    QCOMPARE(rows.value("value"), "2" + atTheEnd);
    QCOMPARE(rows.value("counter (eventfd-count in fdinfo)"), "5" + kernel);
    QCOMPARE(rows.value("counter"), "5" + atTheEnd);
    QCOMPARE(rows.value("tokens (the members' values summed, semctl GETALL)"), "1" + kernel);
    QCOMPARE(rows.value("v[1]"), "1" + atTheEnd);
    QCOMPARE(rows.value("size at the end (stat)"), "5" + kernel); // "ab", then "xyz" appended
}

// Before Run each object's node shows what the world starts with (the model's, not a copy of
// the scenario's options in the item): here each member of a System V set, with its value.
void TestMainWindow::anObjectShowsItsStartBeforeTheRun()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("sysv-bounded-buffer")));
    const int sems = w.controller()->scenario().resourceIndex("sems");
    QStringList shown;
    for (const ui::InspectorRow &row :
         w.scene()->resourceItem(sems)->inspectorRows(w.controller()->world()))
        if (row.field.startsWith(QStringLiteral("sems["))) shown << row.field + "=" + row.value;
    QCOMPARE(shown, QStringList({"sems[0]=4", "sems[1]=0", "sems[2]=1"}));
}

// A spinlock whose holder died said "next lock: EOWNERDEAD, then made consistent", as a robust
// mutex would; but a spinlock held by the dead is held for good: nobody can take it.
void TestMainWindow::aSpinlockHeldByTheDeadSaysNobodyCanTakeIt()
{
    const auto sc = ipcsim::test::scenarioFromJson(
        R"({"format": 1, "title": "dead", "resources": [{"name": "s", "type": "spinlock"}],
            "processes": [{"name": "holder", "script": "lock s\nexit 0\n"}]})");
    QVERIFY(sc);
    const ipcsim::test::Run run = ipcsim::test::runToEnd(*sc);
    QVERIFY(run.finished);
    const std::unique_ptr<ui::ResourceItem> made(ui::ResourceItem::create(0, sc->resources[0]));
    auto &item = dynamic_cast<ui::LockItem &>(*made);
    core::WorldModel model(*sc);
    for (const core::Event &e : run.events)
        model.apply(e);
    item.worldChanged(model.state());
    QCOMPARE(item.headline(), QStringLiteral("held by holder, who died"));
    QCOMPARE(item.deathLine(), QStringLiteral("not robust: nobody can take it now"));
}

// After `close p` the inspector showed an empty "holds" row: the model marked the closed write
// end among the locks the process holds.
void TestMainWindow::closingAPipeLeavesNoEmptyHoldsRow()
{
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(
        dir, QStringLiteral("close.json"),
        R"({"format": 1, "title": "close", "resources": [{"name": "p", "type": "pipe"}],
            "processes": [{"name": "w", "script": "write p 1 bytes\nclose p\n"},
                          {"name": "r", "script": "read p 1\nread p 1\n"}]})");
    MainWindow w;
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    QVERIFY(runToEnd(w, QString()));
    const core::WorldState &world = w.controller()->world();
    QCOMPARE(core::kinds::pipe::stateOf(world.resources[0]).writersOpen, 0);
    for (const ui::InspectorRow &row : w.scene()->processItem(0)->inspectorRows(world))
        QVERIFY2(row.field != QStringLiteral("holds"), qPrintable(row.field + ": " + row.value));
}

// A lone process waiting on a semaphore nobody posts was labelled DEADLOCKED like a circle of
// waits: the contract counts both as a deadlock, the window says which kind it is.
void TestMainWindow::aWaitNobodyCanEndIsToldApartFromACircle()
{
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(
        dir, QStringLiteral("lonely.json"),
        R"({"format": 1, "title": "lonely", "resources": [{"name": "s", "type": "semaphore"}],
            "processes": [{"name": "waiter", "script": "wait s\n"}]})");
    MainWindow w;
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    QVERIFY(runToEnd(w, QString()));
    QCOMPARE(w.controller()->result()->end, core::RunResult::End::Deadlock);
    w.renderFrame();
    QVERIFY2(w.scene()->processItem(0)->stateText().startsWith(QStringLiteral("STUCK on s")),
             qPrintable(w.scene()->processItem(0)->stateText()));
    QString all = w.narrationView()->sentences().join('\n');
    QVERIFY2(all.contains(QStringLiteral("DEADLOCK, with no circle")), qPrintable(all));
    QVERIFY(!all.contains(QStringLiteral("circle of waits")));

    QVERIFY(runToEnd(w, QStringLiteral("deadlock-two-locks")));
    w.renderFrame();
    QVERIFY2(w.scene()->processItem(0)->stateText().startsWith(QStringLiteral("DEADLOCKED on")),
             qPrintable(w.scene()->processItem(0)->stateText()));
    all = w.narrationView()->sentences().join('\n');
    QVERIFY2(all.contains(QStringLiteral("DEADLOCK, a circle of waits")), qPrintable(all));
    // Its locks show who held them at the deadlock, not a death: ipcsim ended them after.
    for (int r = 0; r < w.scene()->resourceCount(); ++r)
        if (auto *lock = dynamic_cast<ui::LockItem *>(w.scene()->resourceItem(r)))
            QVERIFY2(!lock->headline().contains(QStringLiteral("died")),
                     qPrintable(lock->headline()));
}

// A broken file opened in the window showed its errors in a modal box, with long paths. They
// are shown beside the file's text, its lines in error marked, and the lesson open before stays.
void TestMainWindow::aBrokenFileShowsItsErrorsBesideItsText()
{
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(
        dir, QStringLiteral("broken.json"),
        "{\"format\": 1, \"title\": \"b\",\n"
        " \"resources\": [{\"name\": \"p\", \"type\": \"pipe\", \"capacty\": 5}],\n"
        " \"processes\": [\n"
        "  {\"name\": \"c\", \"script\": \"read p 1\\nwait p\\n\"}]}\n");
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(!w.openScenario(path));
    QVERIFY2(!QApplication::activeModalWidget(), "a modal box was opened");
    ui::ScriptView *script = w.scriptView();
    QVERIFY(script && script->showsLoadErrors());
    QCOMPARE(script->markedLines(), (QList<int>{2, 4}));
    QVERIFY2(script->stateText().contains(QStringLiteral("broken.json:2:")),
             qPrintable(script->stateText()));
    QVERIFY2(!script->stateText().contains(dir.path()), qPrintable(script->stateText()));
    bool said = false; // the status bar says so too (its whole line is the label's tooltip)
    for (const QLabel *l : w.statusBar()->findChildren<QLabel *>())
        said |= l->toolTip() ==
                QStringLiteral(
                    "broken.json cannot be opened: its 2 errors are shown in the Script dock.");
    QVERIFY(said);
    // The lesson open before is still open, and its script comes back when a process is chosen.
    QCOMPARE(w.controller()->scenario().title, std::string("Hello through a pipe"));
    script->showInstance(0);
    QVERIFY(!script->showsLoadErrors());
    QVERIFY(script->markedLines().isEmpty());
}

// shell-pipeline's programs report no steps: every pipe read 0 bytes, no token moved, and the
// inspector said "bytes written 0" for pipes data went through. The kernel counts what each
// program wrote (/proc/PID/io, read at its last sample or as a zombie), and the window shows it.
void TestMainWindow::shellPipelineShowsWhatItsProgramsMoved()
{
    MainWindow w;
    w.setAskBeforeExec(false);
    QVERIFY(w.openScenario(QStringLiteral("shell-pipeline")));
    const quint64 tokensBefore = w.scene()->tokensCreated();
    QVERIFY(runToEnd(w, QString()));
    const core::WorldState &world = w.controller()->world();
    const core::Scenario &sc = w.controller()->scenario();
    // printf writes "42\n7\n19\n3\n88\n1\n" (15 bytes); sort passes all 15 on; head keeps
    // "1\n3\n7\n" (6), and tr turns it into "1,3,7," (6).
    const QList<std::pair<const char *, qint64>> wrote{
        {"raw", 15}, {"sorted", 15}, {"top", 6}, {"result", 6}};
    for (const auto &[name, bytes] : wrote) {
        const core::ResourceState &r = world.resources[sc.resourceIndex(name)];
        QVERIFY2(core::kinds::pipe::stateOf(r).programWritten == bytes,
                 qPrintable(QStringLiteral("%1: %2 bytes in from programs, expected %3")
                                .arg(QLatin1String(name))
                                .arg(core::kinds::pipe::stateOf(r).programWritten)
                                .arg(bytes)));
    }
    // show, a script, read the 6 bytes of result: nothing is left in it.
    QCOMPARE(world.resources[sc.resourceIndex("result")].level, 0);
    QVERIFY(core::kinds::pipe::stateOf(world.resources[sc.resourceIndex("raw")]).programReads);
    QVERIFY2(w.scene()->tokensCreated() >= tokensBefore + 4, "no token moved for the programs");
    bool shown = false;
    for (const ui::InspectorRow &row :
         w.scene()->resourceItem(sc.resourceIndex("raw"))->inspectorRows(world))
        shown |= row.field == QStringLiteral("bytes written by programs") && row.value == "15";
    QVERIFY(shown);
}

// A mutex may be robust, a spinlock cannot be: the inspector of a mutex says whether it is
// (from the scenario), a spinlock's has no such row. Both are drawn by the lock item.
void TestMainWindow::aMutexsInspectorSaysWhetherItIsRobust()
{
    auto robustRow = [](MainWindow &w, const char *name) -> QString {
        const core::Scenario &sc = w.controller()->scenario();
        for (const ui::InspectorRow &row : w.scene()
                                               ->resourceItem(sc.resourceIndex(name))
                                               ->inspectorRows(w.controller()->world()))
            if (row.field == QStringLiteral("robust")) return row.value;
        return QStringLiteral("(none)");
    };
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("robust-mutex")));
    QCOMPARE(robustRow(w, "m"), QStringLiteral("yes"));
    QVERIFY(w.openScenario(QStringLiteral("spinlock-vs-mutex")));
    QCOMPARE(robustRow(w, "m"), QStringLiteral("yes")); // robust by default
    QCOMPARE(robustRow(w, "spin"), QStringLiteral("(none)"));
}

// At 1024 x 768 in presentation mode the Schedule box, the seed and the clock went behind the
// toolbar's »: they take a second row when one is not wide enough, and come back beside the
// controls when it is.
void TestMainWindow::scheduleAndClockStayInViewOnAProjector()
{
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("race-counter")));
    w.resize(1024, 768);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.setPresentationMode(true);
    auto *schedule = w.findChild<QComboBox *>(QStringLiteral("scheduleBox"));
    QVERIFY(schedule);
    auto inView = [&w](QWidget *x) {
        return x->isVisible() && w.rect().contains(QRect(x->mapTo(&w, QPoint(0, 0)), x->size()));
    };
    QTRY_VERIFY_WITH_TIMEOUT(inView(schedule), 10000);
    auto *bar = w.findChild<QToolBar *>(QStringLiteral("scheduleToolBar"));
    QVERIFY(bar);
    for (QWidget *x : bar->findChildren<QWidget *>())
        if (qobject_cast<QLabel *>(x) && !x->isVisible())
            QFAIL(qPrintable(QStringLiteral("hidden: ") + qobject_cast<QLabel *>(x)->text()));
    // Once the run is told, the narration has room for more than the four lines it had.
    const int before = w.narrationView()->visibleSentenceLines();
    QVERIFY(runToEnd(w, QString()));
    QTRY_VERIFY2_WITH_TIMEOUT(w.narrationView()->visibleSentenceLines() >= 7,
                              qPrintable(QStringLiteral("%1 lines of narration (%2 before the run)")
                                             .arg(w.narrationView()->visibleSentenceLines())
                                             .arg(before)),
                              10000);
    w.setPresentationMode(false);
    w.resize(1900, 900);
    QTRY_VERIFY_WITH_TIMEOUT(!w.toolBarBreak(bar), 10000); // one row again
    QVERIFY(inView(schedule));
}

// In step mode a student decides who goes next: each process at its gate says what its next
// step will do, from the world as it is ("next: wait full — will block: full is 0").
void TestMainWindow::aProcessAtItsGateSaysWhatItsNextStepWillDo()
{
    MainWindow w;
    stepBoundedBufferOnce(w); // the producer took a token of empty; the consumer is at "wait full"
    if (QTest::currentTestFailed()) return;
    RunController *run = w.controller();
    const core::WorldState &world = run->world();
    QCOMPARE(core::Narrator::nextStepLine(world, 1),
             QStringLiteral("next: wait full — will block: full is 0"));
    QCOMPARE(core::Narrator::nextStepLine(world, 0),
             QStringLiteral("next: lock m — goes on: m is free"));
    ui::ScriptView *script = w.scriptView();
    script->showInstance(1);
    w.renderFrame();
    QVERIFY2(
        script->stateText().contains(QStringLiteral("next: wait full — will block: full is 0")),
        qPrintable(script->stateText()));
    // Every process at once, one under another: each line and each next step.
    script->showInstance(2);
    QVERIFY(script->showsEveryProcess());
    w.renderFrame();
    const QString all = script->plainText();
    for (const QString &says :
         {QStringLiteral("producer — at its gate"), QStringLiteral("3  lock m"),
          QStringLiteral("next: lock m — goes on: m is free"),
          QStringLiteral("consumer — at its gate"), QStringLiteral("2  wait full"),
          QStringLiteral("next: wait full — will block: full is 0")})
        QVERIFY2(all.contains(says), qPrintable(says + QStringLiteral(" is not in:\n") + all));
    // Once the producer has posted full, the consumer's wait goes on.
    for (int k = 0; k < 4; ++k) { // lock, store, unlock, post
        const quint32 steps = world.processes[0].steps;
        run->stepProcess(0);
        QTRY_VERIFY_WITH_TIMEOUT(
            run->world().processes[0].steps == steps + 1 && run->ready().contains(0), 20000);
    }
    QCOMPARE(core::Narrator::nextStepLine(run->world(), 1),
             QStringLiteral("next: wait full — goes on: full is 1"));
    run->stop();
    QVERIFY(waitFinished(w, 20000));
}

// What happens in 10 ms at full speed can be watched again slowly: the run's recorded events,
// played into the same model, ending where the live run ended; the window says it is a replay.
void TestMainWindow::everyProcessScriptIsShownSideBySide()
{
    // The Scripts dock: a column per process, each its whole script with its own current
    // line, its state and next step, and its registers; step after step they follow.
    MainWindow w;
    stepBoundedBufferOnce(w);
    if (QTest::currentTestFailed()) return;
    auto *dock = w.findChild<QDockWidget *>(QStringLiteral("scriptsDock"));
    QVERIFY(dock);
    dock->show();
    dock->raise();
    auto *view = w.findChild<ui::ScriptsView *>();
    QVERIFY(view);
    QCOMPARE(view->columns().size(), 2);
    RunController *run = w.controller();
    for (int k = 0; k < 3; ++k) {
        w.renderFrame();
        const core::WorldState &world = run->world();
        for (int i = 0; i < 2; ++i) {
            const ui::ScriptView *c = view->columns()[i];
            QCOMPARE(c->shownInstance(), i);
            QVERIFY2(c->plainText().contains(i == 0 ? QStringLiteral("store slots[$i % 4] = $i")
                                                    : QStringLiteral("load v = slots[$i % 4]")),
                     qPrintable(c->plainText()));
            QCOMPARE(c->highlightedLine(), world.processes[i].line);
            QVERIFY2(c->stateText().contains(core::Narrator::nextStepLine(world, i)),
                     qPrintable(c->stateText()));
        }
        const quint32 steps = run->world().processes[0].steps;
        run->stepProcess(0);
        QTRY_VERIFY_WITH_TIMEOUT(
            run->world().processes[0].steps == steps + 1 && run->ready().contains(0), 20000);
    }
    QVERIFY(view->columns()[0]->highlightedLine() != view->columns()[1]->highlightedLine());
}

void TestMainWindow::theTimelineHasAStepAxis()
{
    // Stepped by hand, most of a run's time is the student's thinking at the gates: on the
    // step axis each step takes one column whatever it lasted, in the order they were told,
    // and data still goes forward from the write to the read.
    MainWindow w;
    stepBoundedBufferOnce(w);
    if (QTest::currentTestFailed()) return;
    RunController *run = w.controller();
    for (int k = 0; k < 6; ++k) { // the producer: lock, store, unlock, post, wait, lock
        const quint32 steps = run->world().processes[0].steps;
        run->stepProcess(0);
        QTRY_VERIFY_WITH_TIMEOUT(
            run->world().processes[0].steps == steps + 1 && run->ready().contains(0), 20000);
    }
    run->stepProcess(1); // the consumer's wait full goes on: the producer posted
    QTRY_VERIFY_WITH_TIMEOUT(run->world().processes[1].steps == 1, 20000);
    auto *timeline = w.findChild<ui::TimelineView *>();
    QVERIFY(timeline);
    auto *axis = w.findChild<QAction *>(QStringLiteral("timelineStepAxis"));
    QVERIFY(axis);
    w.renderFrame();
    axis->setChecked(true);
    QCOMPARE(timeline->axis(), ui::TimelineView::Axis::Steps);
    w.renderFrame();
    const QVector<qint64> &ends = run->timeline().stepTimes();
    QVERIFY2(ends.size() >= 8, qPrintable(QString::number(ends.size())));
    const qreal column = timeline->xForTime(ends[1]) - timeline->xForTime(ends[0]);
    QVERIFY(column > 2);
    for (int k = 1; k + 1 < ends.size(); ++k)
        QVERIFY2(std::abs(timeline->xForTime(ends[k + 1]) - timeline->xForTime(ends[k]) - column) <
                     0.5,
                 qPrintable(QStringLiteral("step %1 is %2 px wide, not %3")
                                .arg(k + 1)
                                .arg(timeline->xForTime(ends[k + 1]) - timeline->xForTime(ends[k]))
                                .arg(column)));
    for (int k = 0; k + 1 < ends.size(); ++k)
        QVERIFY(ends[k] <= ends[k + 1]);
    for (const auto &a : run->timeline().arrows())
        QVERIFY(timeline->xForTime(a.toNs) >= timeline->xForTime(a.fromNs));
    // The wait at the gate before each step (the student's thinking) is folded into the
    // first sixth of its column; the step itself has the rest.
    const QVector<qint64> &begins = run->timeline().stepBeginTimes();
    QCOMPARE(begins.size(), ends.size());
    for (int k = 1; k < ends.size(); ++k)
        QVERIFY(timeline->xForTime(begins[k]) - timeline->xForTime(ends[k - 1]) <=
                ui::TimelineModel::kGateShare * column + 0.5);
    axis->setChecked(false);
    QCOMPARE(timeline->axis(), ui::TimelineView::Axis::Time);
}

void TestMainWindow::aFullSpeedRunCanBeWatchedAgainInSlowMotion()
{
    MainWindow w;
    QVERIFY(runToEnd(w, QStringLiteral("mqueue-priorities")));
    RunController *run = w.controller();
    const core::WorldState live = run->world();
    const qsizetype recorded = run->lastRun().size();
    QVERIFY(recorded > 10);
    QVERIFY(run->canReplayLastRun());
    run->replayLastRun(20); // about 20 times slower than it ran
    QVERIFY(run->isReplayOfLastRun());
    QCOMPARE(run->status(), RunController::Status::Running);
    // Slowly: not everything at once, and it comes to the end on its own.
    QVERIFY(run->eventCount() < quint64(recorded));
    QVERIFY(waitFinished(w, 60000));
    QCOMPARE(run->eventCount(), quint64(recorded));
    for (int i = 0; i < live.processes.size(); ++i) {
        QCOMPARE(run->world().processes[i].steps, live.processes[i].steps);
        QCOMPARE(run->world().processes[i].printed, live.processes[i].printed);
    }
    QVERIFY(run->world().resources[1].own == live.resources[1].own); // its kind's state
    // Run goes live again, and keeps the new run for another replay.
    run->run();
    QTRY_VERIFY_WITH_TIMEOUT(run->status() == RunController::Status::Finished, 30000);
    QVERIFY(!run->isReplay());
    QVERIFY(run->result()->exits.first().pid != 0);
}

void TestMainWindow::replayOfATraceEndsAsTheRecordedRun()
{
    const QString bin = qEnvironmentVariable("IPCSIM_BIN");
    if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    for (const QString &name :
         {QStringLiteral("bounded-buffer"), QStringLiteral("deadlock-two-locks")}) {
        const QString trace = tmp.filePath(name + QStringLiteral(".jsonl"));
        QProcess ipcsim;
        ipcsim.start(bin, {QStringLiteral("run"), name, QStringLiteral("--quiet"),
                           QStringLiteral("--trace"), trace});
        QVERIFY(ipcsim.waitForFinished(30000));

        MainWindow w;
        QVERIFY2(w.openTrace(trace), qPrintable(w.lastError()));
        QVERIFY(w.controller()->isReplay());
        QVERIFY2(waitFinished(w, 30000), "the replay did not end");
        const core::WorldState &world = w.controller()->world();
        const auto result = w.controller()->result();
        QVERIFY(result.has_value());
        if (name == QStringLiteral("bounded-buffer")) {
            QCOMPARE(result->end, core::RunResult::End::Completed);
            for (const core::ProcessState &p : world.processes)
                QCOMPARE(p.exitCode, 0);
            QVERIFY(!world.processes.last().printed.isEmpty());
        } else {
            QCOMPARE(result->end, core::RunResult::End::Deadlock);
            QVERIFY(world.deadlock);
            QCOMPARE(world.deadlockFinding.cycle.size(), 2);
        }
        // Reset rewinds: Run plays it again, no process involved.
        w.controller()->reset();
        QCOMPARE(w.controller()->eventCount(), 0ULL);
        w.run();
        QVERIFY(waitFinished(w, 30000));
        QCOMPARE(w.controller()->world().deadlock, name == QStringLiteral("deadlock-two-locks"));
    }
}

// A trace written before runs were told in causal order can list a read before the write that
// fed it: its replay tells the write first all the same.
void TestMainWindow::anOldTraceIsReplayedCausesFirst()
{
    const QString bin = qEnvironmentVariable("IPCSIM_BIN");
    if (bin.isEmpty()) QSKIP("IPCSIM_BIN is not set");
    QTemporaryDir tmp;
    const QString trace = tmp.filePath(QStringLiteral("pipe-hello.jsonl"));
    QProcess ipcsim;
    ipcsim.start(bin, {QStringLiteral("run"), QStringLiteral("pipe-hello"),
                       QStringLiteral("--quiet"), QStringLiteral("--trace"), trace});
    QVERIFY(ipcsim.waitForFinished(30000));
    // Move the reader's first read (its end) before the writer's first write ends.
    QFile f(trace);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QList<QByteArray> lines = f.readAll().split('\n');
    f.close();
    auto find = [&](const char *proc, const char *op) {
        for (int i = 0; i < lines.size(); ++i)
            if (lines[i].contains(QByteArray("\"proc\": \"") + proc) &&
                lines[i].contains(QByteArray("\"op\": \"") + op) && lines[i].contains("\"end\""))
                return i;
        return -1;
    };
    const int write = find("writer", "write"), read = find("reader", "read");
    QVERIFY(write > 0 && read > write);
    lines.move(read, write);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(lines.join('\n'));
    f.close();

    MainWindow w;
    QVERIFY2(w.openTrace(trace), qPrintable(w.lastError()));
    QVERIFY2(waitFinished(w, 30000), "the replay did not end");
    const QStringList said = w.narrationView()->sentences();
    auto at = [&](const QString &start) {
        for (int i = 0; i < said.size(); ++i)
            if (said[i].startsWith(start)) return i;
        return -1;
    };
    const int wrote = at(QStringLiteral("writer wrote \"Hello\"")),
              got = at(QStringLiteral("reader read 5 bytes from pipe1: \"Hello\""));
    QVERIFY2(wrote >= 0 && got > wrote, qPrintable(said.join('\n')));
}

void TestMainWindow::windowAndItsLessonFitASmallScreen()
{
    // The offscreen platform's screen is 800 x 600, smaller than a projector's 1024 x 768: the
    // window must fit it, and the lesson text must stay whole (scrolling), not be cut.
    QSettings settings;
    settings.remove(QStringLiteral("window/geometry"));
    settings.remove(QStringLiteral("window/state"));
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QRect avail = w.screen()->availableGeometry();
    QVERIFY2(w.frameGeometry().width() <= avail.width() &&
                 w.frameGeometry().height() <= avail.height(),
             qPrintable(QStringLiteral("window %1 x %2 on a screen of %3 x %4")
                            .arg(w.frameGeometry().width())
                            .arg(w.frameGeometry().height())
                            .arg(avail.width())
                            .arg(avail.height())));
    QVERIFY(w.openScenario(QStringLiteral("dining-philosophers"))); // a long lesson
    QTRY_VERIFY2(w.narrationView()->lessonReadable(), "the lesson text is cut off");
}

void TestMainWindow::longScriptLinesWrapInANarrowDock()
{
    // bounded-buffer's producer explains its lines in comments, far to the right: in a narrow
    // script dock they wrap onto the next line instead of running off the edge.
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    ui::ScriptView view;
    view.setScenario(w.controller()->scenario());
    view.resize(320, 320);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QTRY_VERIFY2(view.showsWholeLines(), "a line runs past the right edge");
}

void TestMainWindow::presentationModeEnlargesTheScriptAndTheLesson()
{
    // For a room: the script and the lesson grow with the rest of the window's text, and come
    // back to the desk size after. The lesson box has a style sheet, which used to keep it small.
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QVERIFY(w.openScenario(QStringLiteral("bounded-buffer")));
    const qreal lesson = w.narrationView()->lessonFont().pointSizeF();
    const qreal script = w.scriptView()->textFont().pointSizeF();
    w.setPresentationMode(true);
    QTRY_VERIFY2(w.narrationView()->lessonFont().pointSizeF() >= lesson * 1.3,
                 qPrintable(QString::number(w.narrationView()->lessonFont().pointSizeF())));
    QVERIFY(w.scriptView()->textFont().pointSizeF() >= script * 1.3);
    QTRY_VERIFY_WITH_TIMEOUT(w.narrationView()->lessonReadable(), 20000);
    w.setPresentationMode(false);
    QTRY_COMPARE_WITH_TIMEOUT(w.narrationView()->lessonFont().pointSizeF(), lesson, 20000);
    QCOMPARE(w.scriptView()->textFont().pointSizeF(), script);
}

void TestMainWindow::aWindowLeftInPresentationModeDoesNotEnlargeTheNext()
{
    // A window destroyed while in presentation mode (not closed) gave the application its
    // enlarged font; the next window took that for its normal size and enlarged it again.
    const qreal normal = QApplication::font().pointSizeF();
    for (int i = 0; i < 2; ++i) {
        MainWindow w;
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.setPresentationMode(true);
        QVERIFY(QApplication::font().pointSizeF() > normal * 1.3);
    }
    QCOMPARE(QApplication::font().pointSizeF(), normal);
    MainWindow w;
    QVERIFY(!ui::Theme::presentation());
}

void TestMainWindow::aPipeFedByAProgramIsToldWholeWhileSomeoneWaits()
{
    // A program writes the pipe (the kernel counts its bytes), a script waits to read it: the
    // pipe's node says both, whole, on a projector ("0 bytes in from a program · 0 byt…" was
    // cut to one line when the waiting line took the node's last one). The program writes only
    // after a minute, so that the reader still waits however slowly the run starts (under ASan
    // on a loaded machine, more than the 3 s it once slept); Stop ends it.
    QTemporaryDir dir;
    const QString path = writeScenario(
        dir,
        "{\"format\": 1, \"title\": \"Fed by a program\","
        " \"resources\": [{\"name\": \"out\", \"type\": \"pipe\"}],"
        " \"processes\": [{\"name\": \"late\", \"exec\": [\"sh\", \"-c\", \"sleep 60; echo hi\"],"
        " \"stdout\": \"out\"}, {\"name\": \"reader\", \"script\": \"read out 64 -> t\"}]}");
    QVERIFY(!path.isEmpty());
    MainWindow w;
    w.setAskBeforeExec(false);
    showOnProjector(w);
    if (QTest::currentTestFailed()) return;
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    w.setSpeedPercent(100);
    w.run();
    test::PaintedText shown;
    auto told = [&w, &shown] {
        w.renderFrame();
        shown = test::smallestText(w.view());
        const QString all = shown.all.join(QLatin1Char(' '));
        return all.contains(QStringLiteral("waiting: reader")) &&
               all.contains(QStringLiteral("from a program"));
    };
    QTRY_VERIFY_WITH_TIMEOUT(told(), 20000);
    QVERIFY2(shown.cut.isEmpty(), qPrintable(shown.cut.join(QStringLiteral(" | "))));
    QVERIFY2(shown.points >= 9.0, qPrintable(shown.text));
    w.controller()->stop();
}

void TestMainWindow::aCellsLastTouchIsNeverCut()
{
    // One cell stored by one process and loaded by another, both with long names: the line
    // under the cells says who, in the words that fit ("[0] = 1 · car_number_four stored,
    // car_number_four loaded" was cut at "car_number_fo…" in parking-semaphore's narrow node).
    QTemporaryDir dir;
    const QString path =
        writeScenario(dir, "{\"format\": 1, \"title\": \"Long names\","
                           " \"resources\": [{\"name\": \"m\", \"type\": \"shm\", \"cells\": 1},"
                           " {\"name\": \"s\", \"type\": \"semaphore\"}],"
                           " \"processes\": [{\"name\": \"writer_number_000001\","
                           " \"script\": \"store m[0] = 1\\npost s\"},"
                           " {\"name\": \"reader_number_000001\","
                           " \"script\": \"wait s\\nload x = m[0]\"}]}");
    test::PaintedText shown;
    paintedAtTheEnd(path, &shown);
    if (QTest::currentTestFailed()) return;
    const QString all = shown.all.join(QLatin1Char(' '));
    QVERIFY2(all.contains(QStringLiteral("[0] = 1")), qPrintable(all));
    // (A process's title longer than its node is shortened with "…", as its own rule says.)
    for (const QString &cut : shown.cut)
        QVERIFY2(!cut.startsWith(QLatin1Char('[')) && !cut.contains(QStringLiteral(" stor")) &&
                     !cut.contains(QStringLiteral(" load")),
                 qPrintable(QStringLiteral("cut: ") + cut));
}

void TestMainWindow::aDeadOwnersLineIsNeverCut()
{
    // The owner of a robust mutex dies holding it: the line under "held by holder, who died"
    // says what the next lock gets, in the words that fit ("next lock: EOWNERDEAD, then made
    // consistent" was always cut to "next lock: EOWNE…"; the projector test saw it only when a
    // batch ended there, on a loaded machine).
    QTemporaryDir dir;
    const QString path = writeScenario(
        dir, "{\"format\": 1, \"title\": \"Died holding it\","
             " \"resources\": [{\"name\": \"m\", \"type\": \"mutex\"}],"
             " \"processes\": [{\"name\": \"holder\", \"script\": \"lock m\\ncrash\"}]}");
    test::PaintedText shown;
    paintedAtTheEnd(path, &shown);
    if (QTest::currentTestFailed()) return;
    const QString all = shown.all.join(QLatin1Char(' '));
    QVERIFY2(all.contains(QStringLiteral("EOWNERDEAD")), qPrintable(all));
    for (const QString &cut : shown.cut)
        QVERIFY2(!cut.startsWith(QStringLiteral("next")) &&
                     !cut.startsWith(QStringLiteral("held by")),
                 qPrintable(QStringLiteral("cut: ") + cut));
}

void TestMainWindow::aStoppedProcessIsDrawnStoppedUntilSigcont()
{
    // writer stops reader (SIGSTOP) and feeds it; the node, the timeline and the narration say
    // it is stopped, not blocked, until a SIGCONT from outside (the test's) lets it go on.
    QTemporaryDir dir;
    const QString path = writeScenario(
        dir, "{\"format\": 1, \"title\": \"Stopped\","
             " \"resources\": [{\"name\": \"p\", \"type\": \"pipe\"}],"
             " \"processes\": [{\"name\": \"reader\", \"script\": \"read p 5 -> x\\nprint x\\n\"},"
             " {\"name\": \"writer\", \"script\": \"sleep 100\\nsignal reader SIGSTOP\\n"
             "write p \\\"hello\\\"\\n\"}]}");
    QVERIFY(!path.isEmpty());
    MainWindow w;
    showOnProjector(w);
    if (QTest::currentTestFailed()) return;
    QVERIFY2(w.openScenario(path), qPrintable(w.lastError()));
    w.setSpeedPercent(100);
    w.run();
    const ui::ProcessItem *reader = w.scene()->processItem(0);
    QTRY_VERIFY_WITH_TIMEOUT(reader->stateText().startsWith(QStringLiteral("STOPPED by SIGSTOP")),
                             20000);
    w.renderFrame();
    const test::PaintedText shown = test::smallestText(w.view());
    QVERIFY2(shown.all.join(QLatin1Char(' ')).contains(QStringLiteral("STOPPED by SIGSTOP")),
             qPrintable(shown.all.join(QStringLiteral(" | "))));
    QVERIFY2(shown.all.contains(QStringLiteral("waits for SIGCONT")),
             qPrintable(shown.all.join(QStringLiteral(" | "))));
    QVERIFY2(shown.cut.isEmpty(), qPrintable(shown.cut.join(QStringLiteral(" | "))));
    QVERIFY2(shown.points >= 9.0, qPrintable(shown.text));
    const auto &lane = w.controller()->timeline().lanes().at(0);
    QVERIFY(!lane.segments.isEmpty());
    QCOMPARE(lane.segments.last().state, ui::TimelineModel::LaneState::Stopped);
    auto saidAt = [&w](const QString &part) {
        const QStringList said = w.narrationView()->sentences();
        for (int i = 0; i < said.size(); ++i)
            if (said[i].contains(part)) return i;
        return -1;
    };
    QVERIFY(saidAt(QStringLiteral("reader is stopped by SIGSTOP")) >= 0);

    // The writer has ended; nothing of the scenario will send SIGCONT: no deadlock.
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->world().processes[1].state == core::ProcState::Exited,
                             20000);
    QVERIFY(!w.controller()->world().deadlock);
    QVERIFY(reader->state().stopped());
    QCOMPARE(::kill(reader->state().pid, SIGCONT), 0);
    QVERIFY(waitFinished(w, 20000));
    QCOMPARE(w.controller()->world().processes[0].printed, QStringList{QStringLiteral("hello")});
    QCOMPARE(w.controller()->world().processes[0].exitCode, 0);
    QVERIFY(!reader->state().stopped());
    const int stopped = saidAt(QStringLiteral("reader is stopped by SIGSTOP"));
    const int continued = saidAt(QStringLiteral("reader got SIGCONT"));
    QVERIFY2(continued > stopped, qPrintable(w.narrationView()->sentences().join(u'\n')));
}

void TestMainWindow::aBlockedProcessNamesTheCallItSleepsIn_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("op");
    QTest::addColumn<QString>("call");
    QTest::newRow("barrier") << "barrier-phases" << int(core::Op::Arrive) << "pthread_barrier_wait";
    QTest::newRow("mutex") << "mutex-counter" << int(core::Op::Lock) << "pthread_mutex_lock";
}

void TestMainWindow::aBlockedProcessNamesTheCallItSleepsIn()
{
    // A process the kernel confirms asleep says in which call, on the projector too: with the
    // longest calls ("pthread_barrier_wait") the node said only "BLOCKED in the kernel".
    QFETCH(QString, name);
    QFETCH(int, op);
    QFETCH(QString, call);
    MainWindow w;
    showOnProjector(w);
    if (QTest::currentTestFailed()) return;
    QVERIFY2(w.openScenario(name), qPrintable(w.lastError()));
    QVERIFY(w.setScheduleText(QStringLiteral("round-robin")));
    RunController *run = w.controller();
    auto blocked = [run, op] {
        for (const auto &p : run->world().processes)
            if (p.state == core::ProcState::Blocked && int(p.op) == op) return true;
        return false;
    };
    auto steps = [run] {
        quint32 n = 0;
        for (const auto &p : run->world().processes)
            n += p.steps;
        return n;
    };
    // One step at a time, by the schedule, until one sleeps in the call.
    for (int i = 0; i < 40 && !blocked(); ++i) {
        const quint32 before = steps();
        run->step();
        QTRY_VERIFY_WITH_TIMEOUT(blocked() || (steps() > before && !run->ready().isEmpty()), 20000);
    }
    QTRY_VERIFY_WITH_TIMEOUT(blocked(), 20000);
    w.renderFrame();
    const test::PaintedText shown = test::smallestText(w.view());
    QVERIFY2(shown.all.join(QLatin1Char(' ')).contains(call),
             qPrintable(QStringLiteral("no \"%1\" in: %2").arg(call, shown.all.join(" | "))));
    QVERIFY2(shown.points >= 9.0, qPrintable(shown.text));
}

void TestMainWindow::scheduleBoxShowsTheScenariosOwnListAndLetsItGo()
{
    // deadlock-two-locks runs alice, bob, ... from its file: the box says so (it said "free"),
    // and choosing another entry really changes the schedule (the list used to stay).
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("deadlock-two-locks")));
    auto *box = w.findChild<QComboBox *>(QStringLiteral("scheduleBox"));
    QVERIFY(box);
    QVERIFY2(box->currentText().contains(QStringLiteral("alice, bob")),
             qPrintable(box->currentText()));
    QCOMPARE(w.controller()->schedule().kind, core::Schedule::List);
    box->setCurrentIndex(box->findData(QStringLiteral("free")));
    QCOMPARE(w.controller()->schedule().kind, core::Schedule::Free);
    box->setCurrentIndex(box->findData(QStringLiteral("list")));
    QCOMPARE(w.controller()->schedule().kind, core::Schedule::List);
    // Another scenario without a list of its own: the entry is gone.
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    QCOMPARE(box->findData(QStringLiteral("list")), -1);
    QCOMPARE(w.controller()->schedule().kind, core::Schedule::Free);
}

void TestMainWindow::socketCountsConnectionsAndTheirOpenEnds_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("connections");
    // unix-echo: one client; its server never closes, its exit does. tcp-echo: two clients,
    // each end closed by close.
    QTest::newRow("unix-echo") << QStringLiteral("unix-echo") << 1;
    QTest::newRow("tcp-echo") << QStringLiteral("tcp-echo") << 2;
}

void TestMainWindow::socketCountsConnectionsAndTheirOpenEnds()
{
    // A connection is one connect and the accept that takes it: it used to count as two, and
    // to stay on the socket after both ends were closed.
    QFETCH(QString, name);
    QFETCH(int, connections);
    MainWindow w;
    QVERIFY(runToEnd(w, name));
    const core::WorldState &world = w.controller()->world();
    int sockets = 0;
    for (const core::ResourceState &r : world.resources) {
        if (r.type != core::ResourceType::Socket) continue;
        QCOMPARE(core::kinds::socket::stateOf(r).connections, connections);
        QCOMPARE(core::kinds::socket::stateOf(r).openEnds(), 0);
        ++sockets;
    }
    QCOMPARE(sockets, 1);
}

void TestMainWindow::diagramLaysOutInRowsWhenTheViewIsTall()
{
    // pipe-hello in a tall view (a projector's, with the side docks): writer above the pipe
    // above the reader, drawn far larger than the same row of three squeezed in; in a wide view
    // the columns again; and a diagram the user has rearranged keeps its shape.
    MainWindow w;
    QVERIFY(w.openScenario(QStringLiteral("pipe-hello")));
    ui::DiagramScene *scene = w.scene();
    scene->setViewSize(QSizeF(700, 650), 2.0);
    QCOMPARE(scene->orientation(), ui::DiagramScene::Orientation::Rows);
    const QRectF writer = scene->processItem(0)->sceneBoundingRect();
    const QRectF pipe = scene->resourceItem(0)->sceneBoundingRect();
    const QRectF reader = scene->processItem(1)->sceneBoundingRect();
    QCOMPARE(scene->processItem(0)->title(), QStringLiteral("writer"));
    QVERIFY(writer.bottom() < pipe.top() && pipe.bottom() < reader.top());
    QVERIFY(scene->sceneRect().contains(reader));
    scene->setViewSize(QSizeF(1400, 500), 1.25);
    QCOMPARE(scene->orientation(), ui::DiagramScene::Orientation::Columns);
    QVERIFY(scene->processItem(0)->sceneBoundingRect().right() <
            scene->resourceItem(0)->sceneBoundingRect().left());
    // Dragged by hand: it stays where it was put.
    const QPointF moved = scene->processItem(0)->pos() + QPointF(0, 300);
    scene->processItem(0)->setPos(moved);
    scene->setViewSize(QSizeF(700, 650), 2.0);
    QCOMPARE(scene->orientation(), ui::DiagramScene::Orientation::Columns);
    QCOMPARE(scene->processItem(0)->pos(), moved);
}

void TestMainWindow::aRingOfProcessesIsDrawnAsARing()
{
    // Philosophers round the table with a fork between each two: going round the middle,
    // philosopher and fork alternate, and each philosopher sits between the two forks it uses.
    for (const QString &name :
         {QStringLiteral("dining-philosophers"), QStringLiteral("dining-philosophers-ordered")}) {
        for (const QSizeF view : {QSizeF(950, 560), QSizeF(718, 645)}) {
            MainWindow w;
            QVERIFY(w.openScenario(name));
            ui::DiagramScene *scene = w.scene();
            scene->setViewSize(view, 2.0);
            QCOMPARE(scene->orientation(), ui::DiagramScene::Orientation::Ring);
            QList<const ui::DiagramItem *> ring;
            for (int i = 0; i < scene->processCount(); ++i)
                ring << scene->processItem(i);
            for (int r = 0; r < scene->resourceCount(); ++r)
                if (scene->resourceItem(r)->title().startsWith(QLatin1String("fork")))
                    ring << scene->resourceItem(r);
            QCOMPARE(ring.size(), 10);
            QPointF middle;
            for (const ui::DiagramItem *n : std::as_const(ring))
                middle += n->sceneBoundingRect().center() / ring.size();
            auto angle = [&](const ui::DiagramItem *n) {
                const QPointF d = n->sceneBoundingRect().center() - middle;
                return std::atan2(d.y(), d.x());
            };
            std::sort(ring.begin(), ring.end(),
                      [&](auto *a, auto *b) { return angle(a) < angle(b); });
            auto uses = [&](const ui::DiagramItem *p, const ui::DiagramItem *r) {
                for (const ui::EdgeItem *e : scene->edges())
                    if ((e->processItem() == p && e->resourceItem() == r) ||
                        (e->processItem() == r && e->resourceItem() == p))
                        return true;
                return false;
            };
            for (int k = 0; k < ring.size(); ++k) {
                const ui::DiagramItem *a = ring[k], *b = ring[(k + 1) % ring.size()];
                QVERIFY2(a->type() != b->type() && uses(a, b),
                         qPrintable(
                             QStringLiteral("%1: %2 beside %3").arg(name, a->title(), b->title())));
            }
        }
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
