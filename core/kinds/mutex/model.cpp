// A mutex in the world: its owner, and a holder that died (a robust mutex is taken from the
// dead with EOWNERDEAD and made consistent).
#include "kinds/mutex/model.h"
#include "kinds/mutex/state.h"

#include "model/worldmodel.h"

namespace ipcsim::core::kinds::mutex {

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    switch (e.op) {
    case Op::Lock:
        if (!e.ownerDied) stateOf(r).diedHolding = -1;
        r.owner = e.proc;
        if (!p.holds.contains(e.res)) p.holds.append(e.res);
        break;
    case Op::TryLock:
        if (e.took()) {
            r.owner = e.proc;
            if (!p.holds.contains(e.res)) p.holds.append(e.res);
        }
        step.model.setRegister(p, step.reg, QByteArray::number(int(e.took())));
        break;
    case Op::Unlock:
        if (r.owner == e.proc) r.owner = -1;
        stateOf(r).diedHolding = -1;
        p.holds.removeOne(e.res);
        break;
    default:
        break;
    }
}

// It stays held by the dead (a robust mutex until the next lock makes it consistent; any other
// kind for good).
void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    if (r.owner == proc) stateOf(r).diedHolding = proc;
}

namespace {

// A step that takes the mutex: a lock, and a condition's wait, which takes it back (the
// condition makes this ledger its partner: model/kindmodel.h).
bool takes(const Event &e)
{
    return e.op == Op::Lock || e.op == Op::TryLock || e.op == Op::Wait;
}

class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        if (e.op == Op::TryLock && !e.took()) return true;
        if (!takes(e)) return true;
        return m_owner < 0 || m_owner == e.proc;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return takes(e) && open.op == Op::Unlock;
    }
    bool holderLives(const Event &e, const View &view) const override
    {
        return takes(e) && m_owner >= 0 && m_owner != e.proc && !view.ended[size_t(m_owner)];
    }
    bool holderSure() const override { return true; }
    void told(const Event &e) override
    {
        if (e.op == Op::Wait && e.phase == Phase::Begin) exited(e.proc); // the wait lets go
        if (e.phase != Phase::End) return;
        if (takes(e) && (e.op != Op::TryLock || e.took())) m_owner = e.proc;
        if (e.op == Op::Unlock) exited(e.proc);
    }
    // The story goes on as the kernel does for a robust mutex: the next lock is let through.
    void exited(int proc) override
    {
        if (m_owner == proc) m_owner = -1;
    }

private:
    int m_owner = -1;
};

} // namespace

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

extern const KindModel model = {.ended = ended, .exited = exited, .ledger = ledger};

} // namespace ipcsim::core::kinds::mutex
