#include "model/causalorder.h"

#include "model/kindmodel.h"

#include <algorithm>

namespace ipcsim::core {

namespace {

constexpr int kSignals = 65; // 1..64

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
    m_ledgers.clear();
    m_partners.clear();
    for (size_t r = 0; r < m_scenario.resources.size(); ++r) {
        const KindModel &kind = kindModel(m_scenario.resources[r].type);
        m_ledgers.push_back(kind.ledger ? kind.ledger(int(r), m_scenario) : nullptr);
        m_partners.push_back(kind.partner ? kind.partner(int(r), m_scenario) : -1);
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

CausalLedger *CausalOrder::ledger(int res) const
{
    return res >= 0 && size_t(res) < m_ledgers.size() ? m_ledgers[size_t(res)].get() : nullptr;
}

int CausalOrder::partner(int res) const
{
    return res >= 0 && size_t(res) < m_partners.size() ? m_partners[size_t(res)] : -1;
}

// Whether what e needs has been told: the bytes it read written, the token it took posted,
// the lock it took let go (its kind's ledger says), the signal it took sent.
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
    const CausalLedger *l = ledger(e.res);
    const CausalLedger *pl = ledger(partner(e.res));
    return (!l || l->met(e, view())) && (!pl || pl->met(e, view()));
}

// Whether the process is inside the call that would produce what e needs.
bool CausalOrder::produces(int proc, const Event &e) const
{
    const Event &o = m_open[size_t(proc)];
    if (o.op == Op::None) return false;
    if (byKernel(e)) return false; // met() looked at the signals already
    if (e.op == Op::Await)
        return o.op == Op::Signal && o.sig == e.sig && (o.target == e.proc || o.target < 0);
    const CausalLedger *l = ledger(e.res);
    if (l && o.res == e.res && l->produces(o, e)) return true;
    const int p = partner(e.res);
    const CausalLedger *pl = ledger(p);
    return pl && o.res == p && pl->produces(o, e);
}

CausalOrder::Need CausalOrder::cause(const Event &e) const
{
    if (byKernel(e)) return Need::Coming; // a Signal call is open (see met)
    // A lock that reports its owner's death waits for that death however long it takes to be
    // seen (a core dump, say): the kernel said it happened.
    const Need held = e.ownerDied ? Need::Sure : Need::Coming;
    // A lock's holder lives: its unlock, or its death, will be told.
    for (const CausalLedger *l : {ledger(e.res), ledger(partner(e.res))})
        if (l && l->holderLives(e, view())) return l->holderSure() ? Need::Sure : held;
    const CausalLedger *l = ledger(e.res);
    const bool fromHeld = !l || l->heldMayProduce();
    for (size_t q = 0; q < m_open.size(); ++q) {
        if (int(q) == e.proc || m_ended[q]) continue;
        // Where held events may not be the cause, neither is a call of a process whose
        // events are held: its end waits behind them.
        if (heldOf(int(q)) ? fromHeld : produces(int(q), e)) return held;
    }
    return Need::Unknown;
}

CausalOrder::Need CausalOrder::need(const Event &e) const
{
    if (e.proc < 0 || size_t(e.proc) >= m_open.size()) return Need::Met;
    return met(e) ? Need::Met : cause(e);
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
        // The kernel lets go of what the dead held (a robust mutex, its file locks, its ends).
        for (auto &l : m_ledgers)
            if (l) l->exited(e.proc);
        return;
    }
    if (e.kind != Event::Step) return;
    CausalLedger *l = ledger(e.res);
    CausalLedger *pl = ledger(partner(e.res));
    if (e.phase == Phase::Begin) {
        m_open[p] = e;
        if (l) l->told(e);
        if (pl) pl->told(e);
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
    if (l) l->told(e);
    if (pl) pl->told(e);
}

// Lets go, in the engine's order, every held event whose cause has gone, until none can go.
// An event of a process waits behind that process's earlier held events; an engine finding
// (no process) waits behind everything held before it, and holds everything after it. A scan
// stops once every process with events held is held up: the rest waits behind them (a flood
// holds thousands, and every event that goes starts a scan).
void CausalOrder::drainPending(EventBatch &out, bool roundSeen)
{
    std::vector<char> blocked(m_heldPerProc.size());
    bool progress = true;
    while (progress && !m_pending.empty()) {
        progress = false;
        std::fill(blocked.begin(), blocked.end(), 0);
        const auto holding = std::ranges::count_if(m_heldPerProc, [](int n) { return n > 0; });
        qsizetype stuck = 0;
        for (auto it = m_pending.begin();
             it != m_pending.end() && (stuck < holding || m_heldEngine > 0);) {
            const Event &e = it->e;
            const bool ofProcess = e.proc >= 0 && size_t(e.proc) < blocked.size();
            // Behind an engine finding held, or behind its process's events held.
            auto hold = [&] {
                if (!ofProcess) return false;
                stuck += blocked[size_t(e.proc)] ? 0 : 1;
                blocked[size_t(e.proc)] = 1;
                return true;
            };
            if ((ofProcess && blocked[size_t(e.proc)]) || (!ofProcess && it != m_pending.begin())) {
                if (!hold()) break;
                ++it;
                continue;
            }
            const Need n = need(e);
            const quint64 age = m_round - it->round;
            const bool go = n == Need::Met || (roundSeen && n == Need::Unknown && age >= 1) ||
                            (roundSeen && n == Need::Coming && age >= kMaxRounds);
            if (!go) {
                if (!hold()) break;
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
            if (!m_pending.empty()) drainPending(out, false);
            continue;
        }
        m_pending.push_back(Pending{std::move(e), m_round});
        ++(ofProcess ? m_heldPerProc[size_t(e.proc)] : m_heldEngine);
    }
    drainPending(out, true);
}

void CausalOrder::finish(EventBatch &out)
{
    drainPending(out, true);
    // What is left waits for causes that will never be told, or that wait themselves behind
    // what is left (a lock for its holder's unlock, the unlock behind a load the records only
    // guessed the cause of). Of the events first in their process's line, the one whose cause
    // is least sure goes first: none in sight, then one the records suggest, then a sure one,
    // the oldest among equals. It may let others go after it.
    auto rank = [](Need n) { return n == Need::Unknown ? 0 : n == Need::Coming ? 1 : 2; };
    std::vector<char> first(m_heldPerProc.size());
    while (!m_pending.empty()) {
        std::fill(first.begin(), first.end(), 0);
        auto pick = m_pending.begin();
        int best = 3;
        // Up to the last process's first: a flood's thousands behind it are not looked at.
        auto heads = std::ranges::count_if(m_heldPerProc, [](int n) { return n > 0; });
        for (auto it = m_pending.begin(); it != m_pending.end() && best > 0 && heads > 0; ++it) {
            const int p = it->e.proc;
            const bool ofProcess = p >= 0 && size_t(p) < first.size();
            if (!ofProcess) break; // a finding holds everything after it
            if (first[size_t(p)]) continue;
            first[size_t(p)] = 1;
            --heads;
            if (const int r = rank(need(it->e)); r < best) {
                best = r;
                pick = it;
            }
        }
        Pending chosen = std::move(*pick);
        m_pending.erase(pick);
        if (chosen.e.proc >= 0 && size_t(chosen.e.proc) < m_heldPerProc.size())
            --m_heldPerProc[size_t(chosen.e.proc)];
        else
            --m_heldEngine;
        if (need(chosen.e) != Need::Met) ++m_unexplained;
        emit(std::move(chosen.e), out);
        drainPending(out, true);
    }
}

} // namespace ipcsim::core
