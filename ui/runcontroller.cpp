#include "runcontroller.h"

#include "model/causalorder.h"
#include "scenario/kind.h"
#include "story/narrator.h"

#include <limits>
#include <malloc.h>

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>
#include <QTimer>

Q_LOGGING_CATEGORY(lcRun, "ipcsim.ui.run", QtWarningMsg)

namespace ipcsim::ui {

namespace {
// Narrate and list at most this many events of one batch: at full speed a batch holds
// thousands, and nobody reads that fast; the model still applies every one.
constexpr int kNarratedPerBatch = 150;
// Events applied in one go before the window gets to draw (a few milliseconds' work).
constexpr int kSliceEvents = 20000;
// A live run's events are kept for a slow-motion replay up to this many (a flood is not).
constexpr qsizetype kKeptEvents = 200000;
} // namespace

RunController::RunController(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<core::EventBatch>();
    qRegisterMetaType<core::RunResult>();
    qRegisterMetaType<QList<int>>();
    m_engineThread.setObjectName(QStringLiteral("ipcsim-engine"));
    m_engineThread.start();
    m_engineContext = new QObject;
    m_engineContext->moveToThread(&m_engineThread);
}

RunController::~RunController()
{
    discardSession();
    m_engineContext->deleteLater();
    m_engineThread.quit();
    m_engineThread.wait();
}

void RunController::setScenario(const core::Scenario &scenario)
{
    discardSession();
    m_replayTimer.stop();
    m_replaying = false;
    m_replay = {}; // not clear(), which keeps the buffer: up to kKeptEvents events
    m_lastRun = {};
    m_lastRunWhole = false;
    m_scenario = scenario;
    m_schedule = scenario.schedule;
    m_model = std::make_unique<core::WorldModel>(m_scenario);
    m_timeline.setScenario(m_scenario);
    m_levels.start(m_model->state());
    clearRunState();
    setStatus(Status::Idle);
    Q_EMIT worldReset();
}

// What one run learnt and what it still had to apply; the model and timeline are reset by the
// callers, each in its own way.
void RunController::clearRunState()
{
    m_deadlockWorld.reset();
    m_beforeKills.reset();
    m_backlog = {};
    m_backlogPos = 0;
    m_deferredReady.reset();
    m_deferredNext.reset();
    m_deferredResult.reset();
    m_ready.clear();
    m_next = -1;
    m_result.reset();
    m_events = 0;
    // Give what the last run freed back to the kernel: after a flood the heap's free pages
    // would stay this process's for good (tens of megabytes), and a classroom window runs
    // lesson after lesson.
    malloc_trim(0);
}

const core::WorldState &RunController::world() const
{
    static const core::WorldState empty;
    return m_model ? m_model->state() : empty;
}

void RunController::setSchedule(const core::Schedule &schedule)
{
    m_schedule = schedule;
}

QList<int> RunController::pids() const
{
    QList<int> out;
    for (const auto &p : world().processes)
        if (p.pid > 0) out << p.pid;
    return out;
}

void RunController::startSession(bool autoRun)
{
    if (!m_model) return;
    discardSession();
    m_replaying = false;
    m_lastRun = {};
    m_lastRunWhole = true;
    m_model->reset();
    m_timeline.reset();
    m_levels.start(m_model->state());
    clearRunState();
    Q_EMIT worldReset();

    core::Session::Options opt;
    opt.workerPath = qEnvironmentVariable("IPCSIM_WORKER");
    opt.schedule = m_schedule;
    opt.scheduleGiven = true;
    // Started by Step: paused at the first gates, whatever the schedule, so that Run later
    // goes on under the schedule the run was chosen with (a free one runs free).
    opt.startPaused = !autoRun;
    opt.stepDelayMs = m_stepDelayMs;
    opt.cpus = m_cpus;
    // A class watching in slow motion, or a student stepping by hand, must not be cut off by
    // the scenario's timeout (meant for full-speed runs); Stop is always at hand.
    if (!autoRun || m_stepDelayMs > 0) opt.timeoutMs = 0;
    m_stepSchedule = opt.schedule.stepMode();
    // Constructed in the engine thread itself: the session's timers are plain members, which
    // moveToThread would leave behind in the GUI thread.
    core::Session *session = nullptr;
    QMetaObject::invokeMethod(
        m_engineContext, [&] { session = new core::Session(m_scenario, opt); },
        Qt::BlockingQueuedConnection);
    m_session = session;
    const int gen = ++m_generation;
    connect(session, &core::Session::eventsReady, this, [this, gen](const core::EventBatch &b) {
        if (gen == m_generation) onEvents(b);
    });
    connect(session, &core::Session::readyChanged, this, [this, gen](const QList<int> &r) {
        if (gen == m_generation) onReady(r);
    });
    connect(session, &core::Session::nextChanged, this, [this, gen](int instance) {
        if (gen == m_generation) onNext(instance);
    });
    connect(session, &core::Session::finished, this, [this, gen](const core::RunResult &r) {
        if (gen == m_generation) onFinished(r);
    });
    setStatus(autoRun ? Status::Running : Status::Paused);
    QMetaObject::invokeMethod(session, "start", Qt::QueuedConnection);
}

void RunController::discardSession()
{
    if (!m_session) return;
    ++m_generation; // anything still queued from it is ignored
    core::Session *s = m_session;
    m_session = nullptr;
    m_pendingStep = false;
    m_pendingProcess = -1;
    // The destructor stops the run and waits for its children; it must run in the engine
    // thread, where the session lives.
    QMetaObject::invokeMethod(s, "stop", Qt::QueuedConnection);
    s->deleteLater();
}

void RunController::setStatus(Status s)
{
    if (m_status == s) return;
    m_status = s;
    Q_EMIT statusChanged(s);
}

void RunController::run()
{
    // After watching the last run again, Run runs the scenario anew, live.
    if (m_replaying && m_replayOfLastRun && m_status == Status::Finished) m_replaying = false;
    if (m_replaying) {
        if (m_status == Status::Finished) reset();
        if (m_status == Status::Running) return;
        m_replayClock.start();
        m_replayTimer.start();
        setStatus(Status::Running);
        return;
    }
    if (m_status == Status::Idle || m_status == Status::Finished) {
        startSession(true);
        return;
    }
    if (m_status == Status::Paused && m_session) {
        // Run supersedes a Step still waiting for a process to reach its gate: released later,
        // that step would pause the run again.
        m_pendingStep = false;
        QMetaObject::invokeMethod(m_session, "resume", Qt::QueuedConnection);
        m_ready.clear();
        Q_EMIT readyChanged(m_ready);
        setStatus(Status::Running);
    }
}

void RunController::pause()
{
    if (m_replaying) {
        if (m_status != Status::Running) return;
        m_replayAtNs += qint64(double(m_replayClock.nsecsElapsed()) / m_replaySlower);
        m_replayTimer.stop();
        setStatus(Status::Paused);
        return;
    }
    if (m_status != Status::Running || !m_session) return;
    QMetaObject::invokeMethod(m_session, "pause", Qt::QueuedConnection);
    setStatus(Status::Paused);
}

void RunController::step()
{
    if (m_replaying) {
        // Everything up to and including the next step's end (or error).
        pause();
        if (m_status == Status::Idle) setStatus(Status::Paused);
        qsizetype i = m_replayPos;
        while (i < m_replay.size() && !(m_replay[i].kind == core::Event::Step &&
                                        (m_replay[i].phase == core::Phase::End ||
                                         m_replay[i].phase == core::Phase::Error)))
            ++i;
        if (i < m_replay.size()) {
            replayUpTo(m_replay[i].tNs);
            m_replayAtNs = m_replay[i].tNs;
        } else {
            finishReplay();
        }
        return;
    }
    if (m_status == Status::Idle || m_status == Status::Finished) {
        startSession(false);
        m_pendingStep = true;
        return;
    }
    if (m_status == Status::Running) pause();
    if (m_ready.isEmpty()) {
        m_pendingStep = true;
        return;
    }
    m_ready.clear();
    Q_EMIT readyChanged(m_ready);
    QMetaObject::invokeMethod(m_session, "step", Qt::QueuedConnection);
}

void RunController::stepProcess(int instance)
{
    if (!m_session || m_status == Status::Finished) return;
    if (!m_ready.contains(instance)) return; // only a process waiting at its gate can be released
    if (m_status == Status::Running) pause();
    m_ready.clear();
    Q_EMIT readyChanged(m_ready);
    QMetaObject::invokeMethod(m_session, "stepProcess", Qt::QueuedConnection, Q_ARG(int, instance));
}

void RunController::releasePending()
{
    if (m_ready.isEmpty() || !m_session) return;
    if (m_pendingStep) {
        m_pendingStep = false;
        step();
    }
}

void RunController::stop()
{
    if (m_replaying) {
        if (m_status != Status::Finished) finishReplay();
        return;
    }
    if (!m_session || m_status == Status::Finished || m_status == Status::Idle) return;
    QMetaObject::invokeMethod(m_session, "stop", Qt::QueuedConnection);
}

void RunController::reset()
{
    m_replayTimer.stop();
    m_replayPos = 0;
    m_replayAtNs = 0;
    discardSession();
    if (m_model) m_model->reset();
    m_timeline.reset();
    m_levels.start(world());
    clearRunState();
    setStatus(Status::Idle);
    Q_EMIT readyChanged(m_ready);
    Q_EMIT worldReset();
}

void RunController::setStepDelay(int ms)
{
    m_stepDelayMs = ms;
    if (m_session)
        QMetaObject::invokeMethod(m_session, "setStepDelay", Qt::QueuedConnection, Q_ARG(int, ms));
}

void RunController::onEvents(const core::EventBatch &batch)
{
    if (!m_model) return;
    m_events += quint64(batch.size());
    if (!m_replaying && m_lastRunWhole) {
        if (m_lastRun.size() + batch.size() <= kKeptEvents) {
            m_lastRun.append(batch);
        } else { // too large to keep whole: no replay of this run
            m_lastRunWhole = false;
            m_lastRun = {};
        }
    }
    if (m_backlog.isEmpty() && batch.size() <= kSliceEvents && !m_appliedThisTurn) {
        applyBatch(batch, true);
        return;
    }
    // A starved engine thread can hand over a million events at once; applied in one go they
    // would freeze the window for a good part of a second. Slices between frames keep it live.
    // So do batches that arrive together: a loaded machine delivers several in one turn of
    // the event loop, and at most one is applied in each.
    m_backlog.append(batch); // shared, not copied: slices are cut as they are applied
    if (!m_drainQueued) {
        m_drainQueued = true;
        QTimer::singleShot(0, this, &RunController::drainBacklog);
    }
}

void RunController::drainBacklog()
{
    m_drainQueued = false;
    if (m_backlog.isEmpty()) return;
    // Only the last slice of each batch is narrated, as a whole batch would be: nobody reads a
    // million sentences, and writing them out would cost more than applying the events.
    const core::EventBatch slice = m_backlog.first().mid(m_backlogPos, kSliceEvents);
    m_backlogPos += slice.size();
    const bool lastOfBatch = m_backlogPos >= m_backlog.first().size();
    if (lastOfBatch) {
        m_backlog.removeFirst();
        m_backlogPos = 0;
    }
    applyBatch(slice, lastOfBatch);
    if (!m_backlog.isEmpty()) {
        m_drainQueued = true;
        QTimer::singleShot(0, this, &RunController::drainBacklog);
        return;
    }
    // What the engine said after those events comes after them.
    if (m_deferredReady) {
        const QList<int> ready = *m_deferredReady;
        m_deferredReady.reset();
        onReady(ready);
    }
    if (m_deferredNext) {
        const int next = *m_deferredNext;
        m_deferredNext.reset();
        onNext(next);
    }
    if (m_deferredResult) {
        const core::RunResult result = *m_deferredResult;
        m_deferredResult.reset();
        onFinished(result);
    }
}

void RunController::applyBatch(const core::EventBatch &batch, bool narrate)
{
    if (!m_model) return;
    if (!m_appliedThisTurn) {
        // Cleared at the next turn of the event loop, after it has drawn.
        m_appliedThisTurn = true;
        QTimer::singleShot(0, this, [this] { m_appliedThisTurn = false; });
    }
    const int firstNarrated =
        narrate ? qMax(0, int(batch.size()) - kNarratedPerBatch) : int(batch.size());
    QStringList sentences;
    QStringList log;
    for (int i = 0; i < batch.size(); ++i) {
        const core::Event &e = batch[i];
        if (i >= firstNarrated) {
            // Narration reads the world as it was just before this event.
            const QString s = core::Narrator::describe(e, m_model->state());
            if (!s.isEmpty()) sentences << s;
            const QString line = core::Narrator::logLine(e, m_model->state());
            if (!line.isEmpty()) log << line;
        }
        if (e.kind == core::Event::Exit && e.termSignal > 0 && !m_beforeKills)
            m_beforeKills = m_model->state();
        else if (e.kind == core::Event::Step)
            m_beforeKills.reset();
        m_model->apply(e);
        m_timeline.apply(e, m_model->state());
        m_levels.apply(e, m_model->state());
        if (e.kind == core::Event::Deadlock) {
            m_deadlockWorld = m_beforeKills ? *m_beforeKills : m_model->state();
            m_deadlockWorld->deadlock = true;
            m_deadlockWorld->deadlockFinding = e.deadlock;
        }
    }
    Q_EMIT eventsApplied(batch, sentences, log, firstNarrated);
}

void RunController::onReady(const QList<int> &ready)
{
    if (!m_backlog.isEmpty()) {
        m_deferredReady = ready; // news only after the events before it are applied
        return;
    }
    m_ready = ready;
    Q_EMIT readyChanged(m_ready);
    releasePending();
}

void RunController::onNext(int instance)
{
    if (!m_backlog.isEmpty() || m_deferredReady) {
        m_deferredNext = instance; // it belongs with the ready news it follows
        return;
    }
    m_next = instance;
    Q_EMIT nextChanged(next());
}

void RunController::onFinished(const core::RunResult &result)
{
    if (!m_backlog.isEmpty()) {
        m_deferredResult = result;
        return;
    }
    m_result = result;
    if (m_model) {
        for (int r = 0; r < result.finals.size(); ++r)
            m_model->setFinal(r, result.finals[r]);
    }
    m_ready.clear();
    Q_EMIT readyChanged(m_ready);
    setStatus(Status::Finished);
    qCDebug(lcRun) << "run ended:" << core::endName(result.end) << result.events << "events";
    Q_EMIT finished(result);
}

bool RunController::canReplayLastRun() const
{
    return m_lastRunWhole && !m_lastRun.isEmpty() && m_status == Status::Finished &&
           (!m_replaying || m_replayOfLastRun);
}

void RunController::replayLastRun(double slower)
{
    if (!canReplayLastRun()) return;
    const core::EventBatch events = m_lastRun; // reset() leaves it, replay() does not touch it
    replay(events, slower);
    m_replayOfLastRun = true;
}

void RunController::replay(const core::EventBatch &events, double slower)
{
    reset();
    m_replaying = true;
    m_replayOfLastRun = false;
    m_replaySlower = std::max(1.0, slower);
    // Causes before effects here too: a trace written before ipcsim told runs in causal order
    // lists a read before the write that fed it (the times stay as recorded).
    core::CausalOrder order(m_scenario);
    core::EventBatch in = events;
    m_replay.clear();
    m_replay.reserve(in.size());
    order.push(in, m_replay);
    order.finish(m_replay);
    m_replayTimer.setInterval(15);
    connect(&m_replayTimer, &QTimer::timeout, this, &RunController::replayTick,
            Qt::UniqueConnection);
    run();
}

void RunController::replayTick()
{
    const qint64 now = m_replayAtNs + qint64(double(m_replayClock.nsecsElapsed()) / m_replaySlower);
    replayUpTo(now);
    if (m_replayPos >= m_replay.size()) finishReplay();
}

void RunController::replayUpTo(qint64 tNs)
{
    core::EventBatch batch;
    while (m_replayPos < m_replay.size() && m_replay[m_replayPos].tNs <= tNs)
        batch.append(m_replay[m_replayPos++]);
    if (!batch.isEmpty()) onEvents(batch);
}

// The end of a replay: the rest of the events, then a result made from them (derived: what
// the recorded events say, not a new reading of any kernel object).
void RunController::finishReplay()
{
    m_replayTimer.stop();
    replayUpTo(std::numeric_limits<qint64>::max());
    core::RunResult r;
    r.end = core::RunResult::End::Completed;
    for (const core::Instance &in : m_scenario.instances) {
        core::ProcessExit x;
        x.name = QString::fromStdString(in.name);
        r.exits.append(x);
    }
    for (const core::Event &e : std::as_const(m_replay)) {
        switch (e.kind) {
        case core::Event::Exit:
            if (e.proc >= 0 && e.proc < r.exits.size()) {
                core::ProcessExit &x = r.exits[e.proc];
                x.pid = e.pid;
                x.ended = true;
                x.exitCode = e.exitCode;
                x.termSignal = e.termSignal;
            }
            break;
        case core::Event::Deadlock:
            r.end = core::RunResult::End::Deadlock;
            r.deadlock = e.deadlock;
            break;
        case core::Event::Timeout:
            r.end = core::RunResult::End::Timeout;
            break;
        case core::Event::Stopped:
            r.end = core::RunResult::End::Stopped;
            break;
        default:
            break;
        }
        r.durationNs = std::max(r.durationNs, e.tNs);
    }
    r.events = quint64(m_replay.size());
    onFinished(r);
}

} // namespace ipcsim::ui
