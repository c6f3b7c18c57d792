#include "mainwindow.h"

#include "chartsview.h"
#include "diagramitem.h"
#include "diagramscene.h"
#include "diagramview.h"
#include "engine/session.h"
#include "eventlogview.h"
#include "gallerydialog.h"
#include "inspectorview.h"
#include "model/expectations.h"
#include "narrationview.h"
#include "processitem.h"
#include "referencedialog.h"
#include "scenariocatalog.h"
#include "scriptsview.h"
#include "scriptview.h"
#include "story/narrator.h"
#include "theme.h"
#include "timelineview.h"
#include "trace/tracereader.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QSlider>
#include <QSpinBox>
#include <QStatusBar>
#include <QStyle>
#include <QSvgGenerator>
#include <QToolBar>
#include <QVBoxLayout>
#include <utility>

namespace ipcsim::ui {

using Status = RunController::Status;

namespace {
constexpr int kFrameMs = 33;  // ~30 frames per second, whatever the event rate
constexpr int kChartMs = 100; // as often as the kernel is sampled
constexpr int kMaxRecent = 8;
constexpr int kSlowestMs = 2000; // slow motion: one step every two seconds

// 1400 x 900 where there is room. A smaller screen (a classroom projector's 1024 x 768) gets
// the window maximized to what it offers, frame included, instead of running off its edges.
constexpr QSize kDefaultSize(1400, 900);
QSize initialSize()
{
    const QScreen *sc = QGuiApplication::primaryScreen();
    return sc ? kDefaultSize.boundedTo(sc->availableGeometry().size()) : kDefaultSize;
}

int delayForSlider(int v)
{
    // Quadratic, so the slow end has room for fine choices; 100 is full speed.
    const qreal f = 1.0 - v / 100.0;
    return int(kSlowestMs * f * f);
}
} // namespace

// The status bar's line: cut with "…" where the window is too narrow for it (a projector, or
// presentation mode's larger font), never in the middle of a word; the whole line is its tooltip.
class ElidedLabel : public QLabel
{
public:
    explicit ElidedLabel(QWidget *parent) : QLabel(parent)
    {
        setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    }
    void setFullText(const QString &text)
    {
        m_full = text;
        setToolTip(text);
        elide();
    }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        elide();
    }
    void changeEvent(QEvent *event) override
    {
        QLabel::changeEvent(event);
        if (event->type() == QEvent::FontChange) elide();
    }

private:
    void elide() { setText(fontMetrics().elidedText(m_full, Qt::ElideRight, width())); }
    QString m_full;
};

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    m_run = new RunController(this);
    m_scene = new DiagramScene(this);
    m_view = new DiagramView(this);
    m_view->setScene(m_scene);
    setCentralWidget(m_view);
    m_normalFontSize = QApplication::font().pointSizeF();

    buildDocks();
    buildActions();

    connect(m_run, &RunController::statusChanged, this, &MainWindow::onStatus);
    connect(m_run, &RunController::eventsApplied, this, &MainWindow::onEvents);
    connect(m_run, &RunController::finished, this, &MainWindow::onFinished);
    connect(m_run, &RunController::worldReset, this, &MainWindow::onWorldReset);
    connect(m_run, &RunController::nextChanged, this, [this] {
        m_scene->setReady(m_run->waitsForUser() ? m_run->ready() : QList<int>(), m_run->next());
    });
    connect(m_run, &RunController::readyChanged, this, [this](const QList<int> &ready) {
        m_scene->setReady(m_run->waitsForUser() ? ready : QList<int>(), m_run->next());
        if (!ready.isEmpty() && m_run->status() == Status::Paused)
            m_statusText->setFullText(
                tr("Your turn: click a READY process to release its next step, or press Step."));
    });
    connect(m_scene, &DiagramScene::processClicked, this, &MainWindow::onProcessClicked);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        if (DiagramItem *d = m_scene->selectedDiagramItem();
            d && d->type() == DiagramItem::ProcessType)
            m_script->showInstance(d->index());
        updateInspector();
    });

    m_frameTimer.setInterval(kFrameMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &MainWindow::renderFrame);
    m_frameTimer.start();
    m_chartTimer.setInterval(kChartMs);
    connect(&m_chartTimer, &QTimer::timeout, this, [this] {
        if (m_run->status() == Status::Running || m_run->status() == Status::Paused)
            m_charts->sample(m_run->world(), m_run->levels());
    });
    m_chartTimer.start();

    QSettings settings;
    resize(initialSize());
    if (initialSize() != kDefaultSize) setWindowState(Qt::WindowMaximized);
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_speed->setValue(settings.value(QStringLiteral("run/speed"), 60).toInt());
    rebuildRecentMenu();
    applySpeed();
    onStatus(Status::Idle);
    updateTitle();
}

