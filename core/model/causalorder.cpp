#include "model/causalorder.h"

#include "ipc/sessionlayout.h"

#include <algorithm>

namespace ipcsim::core {

namespace {

constexpr int kSignals = 65; // 1..64

bool carriesBytes(ResourceType t)
{
    return t == ResourceType::Pipe || t == ResourceType::Fifo || t == ResourceType::Socket;
}

bool isPipe(ResourceType t)
{
    return t == ResourceType::Pipe || t == ResourceType::Fifo;
}

// A call that puts bytes or a message into a resource.
bool isProducer(Op op)
{
    return op == Op::Write || op == Op::WriteBytes || op == Op::Send;
}

// What the kernel did to a process that a signal may have caused: its death, its stop by
// SIGSTOP, its going on by SIGCONT.
bool byKernel(const Event &e)
{
    return e.kind == Event::Exit || e.kind == Event::Suspended || e.kind == Event::Continued;
}

} // namespace

CausalOrder::CausalOrder(const Scenario &scenario) : m_scenario(scenario)
{
    reset();
}

void CausalOrder::reset()
{
    const size_t procs = m_scenario.instances.size();
    const size_t resources = m_scenario.resources.size();
    m_channels.assign(resources, Channel{});
    for (size_t r = 0; r < resources; ++r) {
        const ResourceSpec &rs = m_scenario.resources[r];
        Channel &c = m_channels[r];
        c.type = rs.type;
        if (isPipe(rs.type) && rs.capacity > 0) c.capacity = rs.capacity;
        if (rs.type == ResourceType::Semaphore) c.tokens = rs.initial;
        if (rs.type == ResourceType::Barrier) c.parties = int(rs.parties);
    }
    for (const ProcessSpec &spec : m_scenario.processes) {
        if (!spec.isExec()) continue;
        for (int r : {spec.stdinRes, spec.stdoutRes, spec.stderrRes})
            if (r >= 0 && size_t(r) < resources) m_channels[size_t(r)].unseen = true;
    }
    m_closedWrite.assign(procs, std::vector<bool>(resources, false));
    for (size_t r = 0; r < resources; ++r) {
        if (!isPipe(m_channels[r].type)) continue;
        for (size_t p = 0; p < procs; ++p)
            if (writes(int(p), int(r))) ++m_channels[r].writersOpen;
    }
    m_pending.clear();
    m_heldPerProc.assign(procs, 0);
    m_heldEngine = 0;
    m_open.assign(procs, Event{});
    for (Event &e : m_open)
        e.op = Op::None;
    m_ended.assign(procs, false);
    m_signals.assign(procs, std::vector<int>(kSignals, 0));
    m_round = 0;
    m_unexplained = 0;
}

bool CausalOrder::writes(int proc, int res) const
{
    const ProcessSpec &spec = m_scenario.processes[size_t(m_scenario.instances[size_t(proc)].spec)];
    if (spec.isExec()) return spec.stdoutRes == res || spec.stderrRes == res;
    return resourceUse(spec.script, res).writes;
}

// Whether what e needs has been told: the bytes it read written, the token it took posted,
// the lock it took let go.
bool CausalOrder::met(const Event &e) const
{
    if (byKernel(e)) {
        // A death by a signal, a stop, a continue: after the step that sent the signal.
        const int sig = e.kind == Event::Exit ? e.termSignal : e.sig;
        if (sig <= 0) return true;
        for (size_t q = 0; q < m_open.size(); ++q) {
            const Event &o = m_open[q];
            if (int(q) != e.proc && o.op == Op::Signal && o.sig == sig &&
                (o.target == e.proc || o.target < 0))
                return false;
        }
        return true;
    }
    if (e.kind != Event::Step || e.phase != Phase::End) return true;
    if (e.op == Op::Await) {
        return e.sig <= 0 || e.sig >= kSignals || m_signals[size_t(e.proc)][size_t(e.sig)] > 0;
    }
    if (e.res < 0 || size_t(e.res) >= m_channels.size()) return true;
    const Channel &c = m_channels[size_t(e.res)];
    switch (e.op) {
    case Op::Read:
    case Op::Receive:
        if (c.type == ResourceType::MQueue) return c.messages > 0;
        if (!carriesBytes(c.type) || c.unseen) return true;
        if (e.eof) return !isPipe(c.type) || c.writersOpen == 0;
        {
            // A write too large for the room left goes in piece by piece as readers make room:
            // its bytes are there before it ends.
            qint64 there = c.bytes;
            for (size_t q = 0; q < m_open.size(); ++q) {
                const Event &o = m_open[q];
                if (int(q) != e.proc && isProducer(o.op) && o.res == e.res &&
                    o.value > c.capacity - c.bytes)
                    there += o.value;
            }
            return there >= e.value;
        }
    case Op::Wait:
        return c.tokens > 0;
    case Op::TryWait:
        return e.value == 0 || c.tokens > 0;
    case Op::Lock:
    case Op::TryLock:
        if (e.op == Op::TryLock && e.value == 0) return true;
        return c.owner < 0 || c.owner == e.proc;
    case Op::LockFile: {
        const bool free = c.owner < 0 || c.owner == e.proc;
        if (e.shared) return free;
        return free &&
               std::all_of(c.shared.begin(), c.shared.end(), [&e](int h) { return h == e.proc; });
    }
    case Op::Arrive:
        return c.parties <= 0 || c.arrivals >= (c.departures / c.parties + 1) * c.parties;
    case Op::Accept:
        return c.connects > c.accepts;
    default:
        return true;
    }
}

// Whether the process is inside the call that would produce what e needs.
bool CausalOrder::produces(int proc, const Event &e) const
{
    const Event &o = m_open[size_t(proc)];
    if (o.op == Op::None) return false;
    if (byKernel(e)) return false; // met() looked at the signals already
    switch (e.op) {
    case Op::Read:
    case Op::Receive:
        if (e.eof) return o.op == Op::Close && o.res == e.res;
        return isProducer(o.op) && o.res == e.res;
    case Op::Wait:
    case Op::TryWait:
        return o.op == Op::Post && o.res == e.res;
    case Op::Lock:
    case Op::TryLock:
        return o.op == Op::Unlock && o.res == e.res;
    case Op::LockFile:
        return o.op == Op::UnlockFile && o.res == e.res;
    case Op::Arrive:
        return o.op == Op::Arrive && o.res == e.res;
    case Op::Accept:
        return o.op == Op::Connect && o.res == e.res;
    case Op::Await:
        return o.op == Op::Signal && o.sig == e.sig && (o.target == e.proc || o.target < 0);
    default:
        return false;
    }
}

bool CausalOrder::causeComing(const Event &e) const
{
    if (byKernel(e)) return true; // a Signal call is open (see met)
    // A lock's holder lives: its unlock, or its death, will be told.
    if (e.res >= 0 && size_t(e.res) < m_channels.size() &&
        (e.op == Op::Lock || e.op == Op::TryLock || e.op == Op::LockFile)) {
        const Channel &c = m_channels[size_t(e.res)];
        if (c.owner >= 0 && !m_ended[size_t(c.owner)]) return true;
        for (int h : c.shared)
            if (h != e.proc && !m_ended[size_t(h)]) return true;
    }
    for (size_t q = 0; q < m_open.size(); ++q) {
        if (int(q) == e.proc || m_ended[q]) continue;
        if (produces(int(q), e) || heldOf(int(q))) return true;
    }
    return false;
}

CausalOrder::Need CausalOrder::need(const Event &e) const
{
    if (e.proc < 0 || size_t(e.proc) >= m_open.size()) return Need::Met;
    if (met(e)) return Need::Met;
    return causeComing(e) ? Need::Coming : Need::Unknown;
}

void CausalOrder::emit(Event e, EventBatch &out)
{
    tell(e);
    out.append(std::move(e));
}

// What an event that went out changes in what has been told.
void CausalOrder::tell(const Event &e)
{
    if (e.proc < 0 || size_t(e.proc) >= m_open.size()) return;
    const size_t p = size_t(e.proc);
    if (e.kind == Event::Exit) {
        m_ended[p] = true;
        m_open[p].op = Op::None;
        for (size_t r = 0; r < m_channels.size(); ++r) {
            Channel &c = m_channels[r];
            // The kernel lets go of what the dead held (a robust mutex, its file locks).
            if (c.owner == e.proc) c.owner = -1;
            std::erase(c.shared, e.proc);
            if (isPipe(c.type) && writes(e.proc, int(r)) && !m_closedWrite[p][r]) {
                m_closedWrite[p][r] = true;
                --c.writersOpen;
            }
        }
        return;
    }
    if (e.kind != Event::Step) return;
    Channel *c =
        e.res >= 0 && size_t(e.res) < m_channels.size() ? &m_channels[size_t(e.res)] : nullptr;
    if (e.phase == Phase::Begin) {
        m_open[p] = e;
        if (c && e.op == Op::Arrive) ++c->arrivals;
        if (c && e.op == Op::Connect) ++c->connects;
        return;
    }
    if (e.phase == Phase::Error) {
        m_open[p].op = Op::None;
        return;
    }
    if (e.phase != Phase::End) return;
    if (!e.partial) m_open[p].op = Op::None;
    if (e.op == Op::Signal) {
        if (e.target >= 0 && size_t(e.target) < m_signals.size() && e.sig > 0 && e.sig < kSignals)
            ++m_signals[size_t(e.target)][size_t(e.sig)];
        return;
    }
    if (e.op == Op::Await) {
        if (e.sig > 0 && e.sig < kSignals && m_signals[p][size_t(e.sig)] > 0)
            --m_signals[p][size_t(e.sig)];
        return;
    }
    if (!c) return;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        if (c->type == ResourceType::MQueue)
            ++c->messages;
        else if (carriesBytes(c->type))
            c->bytes += e.value;
        break;
    case Op::Read:
    case Op::Receive:
        if (c->type == ResourceType::MQueue)
            --c->messages;
        else if (carriesBytes(c->type))
            c->bytes -= e.value;
        break;
    case Op::Close:
        if (isPipe(c->type) && writes(e.proc, e.res) && !m_closedWrite[p][size_t(e.res)]) {
            m_closedWrite[p][size_t(e.res)] = true;
            --c->writersOpen;
        }
        break;
    case Op::Post:
        ++c->tokens;
        break;
    case Op::Wait:
        --c->tokens;
        break;
    case Op::TryWait:
        if (e.value) --c->tokens;
        break;
    case Op::Lock:
    case Op::TryLock:
        if (e.op == Op::Lock || e.value) c->owner = e.proc;
        break;
    case Op::Unlock:
        if (c->owner == e.proc) c->owner = -1;
        break;
    case Op::LockFile:
        if (e.shared) {
            if (c->owner == e.proc) c->owner = -1; // a lock converted to shared
            if (std::find(c->shared.begin(), c->shared.end(), e.proc) == c->shared.end())
                c->shared.push_back(e.proc);
        } else {
            std::erase(c->shared, e.proc); // converted to exclusive
            c->owner = e.proc;
        }
        break;
    case Op::UnlockFile:
        if (c->owner == e.proc) c->owner = -1;
        std::erase(c->shared, e.proc);
        break;
    case Op::Arrive:
        ++c->departures;
        break;
    case Op::Accept:
        ++c->accepts;
        break;
    default:
        break;
    }
}

