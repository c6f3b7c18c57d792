// Owns one run at a time: the engine thread (for the app's lifetime, because the thread that
// forks must outlive the run), the Session living in it, and the reducer in the GUI thread.
// Every call into the Session is a queued slot call; events come back in batches, are applied
// to the WorldModel at once, and the window redraws from it on its own frame timer.
#pragma once

#include "engine/runresult.h"
#include "engine/session.h"
#include "leveltrace.h"
#include "model/worldmodel.h"
#include "timelinemodel.h"

#include <QElapsedTimer>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QTimer>
#include <memory>
#include <optional>
#include <vector>

namespace ipcsim::ui {

class RunController : public QObject
{
    Q_OBJECT
public:
    enum class Status
    {
        Idle,
        Running,
        Paused,
        Finished
    };
    Q_ENUM(Status)

    explicit RunController(QObject *parent = nullptr);
    ~RunController() override;

    void setScenario(const core::Scenario &scenario); // resets
    // Plays a recorded run (a trace's events) into the same model, at the pace it was
    // recorded: no process and no kernel object is involved. Run, Pause, Step (one step's
    // events), Stop and Reset (back to the start) work on it as on a live run.
    // slower: how many times slower than recorded (1: as recorded).
    void replay(const core::EventBatch &events, double slower = 1);
    bool isReplay() const { return m_replaying; }
    bool isReplayOfLastRun() const { return m_replaying && m_replayOfLastRun; }
    double replaySlower() const { return m_replaySlower; }
    // The events of the last live run, kept to watch it again in slow motion (none once it was
    // too large to keep, or while a run goes on).
    const core::EventBatch &lastRun() const { return m_lastRun; }
    bool canReplayLastRun() const;
    // Plays the last live run again, `slower` times slower: what took 10 ms at full speed can
    // be watched in 10 s. No process runs: the recorded events are played into the model.
    void replayLastRun(double slower);
    bool hasScenario() const { return m_model != nullptr; }
    const core::Scenario &scenario() const { return m_scenario; }
    const core::WorldState &world() const;
    // Every process's states over time and the data passed, recorded from the same events.
    const TimelineModel &timeline() const { return m_timeline; }
    // The levels of its queues and semaphores as the events changed them, for the charts.
    LevelTrace &levels() { return m_levels; }
    // The world just after the engine reported a deadlock, before it ended the processes:
    // who waited on what, and the lines in front of each lock.
    const std::optional<core::WorldState> &deadlockWorld() const { return m_deadlockWorld; }
    // Schedule chosen in the window; overrides the scenario's.
    void setSchedule(const core::Schedule &schedule);
    const core::Schedule &schedule() const { return m_schedule; }
    int stepDelay() const { return m_stepDelayMs; }
    // The CPUs the processes of the next run may use (empty: any).
    void setCpus(const std::vector<int> &cpus) { m_cpus = cpus; }
    const std::vector<int> &cpus() const { return m_cpus; }

    Status status() const { return m_status; }
    QList<int> ready() const { return m_ready; }
    // The ready process the schedule's policy releases next (step mode), or -1.
    int next() const { return m_ready.contains(m_next) ? m_next : -1; }
    // Whether a process at its gate waits for the user: paused, or stepping by a schedule.
    // (In a free run in slow motion processes stop at their gates too, but only for the delay.)
    bool waitsForUser() const { return m_status == Status::Paused || m_stepSchedule; }
    std::optional<core::RunResult> result() const { return m_result; }
    quint64 eventCount() const { return m_events; }
    // Pids of the workers of the current run, as the events reported them.
    QList<int> pids() const;

public Q_SLOTS:
    void run(); // start, or resume after a pause or steps
    void pause();
    void step();                    // one step by the schedule's policy (starts paused if idle)
    void stepProcess(int instance); // one step of this process, if it waits at its gate
    void stop();
    void reset();
    void setStepDelay(int ms);

Q_SIGNALS:
    // After the batch was applied to the model. sentences: the narration of (the last part of)
    // the batch, in order; logLines likewise.
    void eventsApplied(const ipcsim::core::EventBatch &batch, const QStringList &sentences,
                       const QStringList &logLines, int unlisted);
    void statusChanged(ipcsim::ui::RunController::Status status);
    void readyChanged(const QList<int> &ready);
    void nextChanged(int instance);
    void finished(const ipcsim::core::RunResult &result);
    void worldReset();

private:
    void startSession(bool autoRun);
    void discardSession();
    void clearRunState();
    void setStatus(Status s);
    void onEvents(const core::EventBatch &batch);
    void applyBatch(const core::EventBatch &batch, bool narrate);
    void drainBacklog();
    void onReady(const QList<int> &ready);
    void onNext(int instance);
    void onFinished(const core::RunResult &result);
    void releasePending();
    void replayTick();
    void replayUpTo(qint64 tNs);
    void finishReplay();

    QThread m_engineThread;
    QObject *m_engineContext = nullptr; // lives in the engine thread; sessions are made there
    core::Scenario m_scenario;
    std::unique_ptr<core::WorldModel> m_model;
    TimelineModel m_timeline;
    LevelTrace m_levels;
    std::optional<core::WorldState> m_deadlockWorld;
    // The world before the first of a row of kills: the engine reports a deadlock after the
    // exits of the processes it ended, and the deadlock picture needs the world before them.
    std::optional<core::WorldState> m_beforeKills;
    QList<core::EventBatch> m_backlog; // batches not yet applied (huge ones go in slices)
    qsizetype m_backlogPos = 0;        // events of the first one already applied
    bool m_drainQueued = false;
    bool m_appliedThisTurn = false;            // a batch was applied in this turn of the event loop
    std::optional<QList<int>> m_deferredReady; // arrived while a backlog was left
    std::optional<int> m_deferredNext;         // likewise
    int m_next = -1;
    std::optional<core::RunResult> m_deferredResult;
    core::Schedule m_schedule;
    int m_stepDelayMs = 0;
    std::vector<int> m_cpus;
    core::Session *m_session = nullptr;
    int m_generation = 0;
    Status m_status = Status::Idle;
    QList<int> m_ready;
    std::optional<core::RunResult> m_result;
    quint64 m_events = 0;
    // A step asked for before any process reached its gate.
    bool m_pendingStep = false;
    bool m_stepSchedule = false; // the current session runs a step schedule
    int m_pendingProcess = -1;
    // Replay of a trace
    bool m_replaying = false;
    core::EventBatch m_replay;
    core::EventBatch m_lastRun;  // the last live run's events, for a slow-motion replay
    bool m_lastRunWhole = false; // kept whole, and ended
    double m_replaySlower = 1;
    bool m_replayOfLastRun = false; // the replay is of the last live run (not of a trace)
    qsizetype m_replayPos = 0;
    qint64 m_replayAtNs = 0; // how far the replay has got, in the recording's time
    QElapsedTimer m_replayClock;
    QTimer m_replayTimer;
};

} // namespace ipcsim::ui
