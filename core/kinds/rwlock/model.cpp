// A rwlock in the world: its writer (owner) or its readers (its state's, once per read lock
// held: glibc counts a reader's locks), and the line waiting. Nothing lets go of a pthread
// rwlock when its holder dies: it stays held by the dead.
#include "kinds/rwlock/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::rwlock {

namespace {

bool takes(const Event &e)
{
    return e.op == Op::Lock || (e.op == Op::TryLock && e.took());
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    if (e.op == Op::TryLock) step.model.setRegister(p, step.reg, QByteArray::number(int(e.took())));
    if (takes(e)) {
        if (e.shared)
            stateOf(r).readers.append(e.proc);
        else
            r.owner = e.proc;
        if (!p.holds.contains(e.res)) p.holds.append(e.res);
    } else if (e.op == Op::Unlock) {
        if (e.shared)
            stateOf(r).readers.removeOne(e.proc);
        else if (r.owner == e.proc)
            r.owner = -1;
        if (r.owner != e.proc && !stateOf(r).readers.contains(e.proc)) p.holds.removeOne(e.res);
    }
}

void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    if (r.owner == proc || stateOf(r).readers.contains(proc)) stateOf(r).diedHolding = proc;
}

// A read lock needs no writer; a write lock needs no writer and no reader but itself.
class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        if (!takes(e)) return true; // a trylock that got nothing needs nothing
        const bool noWriter = m_writer < 0 || m_writer == e.proc;
        if (e.shared) return noWriter;
        return noWriter && std::ranges::all_of(m_readers, [&e](int h) { return h == e.proc; });
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return (e.op == Op::Lock || e.op == Op::TryLock) && open.op == Op::Unlock;
    }
    bool holderLives(const Event &e, const View &view) const override
    {
        if (e.op != Op::Lock && e.op != Op::TryLock) return false;
        if (m_writer >= 0 && m_writer != e.proc && !view.ended[size_t(m_writer)]) return true;
        return std::ranges::any_of(m_readers,
                                   [&](int h) { return h != e.proc && !view.ended[size_t(h)]; });
    }
    bool holderSure() const override { return true; }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (takes(e) && e.shared) {
            m_readers.push_back(e.proc);
        } else if (takes(e)) {
            m_writer = e.proc;
        } else if (e.op == Op::Unlock && e.shared) {
            if (auto it = std::ranges::find(m_readers, e.proc); it != m_readers.end())
                m_readers.erase(it);
        } else if (e.op == Op::Unlock && m_writer == e.proc) {
            m_writer = -1;
        }
    }

private:
    int m_writer = -1;
    std::vector<int> m_readers; // once per read lock held
};

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

} // namespace

extern const KindModel model = {.ended = ended, .exited = exited, .ledger = ledger};

} // namespace ipcsim::core::kinds::rwlock