// Lets go, in the engine's order, every held event whose cause has gone, until none can go.
// An event of a process waits behind that process's earlier held events; an engine finding
// (no process) waits behind everything held before it, and holds everything after it.
void CausalOrder::drainPending(EventBatch &out)
{
    std::vector<char> blocked(m_heldPerProc.size());
    bool progress = true;
    while (progress && !m_pending.empty()) {
        progress = false;
        std::fill(blocked.begin(), blocked.end(), 0);
        bool engineHeld = false;
        for (auto it = m_pending.begin(); it != m_pending.end();) {
            const Event &e = it->e;
            const bool ofProcess = e.proc >= 0 && size_t(e.proc) < blocked.size();
            if (engineHeld || (ofProcess && blocked[size_t(e.proc)]) ||
                (!ofProcess && it != m_pending.begin())) {
                if (ofProcess)
                    blocked[size_t(e.proc)] = 1;
                else
                    engineHeld = true;
                ++it;
                continue;
            }
            const Need n = need(e);
            const quint64 age = m_round - it->round;
            // A lock that reports its owner's death waits for that death however long it
            // takes to be seen (a core dump, say): the kernel said it happened.
            const bool certain = e.ownerDied;
            const bool go = n == Need::Met || (n == Need::Unknown && age >= 1) ||
                            (age >= kMaxRounds && !certain);
            if (!go) {
                if (ofProcess)
                    blocked[size_t(e.proc)] = 1;
                else
                    engineHeld = true;
                ++it;
                continue;
            }
            if (n != Need::Met) ++m_unexplained;
            --(ofProcess ? m_heldPerProc[size_t(e.proc)] : m_heldEngine);
            Event ev = std::move(it->e);
            it = m_pending.erase(it);
            emit(std::move(ev), out);
            progress = true;
            // What just went may let an earlier held event go: start over from the front.
            break;
        }
    }
}