MainWindow::~MainWindow()
{
    // The scene outlives this part of the window's destruction and clears its selection as
    // its items go: nothing of the half-destroyed window may hear of it.
    m_scene->disconnect(this);
    m_frameTimer.stop();
    m_chartTimer.stop();
    // Presentation mode enlarged the application's font and the diagram's: a window destroyed
    // without being closed leaves them as they were before it, not to the next window.
    if (Theme::presentation()) setLargeText(false);
}

void MainWindow::setLargeText(bool on)
{
    Theme::setPresentation(on);
    QFont f = QApplication::font();
    f.setPointSizeF(on ? m_normalFontSize * 1.35 : m_normalFontSize);
    QApplication::setFont(f);
}

void MainWindow::buildDocks()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *w,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(w);
        addDockWidget(area, d);
        m_docks << d;
        return d;
    };
    m_script = new ScriptView(this);
    m_scripts = new ScriptsView(this);
    m_narration = new NarrationView(this);
    m_log = new EventLogView(this);
    m_inspector = new InspectorView(this);
    m_charts = new ChartsView(this);
    m_timeline = new TimelineView(this);
    m_timeline->setModel(&m_run->timeline());
    // The timeline with its own small toolbar: follow the run, zoom, the whole run.
    auto *timelineBox = new QWidget(this);
    auto *timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->setSpacing(0);
    auto *timelineBar = new QToolBar(timelineBox);
    timelineBar->setIconSize(QSize(14, 14));
    timelineBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QAction *follow = timelineBar->addAction(tr("Follow live"));
    follow->setCheckable(true);
    follow->setChecked(true);
    follow->setToolTip(tr("Keep the latest moment in view"));
    connect(follow, &QAction::toggled, m_timeline, &TimelineView::setFollowLive);
    connect(m_timeline, &TimelineView::followLiveChanged, follow, &QAction::setChecked);
    timelineBar->addAction(tr("Zoom in"), m_timeline, [this] { m_timeline->zoomBy(2.0); })
        ->setToolTip(tr("Zoom in on time (or Ctrl+wheel over the lanes)"));
    timelineBar->addAction(tr("Zoom out"), m_timeline, [this] { m_timeline->zoomBy(0.5); });
    timelineBar->addAction(tr("Whole run"), m_timeline, [this] { m_timeline->fitAll(); })
        ->setToolTip(tr("Fit the whole run into the width"));
    QAction *steps = timelineBar->addAction(tr("One column a step"));
    steps->setObjectName(QStringLiteral("timelineStepAxis"));
    steps->setCheckable(true);
    steps->setToolTip(tr("Steps along the axis, one column each, in causal order, instead of "
                         "time: the time spent waiting at a gate for the pace or for you takes "
                         "no room"));
    connect(steps, &QAction::toggled, m_timeline, [this](bool on) {
        m_timeline->setAxis(on ? TimelineView::Axis::Steps : TimelineView::Axis::Time);
    });
    timelineLayout->addWidget(timelineBar);
    timelineLayout->addWidget(m_timeline, 1);
    QDockWidget *script =
        dock(tr("Script"), QStringLiteral("scriptDock"), m_script, Qt::RightDockWidgetArea);
    QDockWidget *narr = dock(tr("Narration"), QStringLiteral("narrationDock"), m_narration,
                             Qt::RightDockWidgetArea);
    m_timelineDock =
        dock(tr("Timeline"), QStringLiteral("timelineDock"), timelineBox, Qt::BottomDockWidgetArea);
    QDockWidget *log =
        dock(tr("Event log"), QStringLiteral("eventLogDock"), m_log, Qt::BottomDockWidgetArea);
    QDockWidget *insp = dock(tr("Inspector"), QStringLiteral("inspectorDock"), m_inspector,
                             Qt::BottomDockWidgetArea);
    QDockWidget *charts =
        dock(tr("Charts"), QStringLiteral("chartsDock"), m_charts, Qt::BottomDockWidgetArea);
    QDockWidget *scripts = dock(tr("Scripts side by side"), QStringLiteral("scriptsDock"),
                                m_scripts, Qt::BottomDockWidgetArea);
    splitDockWidget(script, narr, Qt::Vertical);
    tabifyDockWidget(m_timelineDock, log);
    tabifyDockWidget(log, insp);
    tabifyDockWidget(insp, charts);
    tabifyDockWidget(charts, scripts);
    m_timelineDock->raise();
    resizeDocks({script, narr}, {420, 420}, Qt::Vertical);
    // The script and narration column: 430 pixels, less on a narrow screen, where the diagram
    // needs the room more.
    resizeDocks({script}, {std::clamp(initialSize().width() * 3 / 10, 300, 430)}, Qt::Horizontal);
    resizeDocks({m_timelineDock}, {230}, Qt::Vertical);
}

