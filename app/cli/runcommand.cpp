#include "cli/runcommand.h"

#include "cli/scenariosource.h"
#include "model/expectations.h"
#include "story/kindwords.h"
#include "story/narrator.h"
#include "trace/chrometracewriter.h"
#include "trace/outputfile.h"
#include "trace/tracenames.h"
#include "trace/tracewriter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ipcsim::app {

namespace {

int g_signalPipe[2] = {-1, -1};

void onTerminalSignal(int)
{
    const char c = 1;
    [[maybe_unused]] ssize_t n = write(g_signalPipe[1], &c, 1);
}

QString describeExit(const core::ProcessExit &x)
{
    if (x.termSignal > 0) {
        QString s = QStringLiteral("killed by %1").arg(core::TraceNames::signalName(x.termSignal));
        if (x.killedByEngine) s += QStringLiteral(" (ended by ipcsim)");
        // It could do nothing more: stopped, nobody sent it SIGCONT.
        if (x.stoppedBy > 0)
            s += QStringLiteral(" while stopped by %1, never continued")
                     .arg(core::TraceNames::signalName(x.stoppedBy));
        return s;
    }
    if (x.exitCode >= 0 && !x.failure.isEmpty())
        return QStringLiteral("exited %1: %2").arg(x.exitCode).arg(x.failure);
    if (x.exitCode >= 0) return QStringLiteral("exited %1").arg(x.exitCode);
    return QStringLiteral("did not end");
}

} // namespace

RunCommand::RunCommand(RunOptions options) : m_opt(std::move(options)) {}
RunCommand::~RunCommand() = default;

int RunCommand::exec()
{
    core::LoadResult loaded = loadScenarioArgument(m_opt.scenario);
    if (!loaded.ok()) {
        for (const std::string &e : loaded.errors)
            std::fprintf(stderr, "%s\n", e.c_str());
        return 2;
    }
    m_scenario = std::make_unique<core::Scenario>(std::move(*loaded.scenario));
    const core::Scenario &sc = *m_scenario;
    if (sc.hasExec() && !m_opt.allowExec) {
        std::fprintf(
            stderr,
            "%s: runs external programs (\"exec\"); run it with --allow-exec if you trust it\n",
            sc.fileName.c_str());
        return 2;
    }
    core::Session::Options so;
    if (!m_opt.schedule.isEmpty()) {
        std::string err;
        const auto s = core::parseSchedule(m_opt.schedule.toStdString(), sc, &err);
        if (!s) {
            std::fprintf(stderr, "--schedule %s: %s\n", qPrintable(m_opt.schedule), err.c_str());
            return 2;
        }
        so.schedule = *s;
        so.scheduleGiven = true;
    }
    so.timeoutMs = m_opt.timeoutMs;
    so.batchIntervalMs = 5;
    so.cpus = m_opt.cpus;

    m_model = std::make_unique<core::WorldModel>(sc);
    // Both traces are checked and created before anything runs (a bad path is bad input),
    // never over the scenario being run, and get their names only when complete.
    const QStringList inputs{m_opt.scenario};
    if (!m_opt.tracePath.isEmpty() && !m_opt.chromeTracePath.isEmpty() &&
        QFileInfo(m_opt.tracePath).absoluteFilePath() ==
            QFileInfo(m_opt.chromeTracePath).absoluteFilePath()) {
        std::fprintf(stderr, "--trace and --chrome-trace name the same file, %s\n",
                     qPrintable(m_opt.tracePath));
        return 2;
    }
    if (!m_opt.tracePath.isEmpty()) {
        m_trace = std::make_unique<core::TraceWriter>(sc);
        if (!m_trace->open(m_opt.tracePath, so.scheduleGiven ? so.schedule : sc.schedule, inputs)) {
            std::fprintf(stderr, "--trace %s: %s\n", qPrintable(m_opt.tracePath),
                         qPrintable(m_trace->errorString()));
            return 2;
        }
    }
    if (!m_opt.chromeTracePath.isEmpty()) {
        m_chromeFile = std::make_unique<core::OutputFile>();
        if (!m_chromeFile->create(m_opt.chromeTracePath, inputs)) {
            std::fprintf(stderr, "--chrome-trace %s: %s\n", qPrintable(m_opt.chromeTracePath),
                         qPrintable(m_chromeFile->errorString()));
            return 2;
        }
        m_chrome = std::make_unique<core::ChromeTraceWriter>(sc);
    }

    // Ctrl+C stops the run the clean way: every process killed, every object removed.
    if (pipe2(g_signalPipe, O_CLOEXEC | O_NONBLOCK) == 0) {
        struct sigaction sa = {};
        sa.sa_handler = onTerminalSignal;
        sigaction(SIGINT, &sa, nullptr);
        sigaction(SIGTERM, &sa, nullptr);
        sigaction(SIGHUP, &sa, nullptr);
    }
    auto *notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, this);

    m_session = std::make_unique<core::Session>(sc, so);
    connect(notifier, &QSocketNotifier::activated, this, [this] {
        char buf[16];
        while (read(g_signalPipe[0], buf, sizeof buf) > 0) {
        }
        m_session->stop();
    });
    connect(m_session.get(), &core::Session::eventsReady, this, &RunCommand::onEvents);
    connect(m_session.get(), &core::Session::finished, this, &RunCommand::onFinished);
    QMetaObject::invokeMethod(m_session.get(), &core::Session::start, Qt::QueuedConnection);
    QCoreApplication::exec();
    m_session.reset();
    return m_exitCode;
}

