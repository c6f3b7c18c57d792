#include "engine/session.h"

#include "engine/batchorder.h"
#include "engine/blockeddetector.h"
#include "engine/deadlockdetector.h"
#include "engine/exits.h"
#include "engine/jobcontrol.h"
#include "engine/kernelobjects.h"
#include "engine/launcher.h"
#include "engine/launchplan.h"
#include "engine/ringdrain.h"
#include "engine/runprocess.h"
#include "engine/scheduler.h"
#include "engine/sessiondirectory.h"
#include "engine/stepevent.h"
#include "engine/teardown.h"
#include "engine/watcher.h"
#include "ipc/purge.h"
#include "ipc/sessionlayout.h"
#include "ipc/syscall.h"
#include "ipc/wire.h"
#include "model/causalorder.h"
#include "probe/procprobe.h"
#include "scenario/image.h"
#include "scenario/statements.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTimer>

#include <algorithm>
#include <csignal>
#include <deque>
#include <fcntl.h>
#include <limits>
#include <malloc.h>
#include <map>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

// Quiet unless asked for (QT_LOGGING_RULES="ipcsim.*=true"): the CLI prints its own summary.
Q_LOGGING_CATEGORY(lcSession, "ipcsim.engine.session", QtWarningMsg)

namespace ipcsim::core {

namespace {

constexpr int kDrainMs = 5;
// Records taken from the rings into one batch at most: a flood's batch, and the memory it takes
// in the engine and in every consumer, stays this size; the rest waits in the rings (a
// worker whose ring is full waits for room: it is slowed, nothing is lost).
constexpr qsizetype kMaxBatch = 16384;
// Events a receiver in another thread (the window) may hold, handed over and not yet taken,
// before the rings are left to fill: four full batches, about 15 MB (see receiverBehind).
constexpr qsizetype kMaxBehind = 4 * kMaxBatch;

qint64 monotonicNs()
{
    return qint64(wire::clockNs());
}

} // namespace

class SessionPrivate
{
public:
    SessionPrivate(Session *q, Scenario sc, Session::Options o)
        : q(q), sc(std::move(sc)), opt(std::move(o))
    {
    }

    Session *q;
    Scenario sc;
    Session::Options opt;
    CausalOrder causal{sc}; // the order every event is handed on in
    Schedule schedule;
    qint64 timeoutMs = 10000;
    SessionDirectory dir;
    QString directoryPath; // kept after the folder is gone, for reports and tests
    std::unique_ptr<SessionLayout> layout;
    std::unique_ptr<KernelObjects> objects;
    Watcher watcher;
    std::vector<RunProcess> procs;
    pid_t pgid = 0;
    qint64 startNs = 0;
    bool running = false;
    qint64 deadlineNs = 0;  // CLOCK_MONOTONIC time of the timeout (0: none)
    bool finishing = false; // finish() has begun (it hands over what is left, then is done)
    bool done = false;
    bool started = false; // kStart sent
    bool paused = false;
    // Children of the Session, so that moveToThread() takes them along.
    QTimer *drainTimer = nullptr, *pollTimer = nullptr, *timeoutTimer = nullptr,
           *releaseTimer = nullptr;
    EventBatch out;
    EventBatch spareBatch; // for flushOut
    // Batches handed to a receiver in another thread that it has not let go of yet (a copy
    // each, shared with the receiver's: detached once it is done with it).
    std::deque<EventBatch> handedOver;
    qsizetype handedOverEvents = 0; // in those batches
    qint64 behindSinceNs = 0;       // when the receiver was last found behind (0: it was not)
    QElapsedTimer sinceFlush;       // since out was last handed over
    EventBatch epoch;
    TextCache texts;     // short step texts, shared from event to event
    int epochFirst = -1; // the process released at the start of the epoch
    quint64 eventCount = 0;
    // Scheduling
    Scheduler scheduler{Schedule{}, sc}; // which process steps next (Session sets its schedule)
    int lastNext = -1;                   // last announced by nextChanged
    int pendingSteps = 0;
    QList<int> manual;
    // Stops and continues, told in their place among the steps.
    JobControl jobs{[this](RunProcess &) { drainAllRings(); },
                    [this](RunProcess &p, Event::Kind kind, int sig, qint64 notAfterNs) {
                        tellStop(p, kind, sig, notAfterNs);
                    }};
    BlockedDetector blockedDetector{
        sc,
        {.letsGoOn = [this](const RunProcess &p, const ProcSample &s) { return canProceed(p, s); },
         .spinHolder = [this](int res) { return objects->at(res).holder().instance; }},
        [this](Event &&e) {
            e.tNs = now();
            emitEvent(std::move(e));
        }};
    // Deadlock detection
    DeadlockWatch deadlockWatch; // two polls alike, every live process blocked: a deadlock
    RunResult result;
    QList<int> lastReady;

