// How one process of a run is started. A script process is the worker, given the session
// folder and its index, a control socket, a telemetry ring and the ends its script uses
// (ipc/sessionlayout.h, fdPlan); a program (exec) is found on PATH and given its standard
// streams: the resources the file names, or a pipe the engine reads as what it printed. The
// plan holds the child's side of those descriptors until the child has them; the engine's side
// goes into the RunProcess (its control socket, ring and output).
#pragma once

#include "engine/launcher.h"

#include <QString>

#include <string>
#include <vector>

namespace ipcsim::core {

class KernelObjects;
struct RunProcess;
struct Scenario;

class LaunchPlan
{
public:
    LaunchPlan() = default;
    ~LaunchPlan() { closeChildEnds(); }
    LaunchPlan(const LaunchPlan &) = delete;
    LaunchPlan &operator=(const LaunchPlan &) = delete;

    // Plans instance p.index of the scenario: a worker (the executable at workerPath, its
    // ring gated from the start when gated), or its program. The engine's ends go into p.
    // False with *error set: nothing is started, and what was made is closed (here, or by
    // p.closeHandles()).
    bool plan(const Scenario &sc, const KernelObjects &objects, const std::string &workerPath,
              const std::string &sessionPath, bool gated, RunProcess &p, QString *error);

    SpawnRequest request; // processGroup, cpus and env are the caller's to set
    // Once the child is started (or could not be): the parent's copies of the child's ends.
    void closeChildEnds();

private:
    bool planWorker(const Scenario &sc, const KernelObjects &objects, const std::string &worker,
                    const std::string &sessionPath, bool gated, RunProcess &p, QString *error);
    bool planProgram(const Scenario &sc, const KernelObjects &objects, RunProcess &p,
                     QString *error);
    int keep(int fd); // a child's end, closed by closeChildEnds

    std::vector<int> m_childEnds;
};

} // namespace ipcsim::core