void MainWindow::buildActions()
{
    QStyle *st = style();
    // File
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *gallery = file->addAction(tr("&Lessons…"), this, &MainWindow::openGallery);
    gallery->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    QAction *open = file->addAction(st->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"),
                                    this, &MainWindow::openFileDialog);
    open->setShortcut(QKeySequence::Open);
    m_recentMenu = file->addMenu(tr("Open &recent"));
    file->addSeparator();
    file->addAction(tr("Open &trace…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Replay a trace"), QString(), tr("ipcsim traces (*.jsonl);;All files (*)"));
        if (!path.isEmpty()) openTrace(path);
    });
    file->addAction(tr("Export diagram as &SVG…"), this, [this] { exportDialog(true); });
    file->addAction(tr("Export diagram as &PNG…"), this, [this] { exportDialog(false); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    // Run
    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    m_actRun = runMenu->addAction(st->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this,
                                  &MainWindow::run);
    m_actRun->setToolTip(tr("Run the scenario (Space)"));
    m_actPause = runMenu->addAction(st->standardIcon(QStyle::SP_MediaPause), tr("Pause"), m_run,
                                    &RunController::pause);
    m_actPause->setToolTip(tr("Pause: every process stops at its next gate (Space)"));
    m_actStep = runMenu->addAction(st->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"), this,
                                   &MainWindow::step);
    m_actStep->setShortcuts({QKeySequence(Qt::Key_Right), QKeySequence(Qt::Key_N)});
    m_actStep->setToolTip(tr("Release one step, to the process the schedule picks (Right or N)"));
    m_actStop = runMenu->addAction(st->standardIcon(QStyle::SP_MediaStop), tr("Stop"), m_run,
                                   &RunController::stop);
    m_actStop->setShortcut(QKeySequence(Qt::Key_Escape));
    m_actStop->setToolTip(tr("Stop: kill every process and clean up (Esc)"));
    m_actReset = runMenu->addAction(st->standardIcon(QStyle::SP_BrowserReload), tr("Reset"), m_run,
                                    &RunController::reset);
    m_actReset->setToolTip(tr("Back to the start, ready to run again"));
    runMenu->addSeparator();
    m_actRunPause = runMenu->addAction(tr("Run / pause"), this, &MainWindow::runOrPause);
    m_actRunPause->setShortcut(QKeySequence(Qt::Key_Space));
    for (QAction *a : {m_actRun, m_actPause, m_actStep, m_actStop, m_actReset, m_actRunPause})
        a->setShortcutContext(Qt::WindowShortcut);
    m_actSlowReplay = runMenu->addAction(tr("&Watch the last run in slow motion"), this,
                                         &MainWindow::replayLastRunSlowly);
    m_actSlowReplay->setToolTip(tr("Play the run that just ended again from its recorded events, "
                                   "slowed down to about 15 seconds: no process runs"));
    m_actSlowReplay->setEnabled(false);
    runMenu->addSeparator();
    m_actOneCpu = runMenu->addAction(tr("All processes on &one CPU"));
    m_actOneCpu->setCheckable(true);
    m_actOneCpu->setToolTip(
        tr("From the next run, every process shares CPU 0, as on a single-core machine: a "
           "spinning process then burns its whole time slice while the holder waits"));
    connect(m_actOneCpu, &QAction::toggled, this,
            [this](bool on) { setCpusText(on ? QStringLiteral("0") : QString()); });

    // View
    QMenu *viewMenu = menuBar()->addMenu(tr("&View"));
    m_actPresentation = viewMenu->addAction(tr("&Presentation mode"), this,
                                            [this](bool on) { setPresentationMode(on); });
    m_actPresentation->setCheckable(true);
    m_actPresentation->setShortcut(QKeySequence(Qt::Key_F11));
    viewMenu->addAction(tr("Zoom &in"), this, [this] { m_view->zoomBy(1.2); })
        ->setShortcut(QKeySequence::ZoomIn);
    viewMenu->addAction(tr("Zoom &out"), this, [this] { m_view->zoomBy(1 / 1.2); })
        ->setShortcut(QKeySequence::ZoomOut);
    viewMenu->addAction(tr("&Fit diagram"), this, [this] { m_view->fitAll(); })
        ->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    viewMenu->addSeparator();
    for (QDockWidget *d : std::as_const(m_docks))
        viewMenu->addAction(d->toggleViewAction());

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *reference = helpMenu->addAction(tr("Scenario &format reference"), this,
                                             [this] { showFormatReference(); });
    reference->setObjectName(QStringLiteral("actFormatReference"));
    reference->setShortcut(QKeySequence::HelpContents);

    // Toolbar
    QToolBar *tb = addToolBar(tr("Controls"));
    tb->setObjectName(QStringLiteral("controlsToolBar"));
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(m_actRun);
    tb->addAction(m_actPause);
    tb->addAction(m_actStep);
    tb->addAction(m_actStop);
    tb->addAction(m_actReset);
    tb->addSeparator();
    tb->addWidget(new QLabel(tr(" Speed "), tb));
    m_speed = new QSlider(Qt::Horizontal, tb);
    m_speed->setRange(0, 100);
    m_speed->setFixedWidth(150);
    m_speed->setToolTip(tr("From slow motion (one step every 2 s) to full speed"));
    tb->addWidget(m_speed);
    m_speedLabel = new QLabel(tb);
    fitSpeedLabel();
    tb->addWidget(m_speedLabel);
    connect(m_speed, &QSlider::valueChanged, this, &MainWindow::applySpeed);
    // Who runs next, and the clock: a toolbar of their own, which goes to a second row when the
    // window is too narrow for both (1024 px in presentation mode) rather than behind a ».
    tb = m_scheduleBar = addToolBar(tr("Schedule"));
    tb->setObjectName(QStringLiteral("scheduleToolBar"));
    tb->addWidget(new QLabel(tr(" Schedule "), tb));
    m_schedule = new QComboBox(tb);
    m_schedule->setObjectName(QStringLiteral("scheduleBox"));
    m_schedule->addItem(tr("free (processes run on their own)"), QStringLiteral("free"));
    m_schedule->addItem(tr("round-robin (one step at a time)"), QStringLiteral("round-robin"));
    m_schedule->addItem(tr("random, seeded"), QStringLiteral("random"));
    m_schedule->setToolTip(
        tr("Who runs next. In a step schedule, you can also click a READY process."));
    m_schedule->setSizeAdjustPolicy(QComboBox::AdjustToContents); // whole names, at any size
    tb->addWidget(m_schedule);
    m_seed = new QSpinBox(tb);
    m_seed->setRange(0, 999999);
    m_seed->setValue(1);
    m_seed->setPrefix(tr("seed "));
    tb->addWidget(m_seed);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, &MainWindow::applySchedule);
    connect(m_seed, &QSpinBox::valueChanged, this, &MainWindow::applySchedule);
    tb->addSeparator();
    m_clock = new QLabel(tb);
    m_clock->setMinimumWidth(90);
    m_clock->setToolTip(tr("Time since the run started (monotonic clock)"));
    tb->addWidget(m_clock);

    m_statusText = new ElidedLabel(this);
    statusBar()->addWidget(m_statusText, 1);
    m_cpusText = new QLabel(this);
    m_cpusText->setToolTip(tr("Run → All processes on one CPU, or --cpus"));
    m_cpusText->hide();
    statusBar()->addPermanentWidget(m_cpusText);
}

