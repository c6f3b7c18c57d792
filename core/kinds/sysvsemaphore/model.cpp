// A System V semaphore set in the world: each member's value, counted from its initial value,
// one up for each member a post names and one down for each a wait took: exact, in causal
// order. Under SEM_UNDO the kernel keeps, for each process, what it took less what it posted
// (its semadj) and adds it back when the process exits, however it ends.
#include "kinds/sysvsemaphore/settings.h"
#include "kinds/sysvsemaphore/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>
#include <map>
#include <vector>

namespace ipcsim::core::kinds::sysvsemaphore {

namespace {

constexpr qint64 kSemVmx = 32767; // SEMVMX: the kernel keeps a member within 0..32767

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    const Settings &set = settingsOf(spec);
    State &state = stateOf(r);
    state = {};
    for (int64_t k = 0; k < set.semaphores; ++k)
        state.members.append(set.initialOf(k));
}

void began(const StepEnded &step)
{
    step.res.asking[step.event.proc] = membersOf(step.event.text);
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    State &r = stateOf(step.res);
    const bool took = e.op == Op::Wait || (e.op == Op::TryWait && e.took());
    const qint64 delta = e.op == Op::Post ? 1 : took ? -1 : 0;
    const bool undo = settingsOf(step.model.scenario().resources[size_t(e.res)]).undo;
    for (int k : membersOf(e.text)) {
        if (k < 0 || k >= r.members.size()) continue;
        r.members[k] = std::clamp<qint64>(r.members[k] + delta, 0, kSemVmx);
        if (undo && delta) {
            QVector<qint64> &adj = r.semadj[e.proc];
            if (adj.size() < r.members.size()) adj.resize(r.members.size());
            adj[k] -= delta;
        }
    }
    if (e.op == Op::TryWait)
        step.model.setRegister(step.process, step.reg, QByteArray::number(int(e.took())));
}

// SEM_UNDO: the kernel adds each member's semadj back, kept within 0..SEMVMX.
void exited(ResourceState &res, int, int proc, const ProcessState &, const ProcessSpec &)
{
    State &r = stateOf(res);
    const QVector<qint64> adj = r.semadj.take(proc);
    for (qsizetype k = 0; k < adj.size() && k < r.members.size(); ++k)
        r.members[k] = std::clamp<qint64>(r.members[k] + adj[k], 0, kSemVmx);
}

// A wait needs a token of each member it names (twice for a member named twice): posted, one
// of the initial values, or given back by a death under SEM_UNDO.
class Ledger : public CausalLedger
{
public:
    Ledger(const Settings &set) : m_undo(set.undo)
    {
        for (int64_t k = 0; k < set.semaphores; ++k)
            m_tokens.push_back(set.initialOf(k));
    }

    bool met(const Event &e, const View &) const override
    {
        if (e.op != Op::Wait && !(e.op == Op::TryWait && e.took())) return true;
        std::map<int, qint64> need;
        for (int k : membersOf(e.text))
            ++need[k];
        return std::ranges::all_of(need, [&](const auto &n) {
            return n.first < 0 || size_t(n.first) >= m_tokens.size() ||
                   m_tokens[size_t(n.first)] >= n.second;
        });
    }
    bool produces(const Event &open, const Event &e) const override
    {
        if (open.op != Op::Post || (e.op != Op::Wait && e.op != Op::TryWait)) return false;
        const QList<int> posted = membersOf(open.text);
        return std::ranges::any_of(membersOf(e.text), [&](int k) { return posted.contains(k); });
    }
    // Under SEM_UNDO a live process's death gives back what it took.
    bool holderLives(const Event &e, const View &view) const override
    {
        if (!m_undo || e.op != Op::Wait) return false;
        const QList<int> wanted = membersOf(e.text);
        for (const auto &[proc, adj] : m_adj) {
            if (proc == e.proc || view.ended[size_t(proc)]) continue;
            for (int k : wanted)
                if (k >= 0 && size_t(k) < adj.size() && adj[size_t(k)] > 0) return true;
        }
        return false;
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        const bool took = e.op == Op::Wait || (e.op == Op::TryWait && e.took());
        const qint64 delta = e.op == Op::Post ? 1 : took ? -1 : 0;
        if (!delta) return;
        for (int k : membersOf(e.text)) {
            if (k < 0 || size_t(k) >= m_tokens.size()) continue;
            m_tokens[size_t(k)] += delta;
            if (m_undo) {
                std::vector<qint64> &adj = m_adj[e.proc];
                adj.resize(m_tokens.size());
                adj[size_t(k)] -= delta;
            }
        }
    }
    void exited(int proc) override
    {
        const auto it = m_adj.find(proc);
        if (it == m_adj.end()) return;
        for (size_t k = 0; k < it->second.size(); ++k)
            m_tokens[k] = std::max<qint64>(0, m_tokens[k] + it->second[k]);
        m_adj.erase(it);
    }

private:
    std::vector<qint64> m_tokens; // per member: posted less taken, from the initial value
    bool m_undo;
    std::map<int, std::vector<qint64>> m_adj; // per process: its semadj
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(settingsOf(scenario.resources[size_t(res)]));
}

} // namespace

// At the end, each member's value is semctl GETALL's (the last sample's sum may be 100 ms old).
void finalValues(ResourceState &r, const KernelFinal &kernel)
{
    stateOf(r).members = QVector<qint64>(kernel.values.cbegin(), kernel.values.cend());
    r.kernelValue = kernel.value;
}

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .exited = exited,
                                .ledger = ledger,
                                .finalReading = finalValues};

} // namespace ipcsim::core::kinds::sysvsemaphore
