// The reducer: applies events, in order, to a WorldState. The same one serves the live window,
// the replay of a trace, the headless CLI and the tests.
#pragma once

#include "engine/runresult.h"
#include "model/event.h"
#include "model/worldstate.h"

namespace ipcsim::core {

class WorldModel
{
public:
    explicit WorldModel(const Scenario &scenario);
    // Not copyable: it keeps pointers into its own copy of the scenario.
    WorldModel(const WorldModel &) = delete;
    WorldModel &operator=(const WorldModel &) = delete;

    void apply(const Event &e);
    void apply(const EventBatch &batch);
    void reset();

    const WorldState &state() const { return m_state; }
    const Scenario &scenario() const { return m_scenario; }

    // p's last load of a cell (nullptr: none).
    static const LoadMark *lastLoad(const WorldState &world, int proc, int res, qint64 cell);

    // What the kernel held in resource res at the end, as the engine read it before removing
    // it (Kernel source), handed to its kind (KindModel::finalReading): a segment's cells, a
    // queue's messages in the kernel's order, which two sends in flight at once need not have
    // been told in.
    void setFinal(int res, const KernelFinal &kernel);

    // For the kinds' model parts (model/kindmodel.h):
    // a byte stream's level: written less read, as its processes report them;
    static void updateLevel(ResourceState &r);
    // p's load mark of a cell, or null;
    static LoadMark *loadMark(ProcessState &p, int res, qint64 cell);
    // the register reg of p (-1: none) now holds value;
    void setRegister(ProcessState &p, int reg, const QByteArray &value);
    // another object of the world (a condition's mutex).
    ResourceState &resource(int res) { return m_state.resources[res]; }

private:
    void applyStep(const Event &e);
    void updateProgramWritten(int res);
    void applyEnd(const Event &e, ProcessState &p);

    Scenario m_scenario;
    WorldState m_state;
    // Printed lines kept per process: enough for every line the scenario expects, and then some.
    int m_keepPrinted = ProcessState::kMaxPrintedKept;
    // Lookups made once, not per event: the statement at each line of each spec's script, its
    // register names, and where each register sits in a process's list.
    QVector<QVector<const Stmt *>> m_stmtAtLine; // [spec][line]
    QVector<QStringList> m_regNames;             // [spec][slot]
    QVector<QVector<int>> m_regPos;              // [instance][slot] -> index in registers, -1
};

} // namespace ipcsim::core
