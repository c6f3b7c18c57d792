#include "model/worldmodel.h"

#include "ipc/sessionlayout.h"
#include "model/kindmodel.h"
#include "scenario/signalnames.h"

#include <algorithm>
#include <csignal>

namespace ipcsim::core {

const char *phaseName(Phase p)
{
    switch (p) {
    case Phase::Gate:
        return "gate";
    case Phase::Begin:
        return "begin";
    case Phase::End:
        return "end";
    case Phase::Error:
        return "error";
    case Phase::Exit:
        return "exit";
    }
    return "?";
}

const char *sourceName(Source s)
{
    switch (s) {
    case Source::Reported:
        return "reported";
    case Source::Kernel:
        return "kernel";
    case Source::Derived:
        return "derived";
    }
    return "?";
}

const char *procStateName(ProcState s)
{
    switch (s) {
    case ProcState::NotStarted:
        return "not started";
    case ProcState::Starting:
        return "starting";
    case ProcState::Running:
        return "running";
    case ProcState::AtGate:
        return "at gate";
    case ProcState::InStep:
        return "in step";
    case ProcState::Blocked:
        return "blocked";
    case ProcState::Spinning:
        return "spinning";
    case ProcState::Exited:
        return "exited";
    case ProcState::Killed:
        return "killed";
    }
    return "?";
}

WorldModel::WorldModel(const Scenario &scenario) : m_scenario(scenario)
{
    for (const PrintedExpect &p : m_scenario.expect.printed)
        m_keepPrinted = std::max(m_keepPrinted, int(p.lines.size()) + 1);
    reset();
}

namespace {

void indexLines(const std::vector<Stmt> &body, QVector<const Stmt *> &at)
{
    for (const Stmt &s : body) {
        if (s.line >= at.size()) at.resize(s.line + 1);
        if (!at[s.line]) at[s.line] = &s;
        indexLines(s.body, at);
        indexLines(s.elseBody, at);
    }
}

} // namespace

void WorldModel::reset()
{
    m_state = WorldState();
    m_stmtAtLine.clear();
    m_regNames.clear();
    m_regPos.clear();
    for (const ProcessSpec &spec : m_scenario.processes) {
        QVector<const Stmt *> at;
        indexLines(spec.script.body, at);
        m_stmtAtLine.append(at);
        QStringList names;
        for (const std::string &n : spec.script.regNames)
            names << QString::fromStdString(n);
        m_regNames.append(names);
    }
    for (const Instance &in : m_scenario.instances)
        m_regPos.append(QVector<int>(
            qsizetype(m_scenario.processes[size_t(in.spec)].script.regNames.size()), -1));
    for (const Instance &in : m_scenario.instances) {
        ProcessState p;
        p.name = QString::fromStdString(in.name);
        p.spec = in.spec;
        p.replica = in.replica;
        p.exec = m_scenario.processes[size_t(in.spec)].isExec();
        for (int sig : awaitedSignals(m_scenario.processes[size_t(in.spec)].script))
            p.awaitedSignals.append(sig);
        m_state.processes.append(p);
    }
    for (size_t r = 0; r < m_scenario.resources.size(); ++r) {
        const ResourceSpec &rs = m_scenario.resources[r];
        ResourceState s;
        s.name = QString::fromStdString(rs.name);
        s.type = rs.type;
        const KindModel &kind = kindModel(rs.type);
        if (kind.init) kind.init(s, int(r), rs, m_scenario);
        m_state.resources.append(s);
    }
}

void WorldModel::apply(const EventBatch &batch)
{
    for (const Event &e : batch)
        apply(e);
}

// A byte stream's level: written less read, as its processes report them.
void WorldModel::updateLevel(ResourceState &r)
{
    r.level = std::max<qint64>(0, r.bytesWritten - r.bytesRead);
}

void WorldModel::updateProgramWritten(int res)
{
    ResourceState &r = m_state.resources[res];
    const KindModel &kind = kindModel(r.type);
    if (!kind.programsWrote) return;
    qint64 sum = 0;
    for (const ProcessState &o : std::as_const(m_state.processes))
        if (o.exec && o.ioWritten > 0 && m_scenario.processes[size_t(o.spec)].stdoutRes == res)
            sum += o.ioWritten;
    kind.programsWrote(r, sum);
}

namespace {

// p's load mark of a cell, or null; const or not as p is.
template <typename Process> auto *findLoadMark(Process &p, int res, qint64 cell)
{
    for (auto &m : p.loads)
        if (m.res == res && m.cell == cell) return &m;
    return static_cast<decltype(&p.loads.front())>(nullptr);
}

} // namespace

LoadMark *WorldModel::loadMark(ProcessState &p, int res, qint64 cell)
{
    return findLoadMark(p, res, cell);
}

const LoadMark *WorldModel::lastLoad(const WorldState &world, int proc, int res, qint64 cell)
{
    if (proc < 0 || proc >= world.processes.size()) return nullptr;
    return findLoadMark(world.processes[proc], res, cell);
}

void WorldModel::setFinal(int res, const KernelFinal &kernel)
{
    if (res < 0 || res >= m_state.resources.size() || !kernel.read) return;
    ResourceState &r = m_state.resources[res];
    if (const auto reading = kindModel(r.type).finalReading) {
        reading(r, kernel);
        r.readAtTheEnd = true;
    }
}

void WorldModel::setRegister(ProcessState &p, int reg, const QByteArray &value)
{
    const QStringList &names = m_regNames[p.spec];
    if (reg < 0 || reg >= names.size()) return;
    const int instance = int(&p - m_state.processes.data());
    int &pos = m_regPos[instance][reg];
    if (pos < 0) {
        pos = int(p.registers.size());
        p.registers.append({names[reg], value});
    } else {
        p.registers[pos].value = value;
    }
}

namespace {

void removeOne(QList<int> &list, int v)
{
    list.removeOne(v);
}

} // namespace

void WorldModel::apply(const Event &e)
{
    ++m_state.events;
    if (e.tNs > m_state.nowNs) m_state.nowNs = e.tNs;
    ProcessState *p =
        e.proc >= 0 && e.proc < m_state.processes.size() ? &m_state.processes[e.proc] : nullptr;
    if (p) p->lastEventNs = e.tNs;
    switch (e.kind) {
    case Event::Step:
        if (p) applyStep(e);
        break;
    case Event::Started:
        if (p) {
            p->pid = e.pid;
            p->state = p->exec ? ProcState::Running : ProcState::Starting;
        }
        break;
    case Event::Exit:
        if (p) {
            p->exitCode = e.exitCode;
            p->termSignal = e.termSignal;
            if (!e.text.isEmpty()) p->lastError = QString::fromUtf8(e.text); // could not run
            p->state = e.termSignal > 0 ? ProcState::Killed : ProcState::Exited;
            // It waits on nothing now; its kind says what becomes of what it held (a robust
            // mutex it held is now "owner died"; the kernel releases its file locks and its
            // pipe ends).
            const ProcessSpec &spec = m_scenario.processes[size_t(p->spec)];
            for (int ri = 0; ri < m_state.resources.size(); ++ri) {
                ResourceState &r = m_state.resources[ri];
                removeOne(r.waiters, e.proc);
                r.asking.remove(e.proc);
                const KindModel &kind = kindModel(r.type);
                if (kind.exited) kind.exited(r, ri, e.proc, *p, spec);
            }
        }
        if (p) {
            bool all = true;
            for (const ProcessState &o : m_state.processes)
                all = all && (o.state == ProcState::Exited || o.state == ProcState::Killed);
            m_state.finished = all;
        }
        break;
    case Event::Blocked:
        if (p && p->exec && p->state == ProcState::Running) {
            // A program asleep in a read of its stdin (or a write, or a FIFO's open): the call
            // and the resource come with the event, as it has no steps of its own.
            p->state = ProcState::Blocked;
            p->op = e.op;
            p->res = e.res;
            p->wchan = QString::fromLatin1(e.text).trimmed();
            if (e.res >= 0 && e.res < m_state.resources.size() &&
                !m_state.resources[e.res].waiters.contains(e.proc))
                m_state.resources[e.res].waiters.append(e.proc);
        } else if (p && (p->state == ProcState::InStep || p->state == ProcState::Blocked ||
                         p->state == ProcState::Spinning)) {
            p->state = e.spinning ? ProcState::Spinning : ProcState::Blocked;
            p->wchan = QString::fromLatin1(e.text).trimmed();
        }
        break;
    case Event::Unblocked:
        if (p && p->exec && p->state == ProcState::Blocked) {
            p->state = ProcState::Running;
            if (p->res >= 0 && p->res < m_state.resources.size())
                removeOne(m_state.resources[p->res].waiters, e.proc);
            p->wchan.clear();
        } else if (p && (p->state == ProcState::Blocked || p->state == ProcState::Spinning)) {
            p->state = ProcState::InStep;
        }
        break;
    case Event::Deadlock:
        m_state.deadlock = true;
        m_state.deadlockFinding = e.deadlock;
        break;
    case Event::Timeout:
        m_state.timedOut = true;
        break;
    case Event::Stopped:
        m_state.stopped = true;
        break;
    case Event::Dropped:
        m_state.dropped += quint64(e.records);
        break;
    case Event::Sample:
        if (p) {
            if (e.cpuNs >= 0) {
                p->cpuNs = e.cpuNs;
                p->contextSwitches = e.switches;
            }
            if (e.ioWritten >= 0) {
                p->ioRead = e.ioRead;
                p->ioWritten = e.ioWritten;
                const ProcessSpec &spec = m_scenario.processes[size_t(p->spec)];
                if (spec.stdoutRes >= 0 && spec.stdoutRes < m_state.resources.size())
                    updateProgramWritten(spec.stdoutRes);
            }
        } else if (e.res >= 0 && e.res < m_state.resources.size()) {
            m_state.resources[e.res].kernelValue = e.kernelValue;
            m_state.resources[e.res].kernelValueNs = e.tNs;
        }
        break;
    case Event::Released:
        if (p && p->state == ProcState::AtGate) p->state = ProcState::Running;
        break;
    case Event::Suspended:
        if (p) {
            p->stoppedBy = e.sig > 0 ? e.sig : SIGSTOP;
            p->stoppedNs = e.tNs;
            if (p->inCall()) p->stoppedInStep = p->stoppedBy;
        }
        break;
    case Event::Continued:
        if (p) p->stoppedBy = 0;
        break;
    }
}

void WorldModel::applyStep(const Event &e)
{
    ProcessState &p = m_state.processes[e.proc];
    ResourceState *r =
        e.res >= 0 && e.res < m_state.resources.size() ? &m_state.resources[e.res] : nullptr;
    switch (e.phase) {
    case Phase::Gate:
        p.state = ProcState::AtGate;
        p.gate = e;
        p.line = e.line;
        p.op = e.op;
        p.res = e.res;
        p.shared = e.shared;
        break;
    case Phase::Begin:
        p.state = e.spinning ? ProcState::Spinning : ProcState::InStep;
        p.stepBeganNs = e.tNs;
        p.stoppedInStep = 0;
        p.line = e.line;
        p.op = e.op;
        p.res = e.res;
        p.shared = e.shared;
        p.seq = e.seq;
        p.wchan.clear();
        if (e.op == Op::Await) p.awaiting = e.sig;
        if (r) {
            r->lastTouchNs = e.tNs;
            if (!r->waiters.contains(e.proc)) r->waiters.append(e.proc);
            if (const KindModel &kind = kindModel(r->type); kind.began) {
                const ProcessSpec &spec = m_scenario.processes[size_t(p.spec)];
                kind.began(StepEnded{e, *r, p, spec, -1, *this});
            }
        }
        break;
    case Phase::End:
        applyEnd(e, p);
        break;
    case Phase::Error:
        p.state = ProcState::Running;
        p.lastError =
            e.scriptError
                ? QString::fromUtf8(e.text)
                : QString::fromLatin1(strerrorname_np(e.err) ? strerrorname_np(e.err) : "error");
        if (r) {
            removeOne(r->waiters, e.proc);
            r->asking.remove(e.proc);
        }
        break;
    case Phase::Exit:
        break;
    }
}

void WorldModel::applyEnd(const Event &e, ProcessState &p)
{
    const bool partial = e.partial;
    if (!partial) {
        p.state = ProcState::Running;
        ++p.steps;
    }
    p.wchan.clear();
    ResourceState *r =
        e.res >= 0 && e.res < m_state.resources.size() ? &m_state.resources[e.res] : nullptr;
    if (r) {
        removeOne(r->waiters, e.proc);
        r->asking.remove(e.proc);
        r->lastTouchNs = e.tNs;
    }
    const ProcessSpec &spec = m_scenario.processes[size_t(p.spec)];
    const QVector<const Stmt *> &lines = m_stmtAtLine[p.spec];
    const Stmt *stmt = e.line >= 0 && e.line < lines.size() ? lines[e.line] : nullptr;
    const int reg = stmt ? stmt->reg : -1;
    if (r) {
        // A statement on an object: what it changed is its kind's to say.
        const KindModel &kind = kindModel(r->type);
        if (kind.ended) kind.ended(StepEnded{e, *r, p, spec, reg, *this});
        return;
    }

    switch (e.op) {
    case Op::Signal:
        if (e.target >= 0 && e.target < m_state.processes.size()) {
            ProcessState &t = m_state.processes[e.target];
            if (t.awaiting == e.sig && !t.awaitFed && !t.pendingSignals.contains(e.sig))
                t.awaitFed = true; // its await takes it
            else if (t.awaitedSignals.contains(e.sig) &&
                     (isRealTime(e.sig) || !t.pendingSignals.contains(e.sig)))
                t.pendingSignals.append(e.sig);
        }
        break;
    case Op::Await:
        if (!std::exchange(p.awaitFed, false)) p.pendingSignals.removeOne(e.sig);
        p.awaiting = 0;
        setRegister(p, reg, QByteArray::number(e.signalValue()));
        break;
    case Op::Print:
        p.lastPrinted = QString::fromUtf8(e.text);
        if (p.printed.size() < m_keepPrinted) p.printed.append(p.lastPrinted);
        ++p.printedCount;
        break;
    default:
        break;
    }
}

} // namespace ipcsim::core