void RunCommand::onEvents(const core::EventBatch &batch)
{
    if (m_opt.narrate) {
        // Each sentence reads the world as it was just before its event, as in the window.
        for (const core::Event &e : batch) {
            const QString s = core::Narrator::describe(e, m_model->state());
            if (!s.isEmpty()) std::fprintf(stdout, "%s\n", qPrintable(s));
            m_model->apply(e);
        }
    } else {
        m_model->apply(batch);
    }
    if (m_trace) m_trace->write(batch);
    if (m_chrome) m_chrome->add(batch);
    if (m_opt.quiet || m_opt.narrate) {
        std::fflush(stdout);
        return;
    }
    for (const core::Event &e : batch) {
        if (e.kind == core::Event::Step && e.op == core::Op::Print && e.phase == core::Phase::End) {
            const QByteArray name = m_model->state().processes[e.proc].name.toUtf8();
            std::fprintf(stdout, "%s: ", name.constData());
            std::fwrite(e.text.constData(), 1, size_t(e.text.size()), stdout); // NULs too
            std::fputc('\n', stdout);
        }
    }
    std::fflush(stdout);
}

void RunCommand::onFinished(const core::RunResult &result)
{
    const core::Scenario &sc = *m_scenario;
    for (qsizetype r = 0; r < result.finals.size(); ++r)
        m_model->setFinal(int(r), result.finals[r]);
    // A trace that could not be written whole fails the run: it is not what happened.
    bool tracesWritten = true;
    if (m_trace && !m_trace->close()) {
        std::fprintf(stderr, "--trace %s: %s\n", qPrintable(m_opt.tracePath),
                     qPrintable(m_trace->errorString()));
        tracesWritten = false;
    }
    if (m_chrome) {
        QString err;
        if (!m_chrome->save(*m_chromeFile, &err)) {
            std::fprintf(stderr, "--chrome-trace %s: %s\n", qPrintable(m_opt.chromeTracePath),
                         qPrintable(err));
            tracesWritten = false;
        }
    }
    if (m_opt.narrate) {
        std::fprintf(stdout, "%s\n", qPrintable(core::Narrator::ending(result, m_model->state())));
        bool asExpected = true;
        const QString verdict = core::Narrator::verdict(sc, result, m_model->state(), &asExpected);
        if (!verdict.isEmpty()) std::fprintf(stdout, "%s\n", qPrintable(verdict));
    }
    printSummary(result);

    if (m_opt.check) {
        // Only the keys given are checked (the contract): a deadlock or a timeout fails the
        // check only through an expectation it breaks. Two things make the check itself
        // impossible: an engine failure (nothing ran as written), and lost records (DESIGN.md,
        // invariant 3: a drop fails --check).
        const QStringList failures = core::checkExpectations(sc, result, m_model->state());
        QStringList all = failures;
        if (result.dropped > 0)
            all << QStringLiteral("telemetry: %1 step records were lost, so the run cannot be "
                                  "checked: what the lost records said is not known")
                       .arg(result.dropped);
        if (result.end == core::RunResult::End::EngineError)
            all << QStringLiteral("engine: %1").arg(result.error);
        for (const QString &f : all)
            std::fprintf(stdout, "check failed: %s\n", qPrintable(f));
        if (all.isEmpty()) std::fprintf(stdout, "check: every expectation holds\n");
        m_exitCode = all.isEmpty() ? 0 : 1;
    } else {
        m_exitCode = result.end == core::RunResult::End::Completed ? 0 : 1;
    }
    if (!tracesWritten) m_exitCode = 1;
    std::fflush(stdout);
    QCoreApplication::exit(m_exitCode);
}