bool MainWindow::openTrace(const QString &path)
{
    core::TraceReader reader;
    if (!reader.readFile(path)) {
        m_lastError = reader.errorString();
        if (isVisible()) QMessageBox::warning(this, tr("Cannot open the trace"), m_lastError);
        return false;
    }
    m_lastError.clear();
    setScenario(reader.scenario(), path);
    m_run->replay(reader.events());
    setWindowTitle(
        tr("%1 (replay of %2)")
            .arg(QString::fromStdString(reader.scenario().title), QFileInfo(path).fileName()));
    m_statusText->setFullText(tr("Replaying a recorded run: no process is running."));
    return true;
}

bool MainWindow::openScenario(const QString &fileOrName)
{
    const core::LoadResult r = ScenarioCatalog::load(fileOrName);
    if (!r.ok()) {
        m_lastError = ScenarioCatalog::errorText(r);
        // Beside the file's text, with the lines in error marked; no box to dismiss.
        QString text;
        if (QFile f(fileOrName); QFileInfo(fileOrName).isFile() && f.open(QIODevice::ReadOnly))
            text = QString::fromUtf8(f.read(4 << 20));
        QStringList errors;
        for (const std::string &e : r.errors)
            errors << QString::fromStdString(e);
        m_script->showLoadErrors(fileOrName, text, errors);
        if (auto *dock = qobject_cast<QDockWidget *>(m_script->parentWidget())) dock->raise();
        const QString name = QFileInfo(fileOrName).fileName();
        m_statusText->setFullText(
            errors.size() == 1
                ? tr("%1 cannot be opened: its error is shown in the Script dock.").arg(name)
                : tr("%1 cannot be opened: its %2 errors are shown in the Script dock.")
                      .arg(name)
                      .arg(errors.size()));
        return false;
    }
    m_lastError.clear();
    setScenario(*r.scenario, fileOrName);
    if (QFileInfo(fileOrName).isFile()) addRecent(QFileInfo(fileOrName).absoluteFilePath());
    return true;
}