void CausalOrder::push(EventBatch &in, EventBatch &out)
{
    ++m_round;
    for (Event &e : in) {
        if (e.proc < 0 && e.kind == Event::Sample) {
            // A kernel reading of a resource: a measurement at its own time, cause of nothing.
            out.append(std::move(e));
            continue;
        }
        const bool ofProcess = e.proc >= 0 && size_t(e.proc) < m_heldPerProc.size();
        const bool behind = ofProcess ? heldOf(e.proc) || m_heldEngine > 0 : !m_pending.empty();
        if (!behind && (m_pending.empty() || ofProcess) && need(e) == Need::Met) {
            emit(std::move(e), out);
            if (!m_pending.empty()) drainPending(out);
            continue;
        }
        m_pending.push_back(Pending{std::move(e), m_round});
        ++(ofProcess ? m_heldPerProc[size_t(e.proc)] : m_heldEngine);
    }
    drainPending(out);
}

void CausalOrder::finish(EventBatch &out)
{
    drainPending(out);
    // What is left waits for causes that will never be told: the oldest goes first, and may
    // let others go after it.
    while (!m_pending.empty()) {
        Pending first = std::move(m_pending.front());
        m_pending.pop_front();
        if (first.e.proc >= 0 && size_t(first.e.proc) < m_heldPerProc.size())
            --m_heldPerProc[size_t(first.e.proc)];
        else
            --m_heldEngine;
        if (need(first.e) != Need::Met) ++m_unexplained;
        emit(std::move(first.e), out);
        drainPending(out);
    }
}

} // namespace ipcsim::core
