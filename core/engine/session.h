// One run of a scenario: creates its kernel objects, launches its processes, schedules their
// steps, watches them, and removes everything when the run ends, however it ends.
// Lives in the thread that created it (the launcher must be a thread that outlives the run:
// PR_SET_PDEATHSIG fires when the forking thread exits). The GUI puts it in an engine thread
// and talks to it through queued slot calls; it never blocks its thread's event loop.
#pragma once

#include "engine/runresult.h"
#include "model/event.h"
#include "scenario/scenario.h"

#include <QObject>
#include <memory>
#include <string>
#include <vector>

namespace ipcsim::core {

class SessionPrivate;

// Events come in batches allocated and freed many times a second. Keeps freed memory in the
// heap for the next batch instead of returning it to the kernel and faulting it in again
// (about 2 us a page on a VM). Call once at the start of main() of a program that runs
// sessions; ipcsim and the benchmarks that stand in for its engine do.
void keepBatchMemory();

// Parses a CPU list as taskset and /sys write them ("0", "0,2", "1-3,6") into its CPUs in
// ascending order, each one online (Session::Options::cpus). On error returns an empty list
// and sets *error to a sentence that names the problem.
std::vector<int> parseCpuList(const std::string &text, std::string *error);

class Session : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        QString workerPath; // ipcsim-worker; empty: beside the running executable
        Schedule schedule;  // overrides the scenario's
        bool scheduleGiven = false;
        qint64 timeoutMs = -1; // -1: the scenario's
        // Start as if paused: every process waits at its first gate for step(), stepProcess()
        // or resume(), whatever the schedule (a free one included).
        bool startPaused = false;
        int stepDelayMs = 0;      // pause between two released steps (slow motion); 0: none
        int batchIntervalMs = 15; // how often events are delivered
        std::vector<int> cpus;    // CPUs the scenario's processes run on (see parseCpuList);
                                  // empty: any. ipcsim itself is not restricted.
    };

    Session(Scenario scenario, Options options, QObject *parent = nullptr);
    ~Session() override; // stops and cleans up if still running (blocks until children are gone)

    const Scenario &scenario() const;
    bool isRunning() const;
    // The session folder (ipcsim-<pid>-<random>), valid after start().
    QString directory() const;

public Q_SLOTS:
    // Creates every object, launches every process. On failure emits finished(EngineError)
    // and leaves nothing behind.
    void start();
    void pause();                   // workers stop at their next gate; no more automatic releases
    void resume();                  // free: run free again; step schedules: release automatically
    void step();                    // release one step, to the process the policy picks
    void stepProcess(int instance); // release one step of this process ("you are the scheduler")
    void setStepDelay(int ms);
    void stop(); // kill every process, clean up, finished(Stopped)

Q_SIGNALS:
    void eventsReady(const ipcsim::core::EventBatch &batch);
    // Every process at its gate is ready for a step (step mode or pause); ready = instances.
    void readyChanged(const QList<int> &ready);
    // In step mode, once every process is at its gate or blocked: the instance the schedule's
    // policy releases next (what step() or the automatic run will release), -1 once released.
    void nextChanged(int instance);
    void finished(const ipcsim::core::RunResult &result);

private:
    std::unique_ptr<SessionPrivate> d;
    friend class SessionPrivate;
};

} // namespace ipcsim::core