void MainWindow::setScenario(const core::Scenario &scenario, const QString &source)
{
    m_source = source;
    m_execConsented = false;
    m_listSchedule.clear();
    m_run->setScenario(scenario);
    m_scene->setScenario(scenario);
    m_script->setScenario(scenario);
    m_scripts->setScenario(scenario);
    m_charts->setScenario(scenario);
    m_narration->setLesson(
        QString::fromStdString(scenario.title), QString::fromStdString(scenario.summary),
        QString::fromStdString(scenario.lesson), core::describeExpectations(scenario));
    {
        const QSignalBlocker b1(m_schedule);
        const QSignalBlocker b2(m_seed);
        switch (scenario.schedule.kind) {
        case core::Schedule::Free:
            m_schedule->setCurrentIndex(0);
            break;
        case core::Schedule::RoundRobin:
            m_schedule->setCurrentIndex(1);
            break;
        case core::Schedule::Random:
            m_schedule->setCurrentIndex(2);
            m_seed->setValue(int(scenario.schedule.seed));
            break;
        case core::Schedule::List: {
            QStringList names;
            for (const auto &n : scenario.schedule.names)
                names << QString::fromStdString(n);
            m_listSchedule = names.join(QLatin1Char(','));
            break;
        }
        }
        showListSchedule();
    }
    applySchedule();
    m_inspector->clear();
    updateTitle();
    m_view->fitAll();
    m_dirty = true;
    renderFrame();
}

bool MainWindow::setCpusText(const QString &text)
{
    std::vector<int> cpus;
    if (!text.isEmpty()) {
        std::string err;
        cpus = core::parseCpuList(text.toStdString(), &err);
        if (cpus.empty()) {
            m_lastError = QString::fromStdString(err);
            return false;
        }
    }
    m_run->setCpus(cpus);
    const QSignalBlocker block(m_actOneCpu);
    m_actOneCpu->setChecked(cpus == std::vector<int>{0});
    QStringList names;
    for (int c : cpus)
        names << QString::number(c);
    m_cpusText->setText(cpus.size() == 1 ? tr("Every process on CPU %1").arg(names.first())
                                         : tr("Processes on CPUs %1").arg(names.join(", ")));
    m_cpusText->setVisible(!cpus.empty());
    return true;
}

bool MainWindow::setScheduleText(const QString &text)
{
    std::string err;
    const auto s = core::parseSchedule(text.toStdString(), m_run->scenario(), &err);
    if (!s) {
        m_lastError = QString::fromStdString(err);
        return false;
    }
    const QSignalBlocker b1(m_schedule);
    const QSignalBlocker b2(m_seed);
    m_listSchedule.clear();
    showListSchedule();
    if (s->kind == core::Schedule::Free)
        m_schedule->setCurrentIndex(0);
    else if (s->kind == core::Schedule::RoundRobin)
        m_schedule->setCurrentIndex(1);
    else if (s->kind == core::Schedule::Random) {
        m_schedule->setCurrentIndex(2);
        m_seed->setValue(int(s->seed));
    } else {
        m_listSchedule = text;
        showListSchedule();
    }
    m_run->setSchedule(*s);
    m_seed->setEnabled(m_schedule->currentIndex() == 2);
    return true;
}

// A named list (the scenario's own, or --schedule p,q,p) is an entry of the schedule box of its
// own, chosen, so the box says what will run; choosing another entry leaves the list.
void MainWindow::showListSchedule()
{
    const int at = m_schedule->findData(QStringLiteral("list"));
    if (m_listSchedule.isEmpty()) {
        if (at >= 0) m_schedule->removeItem(at);
        return;
    }
    const QString text =
        tr("%1, then round-robin").arg(m_listSchedule.split(QLatin1Char(',')).join(", "));
    if (at >= 0)
        m_schedule->setItemText(at, text);
    else
        m_schedule->addItem(text, QStringLiteral("list"));
    m_schedule->setCurrentIndex(m_schedule->findData(QStringLiteral("list")));
}

