// `ipcsim run`: the headless front end. A thin caller of the same engine and reducer the window
// uses: it prints what processes print, writes traces, and summarises the end on one screen.
#pragma once

#include "engine/session.h"
#include "model/worldmodel.h"

#include <QObject>
#include <QString>
#include <memory>
#include <vector>

namespace ipcsim::core {
class TraceWriter;
class ChromeTraceWriter;
class OutputFile;
} // namespace ipcsim::core

namespace ipcsim::app {

struct RunOptions
{
    QString scenario;
    QString schedule; // empty: the file's
    QString tracePath;
    QString chromeTracePath;
    bool check = false;
    bool allowExec = false;
    qint64 timeoutMs = -1;
    bool quiet = false;    // no live output, summary only
    bool narrate = false;  // the window's narration, one sentence a line, in causal order
    std::vector<int> cpus; // the processes' CPUs (--cpus); empty: any
};

class RunCommand : public QObject
{
    Q_OBJECT
public:
    explicit RunCommand(RunOptions options);
    ~RunCommand() override;
    // Returns the process exit code: 0, 1, or 2 (bad input).
    int exec();

private:
    void onEvents(const core::EventBatch &batch);
    void onFinished(const core::RunResult &result);
    void printSummary(const core::RunResult &result);

    RunOptions m_opt;
    std::unique_ptr<core::Scenario> m_scenario;
    std::unique_ptr<core::WorldModel> m_model;
    std::unique_ptr<core::Session> m_session;
    std::unique_ptr<core::TraceWriter> m_trace;
    std::unique_ptr<core::ChromeTraceWriter> m_chrome;
    std::unique_ptr<core::OutputFile> m_chromeFile;
    int m_exitCode = 1;
};

} // namespace ipcsim::app
