// The classroom window: the diagram in the centre, Script, Narration, Event log, Inspector and
// Charts docks, the run controls, the gallery and File menu. It redraws from the reducer's
// world state on a frame timer, never once per event.
#pragma once

#include "runcontroller.h"

#include <QMainWindow>
#include <QTimer>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QSlider;
class QSpinBox;
class QToolBar;

namespace ipcsim::ui {

class ReferenceDialog;

class ChartsView;
class DiagramScene;
class DiagramView;
class ScriptsView;
class ElidedLabel;
class EventLogView;
class InspectorView;
class NarrationView;
class ScriptView;
class TimelineView;

class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // A file path or a built-in name. On failure returns false and sets lastError().
    bool openScenario(const QString &fileOrName);
    // Opens a JSON Lines trace written by `ipcsim run --trace` and replays it.
    bool openTrace(const QString &path);
    void setScenario(const core::Scenario &scenario, const QString &source);
    QString lastError() const { return m_lastError; }
    // "free", "round-robin", "random:SEED" or a list of names; false if it does not parse.
    bool setScheduleText(const QString &text);
    // "0", "0,2-3": the CPUs the processes of the next run may use; "" for any. False (and
    // lastError()) if the list does not parse or names an offline CPU.
    bool setCpusText(const QString &text);
    // Scenarios that run external programs ask first; tests and --start turn that off.
    void setAskBeforeExec(bool ask) { m_askExec = ask; }
    // 0: slow motion (2 s per step) … 100: full speed.
    void setSpeedPercent(int percent);

    bool exportSvg(const QString &path);
    bool exportPng(const QString &path);

    RunController *controller() const { return m_run; }
    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    ScriptView *scriptView() const { return m_script; }
    NarrationView *narrationView() const { return m_narration; }
    ChartsView *chartsView() const { return m_charts; }
    TimelineView *timelineView() const { return m_timeline; }
    QDockWidget *timelineDock() const { return m_timelineDock; }
    quint64 frames() const { return m_frames; }
    // The timer that drives renderFrame (benchmarks time its ticks).
    const QTimer *frameTimer() const { return &m_frameTimer; }
    // Draws the latest world now (the frame timer does this on its own).
    void renderFrame();
    void setPresentationMode(bool on);

public Q_SLOTS:
    void runOrPause();
    void run();
    void step();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

public:
    // Run → Watch the last run in slow motion: a full-speed run played again from its recorded
    // events, stretched to about 15 s (at least twice as slow). The window says it is a replay.
    void replayLastRunSlowly();
    // Help → Scenario format reference: docs/format.md in a window of its own (one, reused).
    ReferenceDialog *showFormatReference();

private:
    void placeScheduleBar(); // beside the controls if they fit in one row, else under them
    void fitSpeedLabel();
    void buildActions();
    void buildDocks();
    void onStatus(RunController::Status s);
    void onEvents(const core::EventBatch &batch, const QStringList &sentences,
                  const QStringList &log, int unlisted);
    void onFinished(const core::RunResult &result);
    void onWorldReset();
    void onProcessClicked(int instance);
    void updateInspector();
    void applySchedule();
    void applySpeed();
    bool consentToExec();
    void openFileDialog();
    void openGallery();
    void addRecent(const QString &path);
    void rebuildRecentMenu();
    void exportDialog(bool svg);
    void updateTitle();

    RunController *m_run;
    DiagramScene *m_scene;
    DiagramView *m_view;
    ScriptView *m_script;
    ScriptsView *m_scripts; // every process's script, side by side
    NarrationView *m_narration;
    EventLogView *m_log;
    InspectorView *m_inspector;
    ChartsView *m_charts;
    TimelineView *m_timeline;
    QDockWidget *m_timelineDock = nullptr;
    QList<QDockWidget *> m_docks;
    QToolBar *m_scheduleBar = nullptr;

    ReferenceDialog *m_reference = nullptr;
    QAction *m_actRunPause = nullptr;
    QAction *m_actOneCpu = nullptr;
    QAction *m_actSlowReplay = nullptr;
    QAction *m_actRun = nullptr;
    QAction *m_actPause = nullptr;
    QAction *m_actStep = nullptr;
    QAction *m_actStop = nullptr;
    QAction *m_actReset = nullptr;
    QAction *m_actPresentation = nullptr;
    QMenu *m_recentMenu = nullptr;
    QSlider *m_speed = nullptr;
    QLabel *m_speedLabel = nullptr;
    QComboBox *m_schedule = nullptr;
    QSpinBox *m_seed = nullptr;
    QLabel *m_clock = nullptr;
    ElidedLabel *m_statusText = nullptr;
    QLabel *m_cpusText = nullptr; // the CPUs the processes are kept on, when they are

    QTimer m_frameTimer;
    QTimer m_chartTimer;
    bool m_dirty = true;
    // What the last events tell, held for the frame that draws them (renderFrame).
    QStringList m_toldSentences;
    QList<std::pair<QStringList, int>> m_toldLog; // each batch's lines, and those not listed
    bool m_askExec = true;
    bool m_execConsented = false;
    bool m_deadlockShown = false;
    quint64 m_frames = 0;
    QString m_source;
    QString m_lastError;
    QString m_listSchedule; // a --schedule p,q,p list, or the scenario's own
    void showListSchedule();
    qreal m_normalFontSize = 0;
    // The application's font and the diagram's, larger for a room or back to normal.
    void setLargeText(bool on);
};

} // namespace ipcsim::ui