void MainWindow::applySchedule()
{
    core::Schedule s;
    if (m_schedule->currentData().toString() == QLatin1String("list") &&
        !m_listSchedule.isEmpty()) {
        std::string err;
        if (auto parsed =
                core::parseSchedule(m_listSchedule.toStdString(), m_run->scenario(), &err))
            s = *parsed;
    } else {
        const QString k = m_schedule->currentData().toString();
        if (k == QLatin1String("round-robin"))
            s.kind = core::Schedule::RoundRobin;
        else if (k == QLatin1String("random")) {
            s.kind = core::Schedule::Random;
            s.seed = uint64_t(m_seed->value());
        }
    }
    m_seed->setEnabled(m_schedule->currentIndex() == 2);
    m_run->setSchedule(s);
}

void MainWindow::setSpeedPercent(int percent)
{
    m_speed->setValue(percent);
    applySpeed();
}

void MainWindow::applySpeed()
{
    const int ms = delayForSlider(m_speed->value());
    m_run->setStepDelay(ms);
    m_speedLabel->setText(ms == 0 ? tr("full speed")
                                  : tr("%1 s per step").arg(ms / 1000.0, 0, 'f', 2));
    // Tokens travel a little faster than steps come, so one has landed before the next leaves.
    m_scene->setTokenDurationMs(qBound(250, int(ms * 0.8), 900));
}

bool MainWindow::consentToExec()
{
    const core::Scenario &s = m_run->scenario();
    if (!s.hasExec() || !m_askExec || m_execConsented) return true;
    QStringList progs;
    for (const auto &p : s.processes)
        if (p.isExec()) {
            QStringList argv;
            for (const auto &a : p.exec)
                argv << QString::fromStdString(a);
            progs << argv.join(QLatin1Char(' '));
        }
    const auto answer = QMessageBox::question(
        this, tr("Run external programs?"),
        tr("This scenario runs these programs from your PATH:\n\n%1\n\nRun them?")
            .arg(progs.join(QLatin1Char('\n'))));
    m_execConsented = answer == QMessageBox::Yes;
    return m_execConsented;
}

void MainWindow::run()
{
    if (!m_run->hasScenario() || (!m_run->isReplay() && !consentToExec())) return;
    m_run->run();
}

void MainWindow::step()
{
    if (!m_run->hasScenario() || (!m_run->isReplay() && !consentToExec())) return;
    m_run->step();
}

void MainWindow::runOrPause()
{
    if (m_run->status() == Status::Running)
        m_run->pause();
    else
        run();
}

void MainWindow::onProcessClicked(int instance)
{
    m_script->showInstance(instance);
    if (m_run->ready().contains(instance)) m_run->stepProcess(instance);
}

void MainWindow::replayLastRunSlowly()
{
    const core::EventBatch &events = m_run->lastRun();
    if (!m_run->canReplayLastRun() || events.isEmpty()) return;
    // From the first step to the last event: the start-up before it is not what is watched.
    qint64 first = -1, last = 0;
    for (const core::Event &e : events) {
        if (e.kind == core::Event::Step && first < 0) first = e.tNs;
        last = std::max(last, e.tNs);
    }
    const double span = double(std::max<qint64>(1, last - std::max<qint64>(0, first)));
    const double slower = std::clamp(15e9 / span, 2.0, 1e6);
    m_run->replayLastRun(slower);
    onStatus(m_run->status()); // says it is a replay, and how much slower
}

void MainWindow::onStatus(Status s)
{
    if (m_actSlowReplay) m_actSlowReplay->setEnabled(m_run->canReplayLastRun());
    m_scene->setReady(m_run->waitsForUser() ? m_run->ready() : QList<int>(), m_run->next());
    const bool live = s == Status::Running || s == Status::Paused;
    m_actRun->setEnabled(s != Status::Running);
    m_actPause->setEnabled(s == Status::Running);
    m_actStep->setEnabled(true);
    m_actStop->setEnabled(live);
    m_actReset->setEnabled(s != Status::Idle);
    m_schedule->setEnabled(!live);
    m_seed->setEnabled(!live && m_schedule->currentIndex() == 2);
    switch (s) {
    case Status::Idle:
        m_statusText->setFullText(tr("Ready. Press Run (Space) or Step (Right)."));
        break;
    case Status::Running:
    case Status::Paused:
        // Which of the two is on screen: a live run, or a replay of recorded events.
        if (m_run->isReplayOfLastRun())
            m_statusText->setFullText(
                tr("Slow-motion replay of the last run, %1 times slower: its recorded events, "
                   "no process is running.%2")
                    .arg(QLocale().toString(m_run->replaySlower(), 'f', 0),
                         s == Status::Paused ? tr(" Paused.") : QString()));
        else if (m_run->isReplay())
            m_statusText->setFullText(tr("Replaying a recorded run: no process is running.%1")
                                          .arg(s == Status::Paused ? tr(" Paused.") : QString()));
        else
            m_statusText->setFullText(s == Status::Running ? tr("Running.")
                                                           : tr("Paused: step by step."));
        break;
    case Status::Finished:
        break;
    }
}