void RunCommand::printSummary(const core::RunResult &result)
{
    const core::Scenario &sc = *m_scenario;
    const core::WorldState &w = m_model->state();
    std::fprintf(stdout, "── %s: %s after %.3f s ──\n", sc.title.c_str(), core::endName(result.end),
                 double(result.durationNs) / 1e9);
    if (result.end == core::RunResult::End::EngineError)
        std::fprintf(stdout, "  error: %s\n", qPrintable(result.error));
    for (const QString &w : result.warnings)
        std::fprintf(stdout, "  warning: %s\n", qPrintable(w));
    if (result.end == core::RunResult::End::Timeout && !result.error.isEmpty())
        std::fprintf(stdout, "  %s\n", qPrintable(result.error));
    int width = 4;
    for (const core::ProcessExit &x : result.exits)
        width = std::max(width, int(x.name.size()));
    for (qsizetype i = 0; i < result.exits.size(); ++i) {
        const core::ProcessExit &x = result.exits[i];
        QString extra;
        if (i < w.processes.size() && !w.processes[i].lastError.isEmpty() &&
            w.processes[i].lastError != x.failure) {
            const QString &err = w.processes[i].lastError;
            // Script errors already say their line; a failed call says its errno name.
            extra = err.startsWith(QLatin1String("line "))
                        ? QStringLiteral("  (%1)").arg(err)
                        : QStringLiteral("  (line %1: %2)").arg(w.processes[i].line).arg(err);
        }
        std::fprintf(stdout, "  %-*s  pid %-7d %s%s\n", width, qPrintable(x.name), x.pid,
                     qPrintable(describeExit(x)), qPrintable(extra));
    }
    // What the kernel held in the objects at the end (read before they were removed): the
    // cells of shared memory first, then the others.
    for (const bool cells : {true, false}) {
        for (size_t r = 0; r < sc.resources.size() && qsizetype(r) < result.finals.size(); ++r) {
            const core::KernelFinal &f = result.finals[qsizetype(r)];
            if (!f.read || f.cells.isEmpty() == cells) continue;
            if (const auto atTheEnd = core::kindWords(sc.resources[r].type).atTheEnd)
                std::fprintf(stdout, "  %s%s\n", sc.resources[r].name.c_str(),
                             qPrintable(atTheEnd(f)));
        }
    }
    if (result.end == core::RunResult::End::Deadlock) {
        for (const core::DeadlockWait &wt : result.deadlock.waits)
            std::fprintf(stdout, "  deadlock: %s waits on %s\n",
                         qPrintable(core::processName(sc, wt.proc)),
                         qPrintable(core::waitedName(sc, wt)));
        if (!result.deadlock.cycle.isEmpty())
            std::fprintf(
                stdout, "  cycle: %s\n",
                qPrintable(
                    core::circleNames(sc, result.deadlock.cycle).join(QStringLiteral(" → "))));
    }
    std::fprintf(stdout, "  events %llu, telemetry records dropped %llu\n",
                 static_cast<unsigned long long>(result.events),
                 static_cast<unsigned long long>(result.dropped));
    if (result.waitedNs > 0)
        std::fprintf(stdout,
                     "  slowed by recording: the processes made steps faster than ipcsim read "
                     "them and waited %.1f ms in all for it to catch up (nothing was lost)\n",
                     double(result.waitedNs) / 1e6);
}

} // namespace ipcsim::app