    bool stepMode() const { return schedule.stepMode(); }
    const ProcessSpec &programOf(const RunProcess &p) const
    {
        return sc.processes[size_t(sc.instances[size_t(p.index)].spec)];
    }
    qint64 now() const { return monotonicNs() - startNs; }

    void start();
    bool setUp(QString *error);
    bool launch(QString *error);
    void emitEvent(Event e);
    Event &appendEvent(); // a new default event, in place, where emitEvent would put it
    void flushEpoch();
    void flushOut();
    void readControl(RunProcess &p, qsizetype budget = std::numeric_limits<qsizetype>::max());
    // "IPCSIM_SESSION=<session folder>", in the environment of every process it starts.
    std::string sessionMarker() const { return core::sessionMarker(dir.path()); }
    void afterMessages(RunProcess &p);
    void readOutput(RunProcess &p, bool final = false);
    void sampleKernel();
    int pollCount = 0;
    void takeRecord(RunProcess &p, const wire::StepRecord &r);
    // Every ring, cut at one moment (engine/ringdrain.h): never one process's alone, which
    // could take an effect whose cause, in another ring, is not read. True: it took budget
    // records, and some are left.
    bool drainAllRings(qsizetype budget = std::numeric_limits<qsizetype>::max());
    void checkDropped(RunProcess &p);
    // true: it took budget records and left some in the rings.
    bool drainAll(qsizetype budget = std::numeric_limits<qsizetype>::max());
    // The receiver in another thread (the window) still holds kMaxBehind events: it takes
    // them slower than the processes make them. The rings are then left to fill, and the
    // processes wait for room (their waitedNs, which the run's ending reports), where the
    // receiver's queue would grow by the whole flood.
    // The time it holds the processes back is ipcsim's, not the scenario's: it does not count
    // against the timeout.
    bool receiverBehind()
    {
        while (!handedOver.empty() && handedOver.front().isDetached()) {
            handedOverEvents -= handedOver.front().size();
            handedOver.pop_front();
        }
        const bool behind = handedOverEvents >= kMaxBehind;
        const qint64 t = monotonicNs();
        if (behindSinceNs > 0 && deadlineNs > 0) {
            deadlineNs += t - behindSinceNs;
            timeoutTimer->start(int(std::clamp<qint64>((deadlineNs - t) / 1000000, 0, INT_MAX)));
        }
        behindSinceNs = behind ? t : 0;
        return behind;
    }
    qsizetype batchRoom() const // what one more drain may add to the batch
    {
        return std::max<qsizetype>(kMaxBatch - out.size() - epoch.size(), kMaxBatch / 16);
    }
    void onExit(RunProcess &p);
    void recordExit(RunProcess &p, int status);
    void poll();
    bool pastDeadline(); // the timeout has come: the run is finished
    void tellStop(RunProcess &p, Event::Kind kind, int sig, qint64 notAfterNs);
    bool canProceed(const RunProcess &p, const ProcSample &s) const;
    bool quiescent();
    void afterChange();
    void release(RunProcess &p);
    void releaseFree(RunProcess &p);
    int pick();
    void releaseNext();
    void checkDeadlock(bool allBlocked); // every live process is blocked
    void setGated(bool gated);
    void finish(RunResult::End end, const QString &error = {});
    QString scheduleStall() const;
    void announceReady();
    void announceNext(int instance);
    // How often the kernel is asked whether a process in a step sleeps (two samples confirm
    // it): every 1 ms in step mode; every 5 ms in slow motion, where each step is watched and
    // few processes are in one at a time, so a sleep shows within 10 ms instead of 40; every
    // 20 ms at full speed, where many may be.
    int pollMs() const { return stepMode() ? 1 : opt.stepDelayMs > 0 ? 5 : 20; }
    int peekPick() const; // what pick() would return now, moving nothing
    std::vector<Scheduler::Standing> standings() const; // where each process is, for the scheduler
    Event engineEvent(Event::Kind kind) const
    {
        Event e;
        e.kind = kind;
        e.tNs = now();
        return e;
    }
};

Session::Session(Scenario scenario, Options options, QObject *parent)
    : QObject(parent),
      d(std::make_unique<SessionPrivate>(this, std::move(scenario), std::move(options)))
{
    qRegisterMetaType<ipcsim::core::EventBatch>();
    qRegisterMetaType<ipcsim::core::RunResult>();
    d->schedule = d->opt.scheduleGiven ? d->opt.schedule : d->sc.schedule;
    d->timeoutMs = d->opt.timeoutMs >= 0 ? d->opt.timeoutMs : d->sc.timeoutMs;
    d->scheduler = Scheduler(d->schedule, d->sc);
    d->paused = d->opt.startPaused;
    d->drainTimer = new QTimer(this);
    d->pollTimer = new QTimer(this);
    d->timeoutTimer = new QTimer(this);
    d->releaseTimer = new QTimer(this);
    // The rings are drained at least every kDrainMs, whatever the delivery interval: a worker
    // may write two million records a second, and a ring holds only 32k.
    d->drainTimer->setInterval(std::clamp(d->opt.batchIntervalMs, 1, kDrainMs));
    connect(d->drainTimer, &QTimer::timeout, this, [this] {
        // A flood fills the rings faster than one batch takes: batch after batch, each handed
        // over when full, until the rings are read or a tick's time is up (then the event
        // loop's other sources get their turn: a stop, a socket, the window).
        QElapsedTimer tick;
        tick.start();
        while (d->running && !d->pastDeadline()) {
            const bool more = d->drainAll(d->receiverBehind() ? 0 : d->batchRoom());
            d->afterChange();
            // Handed over every batchIntervalMs (give or take half a tick of the drain timer).
            if (d->opt.batchIntervalMs <= kDrainMs || d->out.size() >= kMaxBatch ||
                d->sinceFlush.elapsed() + kDrainMs / 2 >= d->opt.batchIntervalMs)
                d->flushOut();
            if (!more || tick.elapsed() >= kDrainMs) break;
        }
    });
    connect(d->pollTimer, &QTimer::timeout, this, [this] { d->poll(); });
    d->timeoutTimer->setSingleShot(true);
    d->timeoutTimer->setTimerType(Qt::PreciseTimer); // a coarse timer fires up to 5% early
    connect(d->timeoutTimer, &QTimer::timeout, this,
            [this] { d->finish(RunResult::End::Timeout); });
    d->releaseTimer->setSingleShot(true);
    connect(d->releaseTimer, &QTimer::timeout, this, [this] { d->releaseNext(); });
}

Session::~Session()
{
    if (d->running) d->finish(RunResult::End::Stopped);
}

const Scenario &Session::scenario() const
{
    return d->sc;
}
bool Session::isRunning() const
{
    return d->running;
}
QString Session::directory() const
{
    return d->directoryPath;
}

void Session::start()
{
    d->start();
}

void Session::pause()
{
    if (!d->running) return;
    d->paused = true;
    d->releaseTimer->stop();
    if (!d->stepMode()) d->setGated(true);
}

void Session::resume()
{
    if (!d->running) return;
    d->paused = false;
    if (!d->stepMode()) {
        // Free again: at full speed without gates; in slow motion each process waiting at its
        // gate goes after the delay, as it would have had it arrived now.
        d->setGated(d->opt.stepDelayMs > 0);
        for (RunProcess &p : d->procs)
            if (p.atGate && !p.ended) d->releaseFree(p);
    }
    d->afterChange();
}

void Session::step()
{
    if (!d->running) return;
    ++d->pendingSteps;
    d->afterChange();
}

void Session::stepProcess(int instance)
{
    if (!d->running || instance < 0 || instance >= int(d->procs.size())) return;
    d->manual.append(instance);
    d->afterChange();
}

void Session::setStepDelay(int ms)
{
    d->opt.stepDelayMs = std::max(0, ms);
    if (d->running) d->pollTimer->setInterval(d->pollMs());
    if (!d->running || d->stepMode()) return;
    // Free schedule: slow motion means every process stops at its gate and is let go after the
    // delay; full speed means no gate at all.
    if (!d->paused) {
        d->setGated(d->opt.stepDelayMs > 0);
        for (RunProcess &p : d->procs)
            if (p.atGate && !p.ended) d->releaseFree(p);
    }
}

void Session::stop()
{
    if (d->running) d->finish(RunResult::End::Stopped);
}

// ---------------------------------------------------------------------------------------------

void SessionPrivate::start()
{
    if (running || done) return;
    running = true;
    startNs = monotonicNs();
    result.exits.clear();
    for (const Instance &in : sc.instances) {
        ProcessExit e;
        e.name = QString::fromStdString(in.name);
        result.exits.append(e);
    }
    QString error;
    if (!setUp(&error) || !launch(&error)) {
        qCInfo(lcSession) << "could not start:" << error;
        finish(RunResult::End::EngineError, error);
        return;
    }
    qCDebug(lcSession) << "started" << procs.size() << "processes in" << directoryPath;
    drainTimer->start();
    sinceFlush.start();
    pollTimer->start(pollMs());
    if (timeoutMs > 0) {
        timeoutTimer->start(int(std::min<qint64>(timeoutMs, INT_MAX)));
        deadlineNs = monotonicNs() + timeoutMs * 1000000;
    }
}

// The timeout, looked at between batches too: a flood keeps the event loop so busy that its
// timer fired up to 1.7 s late.
bool SessionPrivate::pastDeadline()
{
    if (deadlineNs <= 0 || monotonicNs() < deadlineNs) return false;
    finish(RunResult::End::Timeout);
    return true;
}

bool SessionPrivate::setUp(QString *error)
{
    SessionDirectory::purgeStale();
    if (!dir.create(error)) return false;
    directoryPath = QString::fromStdString(dir.path());
    layout = std::make_unique<SessionLayout>(dir.path());
    std::string err;
    if (!watcher.start(dir.path(), &err)) {
        *error = QString::fromStdString(err);
        return false;
    }
    // The workers read the loaded scenario from the session folder (a built-in or unsaved
    // scenario has no file of its own), as its image: none of them parses the JSON again.
    const std::string image = imageOf(sc);
    const int fd = open(layout->imagePath().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        *error = QString::fromStdString(sys::describe("writing " + layout->imagePath(), errno));
        return false;
    }
    size_t done = 0;
    while (done < image.size()) {
        const ssize_t n =
            sys::retry([&] { return ::write(fd, image.data() + done, image.size() - done); });
        if (n <= 0) break;
        done += size_t(n);
    }
    close(fd);
    if (done != image.size()) {
        *error = QStringLiteral("could not write the scenario into the session folder");
        return false;
    }
    objects = std::make_unique<KernelObjects>(sc, *layout);
    return objects->create(dir, error);
}

bool SessionPrivate::launch(QString *error)
{
    QString workerPath = opt.workerPath;
    if (workerPath.isEmpty()) workerPath = qEnvironmentVariable("IPCSIM_WORKER");
    if (workerPath.isEmpty())
        workerPath = QCoreApplication::applicationDirPath() + QStringLiteral("/ipcsim-worker");
    const std::string worker = workerPath.toStdString();
    if (access(worker.c_str(), X_OK) != 0) {
        *error = QStringLiteral("ipcsim-worker not found at %1").arg(workerPath);
        return false;
    }

    procs.resize(sc.instances.size());
    for (size_t i = 0; i < sc.instances.size(); ++i) {
        const Instance &in = sc.instances[i];
        RunProcess &p = procs[i];
        p.index = int(i);
        LaunchPlan plan;
        if (!plan.plan(sc, *objects, worker, dir.path(),
                       stepMode() || paused || opt.stepDelayMs > 0, p, error))
            return false;
        SpawnRequest &req = plan.request;
        req.processGroup = pgid;
        req.cpus = opt.cpus;
        req.env = {sessionMarker()};
        std::string err;
        const Spawned s = spawnProcess(req, &err);
        plan.closeChildEnds();
        if (s.pid < 0) {
            *error = QStringLiteral("launching %1: %2")
                         .arg(QString::fromStdString(in.name), QString::fromStdString(err));
            if (s.pid > 0) {
                kill(s.pid, SIGKILL);
                waitpid(s.pid, nullptr, 0);
            }
            return false;
        }
        p.pid = s.pid;
        p.pidfd = s.pidfd;
        p.launchReport = s.reportFd;
        p.launched = req;
        if (pgid == 0) {
            pgid = s.pid;
            watcher.setProcessGroup(pgid);
        }
        objects->session()->pids[i].store(s.pid);
        result.exits[int(i)].pid = s.pid;

        const int idx = int(i);
        if (p.pidfd >= 0) {
            p.exitNotifier = new QSocketNotifier(p.pidfd, QSocketNotifier::Read, q);
            QObject::connect(p.exitNotifier, &QSocketNotifier::activated, q,
                             [this, idx] { onExit(procs[size_t(idx)]); });
        }
        if (p.outFd >= 0) {
            p.outNotifier = new QSocketNotifier(p.outFd, QSocketNotifier::Read, q);
            QObject::connect(p.outNotifier, &QSocketNotifier::activated, q,
                             [this, idx] { readOutput(procs[size_t(idx)]); });
        }
        if (p.ctl >= 0) {
            p.ctlNotifier = new QSocketNotifier(p.ctl, QSocketNotifier::Read, q);
            QObject::connect(p.ctlNotifier, &QSocketNotifier::activated, q, [this, idx] {
                // A worker asks for a drain when its ring fills: a batch's worth at a time,
                // unless the receiver is behind (its messages are read all the same).
                if (!running || pastDeadline()) return;
                readControl(procs[size_t(idx)], receiverBehind() ? 0 : batchRoom());
                afterChange();
                if (out.size() >= kMaxBatch) flushOut();
            });
        }
        Event e = engineEvent(Event::Started);
        e.proc = idx;
        e.pid = s.pid;
        emitEvent(e);
    }
    // Now that every process holds its ends, let go of ours: EOF and SIGPIPE as in real code.
    objects->closeInheritedEnds();
    // Allocate the rings' pages while the workers are still starting (on another CPU, when
    // there is one): the worker then maps pages that exist instead of allocating each one.
    // Best effort: before Linux 5.14 the worker allocates them itself.
    for (RunProcess &p : procs)
        if (p.ring) madvise(p.ring, wire::ringBytes(p.ring->capacity), MADV_POPULATE_WRITE);
    return true;
}

void SessionPrivate::emitEvent(Event e)
{
    appendEvent() = std::move(e);
}

Event &SessionPrivate::appendEvent()
{
    ++eventCount;
    return stepMode() && running ? epoch.emplaceBack() : out.emplaceBack();
}

void SessionPrivate::flushEpoch()
{
    if (epoch.isEmpty()) return;
    orderStep(epoch, epochFirst);
    out.append(epoch);
    epoch.clear();
}

void SessionPrivate::flushOut()
{
    sinceFlush.start();
    if (out.isEmpty() && causal.held() == 0) return;
    EventBatch batch;
    batch.swap(out);
    if (!stepMode()) interleaveByTime(batch); // step mode keeps its fixed order (orderStep)
    // Then causes before their effects: a read after the write that fed it, and so on.
    EventBatch told;
    told.swap(spareBatch); // memory of an earlier batch, already faulted in
    told.reserve(batch.size() + causal.held());
    causal.push(batch, told);
    if (done) causal.finish(told);
    batch.swap(told);
    told.clear(); // keeps its capacity
    spareBatch.swap(told);
    if (batch.isEmpty()) return;
    result.events += quint64(batch.size());
    const qsizetype size = batch.size();
    Q_EMIT q->eventsReady(batch);
    if (out.isEmpty() && batch.isDetached()) {
        // Nobody kept the batch (a direct connection, as in `ipcsim run`): its memory takes the
        // next one, already faulted in.
        batch.clear();
        out.swap(batch);
    } else {
        handedOver.push_back(batch); // (shared) until the receiver lets go of its copy
        handedOverEvents += size;
        if (out.isEmpty())
            out.reserve(size); // the next batch is likely as large: grow once, not step by step
    }
}

void SessionPrivate::readControl(RunProcess &p, qsizetype budget)
{
    p.readMessages();
    drainAllRings(budget);
    afterMessages(p);
}

void SessionPrivate::afterMessages(RunProcess &p)
{
    const bool gate = p.gateMessage;
    p.gateMessage = false;
    if (gate && !p.ended) {
        p.atGate = true;
        if (!stepMode() && !paused) releaseFree(p);
    }
    if (!started && running) {
        bool all = true;
        for (const RunProcess &o : procs)
            if (!o.exec && !o.hello && !o.ended) all = false;
        if (all) {
            started = true;
            for (RunProcess &o : procs)
                if (o.ctl >= 0 && !o.ended)
                    sys::retry([&] { return ::send(o.ctl, &wire::kStart, 1, MSG_NOSIGNAL); });
        }
    }
}

void SessionPrivate::readOutput(RunProcess &p, bool final)
{
    for (QByteArray &line : p.readOutput(final)) {
        Event e = engineEvent(Event::Step);
        e.phase = Phase::End;
        e.op = Op::Print;
        e.proc = p.index;
        e.pid = p.pid;
        e.seq = ++p.outLines;
        e.text = std::move(line);
        emitEvent(std::move(e));
    }
}

// One record of p's ring: the process's step state, then its event, built in place.
void SessionPrivate::takeRecord(RunProcess &p, const wire::StepRecord &r)
{
    jobs.stepped(p, qint64(r.tNs) - startNs);
    p.follow(r);
    p.sleep.reset();
    p.blocked = false;
    p.blockedReported = false;
    if (stepMode()) {
        // Any step may wake another process: every "blocked" must be confirmed again.
        for (RunProcess &o : procs) {
            o.sleep.reset();
            o.blocked = false;
        }
    }
    Event &e = appendEvent();
    fillStepEvent(e, r, p.index, p.pid, startNs, &texts);
    if (r.flags & wire::TextOnSocket) {
        // The worker sends the text before it pushes the record: if the socket was read just
        // before the text came, it is there now.
        if (!p.texts.count({r.seq, r.phase})) p.readMessages();
        auto it = p.texts.find({r.seq, r.phase});
        if (it != p.texts.end()) {
            e.text = std::move(it->second);
            p.texts.erase(it);
        }
    }
    // A script's signal reached its target (the sender's kill() returned).
    if (e.op == Op::Signal && e.phase == Phase::End && e.target >= 0 &&
        size_t(e.target) < procs.size())
        jobs.signalled(procs[size_t(e.target)], e.sig, e.tNs);
}

// Every ring at once, merged by time as the records are taken (engine/ringdrain.h).
bool SessionPrivate::drainAllRings(qsizetype budget)
{
    return drainRingsByTime(
        procs.size(), [this](size_t i) { return procs[i].ring; }, budget,
        [this](size_t i, const wire::StepRecord &r) { takeRecord(procs[i], r); },
        [this](size_t i) { checkDropped(procs[i]); });
}

void SessionPrivate::checkDropped(RunProcess &p)
{
    const RunProcess::RingNews news = p.ringNews();
    result.waitedNs += qint64(news.waitedNs);
    if (news.dropped > 0) {
        Event e = engineEvent(Event::Dropped);
        e.proc = p.index;
        e.pid = p.pid;
        e.records = qint64(news.dropped);
        result.dropped += news.dropped;
        emitEvent(e);
    }
}

bool SessionPrivate::drainAll(qsizetype budget)
{
    // Messages first (a text comes before its record), then every ring, then the gates.
    for (RunProcess &p : procs)
        p.readMessages();
    const bool more = budget > 0 && drainAllRings(budget);
    for (RunProcess &p : procs) {
        afterMessages(p);
        if (p.pidfd < 0 && !p.ended && running)
            onExit(p);                  // no pidfd: look for the exit on every drain instead
        if (p.stopComing) jobs.look(p); // told as soon as it is, not at the next poll
    }
    return more;
}

void SessionPrivate::onExit(RunProcess &p)
{
    if (p.ended) return;
    // Its last readings (engine/exits.h), then its exit.
    Reaping r = reap(p);
    if (r.readSomething()) {
        r.last.tNs = now();
        out.append(r.last);
    }
    if (!r.reaped) return;
    recordExit(p, r.status);
    if (!running) return;
    bool all = true;
    for (const RunProcess &o : procs)
        all = all && o.ended;
    if (all) {
        finish(RunResult::End::Completed);
        return;
    }
    if (!started) readControl(p); // a worker that died before Hello must not hold up the start
    afterChange();
}

// A reaped child: what it still reported, then its exit as the kernel gave it.
void SessionPrivate::recordExit(RunProcess &p, int status)
{
    readControl(p);
    readOutput(p, true);
    jobs.reaped(p, status);
    // Died waiting in a line (a spinlock's): its place must not hold up the ones behind it.
    if (p.inStep && p.spinning && p.res >= 0 && objects)
        objects->at(p.res).waiterDied(p.index, p.spinTicket);
    if (p.exitNotifier) p.exitNotifier->setEnabled(false);
    Event e = exitOf(p, status, result.exits[p.index]);
    e.tNs = now();
    emitEvent(e);
}

bool SessionPrivate::canProceed(const RunProcess &p, const ProcSample &s) const
{
    if (p.op == Op::Await)
        // Its own signal pending: sigwaitinfo takes it at once. Another blocked signal pending
        // (one a later await will take) does not let this one go on.
        return p.sig > 0 && p.sig <= 64 && (s.sigPending & (1ULL << (p.sig - 1))) != 0;
    return p.res >= 0 && objects->at(p.res).letsGoOn(p.op);
}

void SessionPrivate::tellStop(RunProcess &p, Event::Kind kind, int sig, qint64 notAfterNs)
{
    result.exits[p.index].stoppedBy = p.stoppedBy;
    Event e = engineEvent(kind);
    if (notAfterNs >= 0) e.tNs = std::min(e.tNs, notAfterNs);
    e.sig = sig;
    e.proc = p.index;
    e.pid = p.pid;
    e.line = p.line;
    e.seq = p.seq;
    e.op = p.inStep ? p.op : Op::None;
    e.res = p.inStep ? p.res : -1;
    emitEvent(e);
}

void SessionPrivate::poll()
{
    if (!running) return;
    drainAll(receiverBehind() ? 0 : batchRoom());
    bool allBlocked = true;
    int live = 0;
    for (RunProcess &p : procs) {
        if (p.ended) continue;
        ++live;
        jobs.look(p);
        const bool b = blockedDetector.sample(p);
        if (!b) allBlocked = false;
    }
    checkDeadlock(live > 0 && allBlocked);
    if (!running) return;
    if (++pollCount * pollTimer->interval() >= 100) {
        pollCount = 0;
        sampleKernel();
    }
    afterChange();
}

// Readings straight from the kernel, ten times a second: CPU time of every live process, depth
// of every message queue, value of every semaphore. The charts and the inspector show them as
// kernel numbers, beside what the processes reported.
void SessionPrivate::sampleKernel()
{
    for (const RunProcess &p : procs) {
        if (p.ended) continue;
        const ProcSample s = sampleProcess(p.pid);
        if (!s.ok) continue;
        Event e = engineEvent(Event::Sample);
        e.proc = p.index;
        e.pid = p.pid;
        e.cpuNs = cpuTimeNs(p.pid);
        e.switches = qint64(s.voluntarySwitches + s.involuntarySwitches);
        if (p.exec) readProgramIo(e, p.pid);
        out.append(e); // outside the step order: a reading, not a step
    }
    for (size_t r = 0; r < sc.resources.size(); ++r) {
        const std::optional<qint64> value = objects->at(int(r)).sample();
        if (!value) continue;
        Event e = engineEvent(Event::Sample);
        e.res = int(r);
        e.kernelValue = *value;
        out.append(e);
    }
}

bool SessionPrivate::quiescent()
{
    if (!started) return false;
    for (RunProcess &p : procs) {
        if (p.ended || p.exec) continue;
        // A SIGSTOP sent is seen to stop its target before anyone goes on: what the next step
        // may do depends on it.
        jobs.look(p);
        if (p.stopComing) return false;
        // Stopped, it takes no signal but SIGKILL until SIGCONT: the others stay pending.
        if (p.stoppedBy) continue;
        const ProcSample s = sampleProcess(p.pid);
        if (s.ok && s.signalDeliverable()) return false;
        if (!p.atGate && !p.blocked) return false;
    }
    return true;
}

void SessionPrivate::announceReady()
{
    QList<int> ready;
    for (const RunProcess &p : procs)
        if (p.atGate && !p.ended && !p.stoppedBy) ready.append(p.index);
    if (ready != lastReady) {
        lastReady = ready;
        // Whoever hears "ready" must already have every event that led there.
        if (stepMode() && quiescent()) flushEpoch();
        flushOut();
        Q_EMIT q->readyChanged(ready);
    }
}

void SessionPrivate::announceNext(int instance)
{
    if (instance == lastNext) return;
    lastNext = instance;
    Q_EMIT q->nextChanged(instance);
}

void SessionPrivate::afterChange()
{
    if (!running) return;
    announceReady();
    const bool gatedRun = stepMode() || paused;
    if (!gatedRun) return;
    if (!quiescent()) return;
    flushEpoch();
    announceNext(peekPick()); // what step() would release
    // Manual choices first ("you are the scheduler"), then explicit Step presses, then the policy.
    while (!manual.isEmpty()) {
        const int i = manual.takeFirst();
        const RunProcess *chosen = i >= 0 && i < int(procs.size()) ? &procs[size_t(i)] : nullptr;
        if (chosen && chosen->atGate && !chosen->ended && !chosen->stoppedBy) {
            release(procs[size_t(i)]);
            return;
        }
    }
    if (pendingSteps > 0) {
        const int i = pick();
        if (i >= 0) {
            --pendingSteps;
            release(procs[size_t(i)]);
        }
        return;
    }
    if (stepMode() && !paused && !releaseTimer->isActive()) {
        if (opt.stepDelayMs > 0)
            releaseTimer->start(opt.stepDelayMs);
        else
            releaseNext();
    }
}

void SessionPrivate::releaseNext()
{
    if (!running || !quiescent()) return;
    const int i = pick();
    if (i >= 0) release(procs[size_t(i)]);
}

std::vector<Scheduler::Standing> SessionPrivate::standings() const
{
    std::vector<Scheduler::Standing> out;
    out.reserve(procs.size());
    for (const RunProcess &p : procs)
        out.push_back({p.atGate, p.ended, p.stoppedBy != 0});
    return out;
}

int SessionPrivate::pick()
{
    return scheduler.pick(standings());
}

int SessionPrivate::peekPick() const
{
    return scheduler.peek(standings());
}

void SessionPrivate::release(RunProcess &p)
{
    if (!p.atGate || p.ended || p.ctl < 0) return;
    flushEpoch();
    p.atGate = false;
    announceNext(-1);
    scheduler.released(p.index);
    epochFirst = p.index;
    deadlockWatch.reset();
    if (stepMode() || paused) {
        Event e = engineEvent(Event::Released);
        e.proc = p.index;
        e.pid = p.pid;
        e.line = p.line;
        e.op = p.op;
        emitEvent(e);
    }
    sys::retry([&] { return ::send(p.ctl, &wire::kGo, 1, MSG_NOSIGNAL); });
    announceReady();
}

// Free schedule, not paused: a process at its gate goes after the slow motion's delay, or at
// once at full speed (it was gated a moment ago). Each release is checked again when it
// comes: a pause, a step or the end of the run may have come first.
void SessionPrivate::releaseFree(RunProcess &p)
{
    if (opt.stepDelayMs <= 0) {
        release(p);
        return;
    }
    const int idx = p.index;
    QTimer::singleShot(opt.stepDelayMs, q, [this, idx] {
        RunProcess &pp = procs[size_t(idx)];
        if (running && !paused && pp.atGate && !stepMode()) release(pp);
    });
}

void SessionPrivate::setGated(bool gated)
{
    for (RunProcess &p : procs)
        if (p.ring) p.ring->gated.store(gated ? 1 : 0);
}

void SessionPrivate::checkDeadlock(bool allBlocked)
{
    bool anyGate = false;
    for (const RunProcess &p : procs)
        if (!p.ended && p.atGate) anyGate = true;
    if (!deadlockWatch.confirm(allBlocked && !anyGate, eventCount)) return;
    result.deadlock = findDeadlock(sc, *objects, procs);
    flushEpoch(); // the deadlock comes after every step that led to it, before the kills
    Event e = engineEvent(Event::Deadlock);
    e.deadlock = result.deadlock;
    emitEvent(e);
    finish(RunResult::End::Deadlock);
}

void SessionPrivate::finish(RunResult::End end, const QString &error)
{
    if (done || finishing) return;
    finishing = true;
    drainTimer->stop();
    pollTimer->stop();
    timeoutTimer->stop();
    releaseTimer->stop();
    // Each process stops at its next gate: a flood ends here, not when the kill lands, and
    // the rings stop filling. Then what they hold (the end comes after everything before
    // it), a batch at a time.
    setGated(true);
    while (running && drainAll(batchRoom()))
        flushOut();
    done = true;
    flushEpoch();
    if (end == RunResult::End::Timeout) {
        // A list schedule waits for the process it names; say so when that is why.
        const QString stall = scheduleStall();
        Event e = engineEvent(Event::Timeout);
        e.text = stall.toUtf8();
        emitEvent(e);
        if (error.isEmpty()) result.error = stall;
    } else if (end == RunResult::End::Stopped)
        emitEvent(engineEvent(Event::Stopped));
    flushEpoch();
    running = false;

    // Kill what is left, all at once, then reap every child (engine/teardown.h); with
    // programs, what they put out of the group too (a script starts nothing).
    std::vector<pid_t> alive(procs.size(), -1);
    for (RunProcess &p : procs) {
        if (p.pid > 0 && !p.ended) {
            p.killedByEngine = true;
            alive[size_t(p.index)] = p.pid;
        }
    }
    const std::string marker = sessionMarker();
    killRun(pgid, pgid > 0 && sc.hasExec() ? marker.c_str() : nullptr, alive);
    const std::vector<int> statuses = reapAll(alive);
    for (size_t i = 0; i < statuses.size(); ++i)
        if (statuses[i] >= 0) recordExit(procs[i], statuses[i]);
    flushEpoch();

    // What the kernel objects hold, read before they are removed.
    result.finals.clear();
    for (size_t r = 0; r < sc.resources.size(); ++r) {
        KernelFinal f;
        if (objects) objects->at(int(r)).readFinal(&f);
        result.finals.append(f);
    }

    for (RunProcess &p : procs)
        p.closeHandles();
    if (objects) objects->closeAll();
    dir.remove();
    if (!watcher.finish())
        result.warnings << QStringLiteral(
            "ipcsim's cleaner process was killed during the run: had ipcsim been killed too, "
            "what the run left would have stayed until the next start of ipcsim removed it");

    result.end = end;
    if (!error.isEmpty() || end != RunResult::End::Timeout) result.error = error;
    qCDebug(lcSession) << "ended:" << endName(end) << "after" << (monotonicNs() - startNs) / 1000000
                       << "ms";
    result.durationNs = monotonicNs() - startNs;
    flushOut();
    Q_EMIT q->finished(result);
}

void keepBatchMemory()
{
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

// Why a list schedule could not go on: the process it names next is not at its gate (blocked,
// or still in its step), and the list waits for it. Empty when that is not the case.
QString SessionPrivate::scheduleStall() const
{
    const int waitsFor = scheduler.listWaitsFor(standings());
    if (waitsFor < 0) return {};
    const RunProcess &p = procs[size_t(waitsFor)];
    const QString name = QString::fromStdString(sc.instances[size_t(p.index)].name);
    QString state = QStringLiteral("still in its step at line %1").arg(p.line);
    if (p.blocked && p.op == Op::Await)
        state = QStringLiteral("blocked at line %1 awaiting a signal").arg(p.line);
    else if (p.blocked && p.res >= 0 && size_t(p.res) < sc.resources.size())
        state = QStringLiteral("blocked at line %1 on %2")
                    .arg(p.line)
                    .arg(QString::fromStdString(sc.resources[size_t(p.res)].name));
    return QStringLiteral("the schedule's list was waiting for %1, which was %2; the list lets "
                          "no other process step before it")
        .arg(name, state);
}

const char *endName(RunResult::End e)
{
    switch (e) {
    case RunResult::End::Completed:
        return "completed";
    case RunResult::End::Deadlock:
        return "deadlock";
    case RunResult::End::Timeout:
        return "timeout";
    case RunResult::End::Stopped:
        return "stopped";
    case RunResult::End::EngineError:
        return "engine error";
    }
    return "?";
}

} // namespace ipcsim::core