void MainWindow::onEvents(const core::EventBatch &batch, const QStringList &sentences,
                          const QStringList &log, int unlisted)
{
    m_scene->showEvents(batch);
    // The story and the log are told with the frame that draws what they tell (renderFrame):
    // told now, a sentence would be on screen before the diagram shows its event.
    m_toldSentences += sentences;
    if (!log.isEmpty() || unlisted > 0) m_toldLog.append({log, unlisted});
    m_dirty = true;
}

void MainWindow::onFinished(const core::RunResult &result)
{
    m_dirty = true;
    m_charts->sample(m_run->world(), m_run->levels(),
                     true); // the last point: a short run still draws its lines
    m_charts->fitToData();
    renderFrame();
    QString s = core::Narrator::ending(result, m_run->world());
    m_narration->addImportant(s);
    bool asExpected = true;
    const QString verdict =
        m_run->isReplay()
            ? QString() // a replay's result is derived from its events only
            : core::Narrator::verdict(m_run->scenario(), result, m_run->world(), &asExpected);
    if (!verdict.isEmpty()) {
        m_narration->addVerdict(verdict, asExpected);
        s = verdict;
    }
    m_statusText->setFullText(s);
    if (result.end == core::RunResult::End::EngineError && isVisible())
        QMessageBox::warning(this, tr("The run failed"), result.error);
}

void MainWindow::onWorldReset()
{
    m_scene->clearAnimations();
    m_scene->setReady({});
    m_scene->setDeadlockCycle({});
    m_scene->setDeadlockWorld(nullptr);
    m_deadlockShown = false;
    m_toldSentences.clear();
    m_toldLog.clear();
    m_narration->clearSentences();
    m_log->clear();
    m_charts->reset();
    m_timeline->reset();
    m_dirty = true;
}

void MainWindow::renderFrame()
{
    ++m_frames;
    if (m_dirty) {
        m_dirty = false;
        const core::WorldState &w = m_run->world();
        m_scene->updateWorld(w);
        m_script->updateWorld(w);
        m_scripts->updateWorld(w);
        if (w.deadlock && !m_deadlockShown) {
            m_deadlockShown = true;
            m_scene->setDeadlockCycle(w.deadlockFinding);
            if (m_run->deadlockWorld()) m_scene->setDeadlockWorld(&*m_run->deadlockWorld());
        }
        m_timeline->refresh();
        updateInspector();
        if (!m_toldSentences.isEmpty())
            m_narration->addSentences(std::exchange(m_toldSentences, {}), 0);
        for (const auto &[lines, unlisted] : std::exchange(m_toldLog, {}))
            m_log->addLines(lines, unlisted);
        m_clock->setText(tr("time %1 s").arg(w.nowNs / 1e9, 0, 'f', 2));
    }
    m_scene->tick();
}

void MainWindow::updateInspector()
{
    DiagramItem *d = m_scene->selectedDiagramItem();
    if (!d) {
        m_inspector->clear();
        return;
    }
    m_inspector->showRows(d->title(), d->inspectorRows(m_run->world()));
}

// Wide enough for the longest speed text at the current font size.
void MainWindow::fitSpeedLabel()
{
    const QFontMetrics fm(QApplication::font());
    m_speedLabel->setMinimumWidth(fm.horizontalAdvance(tr("2.00 s per step")) + 10);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    placeScheduleBar();
}

void MainWindow::placeScheduleBar()
{
    QToolBar *controls = findChild<QToolBar *>(QStringLiteral("controlsToolBar"));
    if (!controls || !m_scheduleBar || toolBarArea(m_scheduleBar) != Qt::TopToolBarArea) return;
    const bool fits =
        controls->sizeHint().width() + m_scheduleBar->sizeHint().width() + 24 <= width();
    if (fits == !toolBarBreak(m_scheduleBar)) return;
    if (fits)
        removeToolBarBreak(m_scheduleBar);
    else
        insertToolBarBreak(m_scheduleBar);
}

void MainWindow::setPresentationMode(bool on)
{
    setLargeText(on);
    fitSpeedLabel();
    // The toolbars are wider in the larger font: one row or two, once their layout has it.
    QTimer::singleShot(0, this, &MainWindow::placeScheduleBar);
    m_script->setPresentation(on);
    m_scripts->setPresentation(on);
    // The bottom docks give their room to the diagram, which the view then fits larger.
    for (QDockWidget *d : std::as_const(m_docks)) {
        if (dockWidgetArea(d) != Qt::BottomDockWidgetArea) continue;
        if (on) {
            d->setProperty("ipcsimWasVisible", d->isVisible());
            d->hide();
        } else if (d->property("ipcsimWasVisible").toBool()) {
            d->show();
        }
    }
    m_view->setMaxFitScale(on ? 2.0 : 1.25);
    if (on)
        showFullScreen();
    else
        showNormal();
    if (m_actPresentation->isChecked() != on) m_actPresentation->setChecked(on);
    for (QGraphicsItem *i : m_scene->items())
        i->update();
    m_view->fitAll();
}

void MainWindow::openFileDialog()
{
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("files/lastDir")).toString();
    const QString path = QFileDialog::getOpenFileName(this, tr("Open a scenario"), dir,
                                                      tr("Scenarios (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(QStringLiteral("files/lastDir"), QFileInfo(path).absolutePath());
    openScenario(path);
}

void MainWindow::openGallery()
{
    GalleryDialog dlg(this);
    if (dlg.exec() == QDialog::Accepted && !dlg.chosenName().isEmpty())
        openScenario(dlg.chosenName());
}

void MainWindow::addRecent(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("files/recent")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("files/recent"), recent);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("files/recent")).toStringList();
    for (const QString &p : recent)
        m_recentMenu->addAction(QFileInfo(p).fileName(), this, [this, p] { openScenario(p); })
            ->setToolTip(p);
    m_recentMenu->setEnabled(!recent.isEmpty());
}

bool MainWindow::exportSvg(const QString &path)
{
    const QRectF r = m_scene->sceneRect();
    QSvgGenerator gen;
    gen.setFileName(path);
    gen.setSize(r.size().toSize());
    gen.setViewBox(QRectF(QPointF(0, 0), r.size()));
    gen.setTitle(windowTitle());
    gen.setDescription(tr("Diagram exported by ipcsim"));
    QPainter p;
    if (!p.begin(&gen)) return false;
    // Cached items would go out as bitmaps; an SVG should hold lines and text.
    QList<QPair<QGraphicsItem *, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem *i : m_scene->items())
        if (i->cacheMode() != QGraphicsItem::NoCache) {
            cached.append({i, i->cacheMode()});
            i->setCacheMode(QGraphicsItem::NoCache);
        }
    m_scene->render(&p, QRectF(QPointF(0, 0), r.size()), r);
    for (const auto &c : cached)
        c.first->setCacheMode(c.second);
    return p.end();
}

bool MainWindow::exportPng(const QString &path)
{
    const QRectF r = m_scene->sceneRect();
    // Twice the scene's size, sharp enough for slides.
    QImage img((r.size() * 2).toSize(), QImage::Format_ARGB32_Premultiplied);
    img.fill(Theme::paper());
    QPainter p(&img);
    p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(&p, QRectF(QPointF(0, 0), r.size() * 2), r);
    p.end();
    return img.save(path, "PNG");
}

void MainWindow::exportDialog(bool svg)
{
    const QString filter = svg ? tr("SVG images (*.svg)") : tr("PNG images (*.png)");
    QString path = QFileDialog::getSaveFileName(
        this, svg ? tr("Export diagram as SVG") : tr("Export diagram as PNG"), QString(), filter);
    if (path.isEmpty()) return;
    const QString ext = svg ? QStringLiteral(".svg") : QStringLiteral(".png");
    if (!path.endsWith(ext, Qt::CaseInsensitive)) path += ext;
    const bool ok = svg ? exportSvg(path) : exportPng(path);
    if (!ok)
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(path));
    else
        m_statusText->setFullText(tr("Diagram saved to %1.").arg(path));
}

// The platform adds the application's name (" — ipcsim") to every window title.
void MainWindow::updateTitle()
{
    setWindowTitle(QString::fromStdString(m_run->scenario().title));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    if (Theme::presentation()) setPresentationMode(false);
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("run/speed"), m_speed->value());
    m_run->reset(); // stops a run still going
    QMainWindow::closeEvent(event);
}

ReferenceDialog *MainWindow::showFormatReference()
{
    if (!m_reference) m_reference = new ReferenceDialog(this);
    m_reference->show();
    m_reference->raise();
    m_reference->activateWindow();
    return m_reference;
}

} // namespace ipcsim::ui
