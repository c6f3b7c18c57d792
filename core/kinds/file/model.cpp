// A file in the world: its length (its content, then every write appends), and its locks: an
// exclusive owner or shared holders, which the kernel releases when their process exits.
#include "kinds/file/settings.h"
#include "kinds/file/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::file {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.level = qint64(settingsOf(spec).content.size());
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
        r.bytesWritten += e.bytes();
        r.level += e.bytes();
        break;
    case Op::Read:
        r.bytesRead += e.bytes(); // a read leaves the file as it is
        step.model.setRegister(p, step.reg, e.text);
        break;
    case Op::LockFile:
        if (e.shared) {
            if (QList<int> &shared = stateOf(r).sharedHolders; !shared.contains(e.proc))
                shared.append(e.proc);
        } else {
            r.owner = e.proc;
        }
        if (!p.holds.contains(e.res)) p.holds.append(e.res);
        break;
    case Op::UnlockFile:
        if (r.owner == e.proc) r.owner = -1;
        stateOf(r).sharedHolders.removeOne(e.proc);
        p.holds.removeOne(e.res);
        break;
    default:
        break;
    }
}

void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    if (r.owner == proc) r.owner = -1;
    stateOf(r).sharedHolders.removeOne(proc);
}

// A lock needs the file free of others' locks: of any lock for an exclusive one, of an
// exclusive one for a shared one. The kernel releases a process's locks when it exits.
class Ledger : public CausalLedger
{
public:
    bool met(const Event &e, const View &) const override
    {
        if (e.op != Op::LockFile) return true;
        const bool free = m_owner < 0 || m_owner == e.proc;
        if (e.shared) return free;
        return free && std::ranges::all_of(m_shared, [&e](int h) { return h == e.proc; });
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::LockFile && open.op == Op::UnlockFile;
    }
    bool holderLives(const Event &e, const View &view) const override
    {
        if (e.op != Op::LockFile) return false;
        if (m_owner >= 0 && !view.ended[size_t(m_owner)]) return true;
        return std::ranges::any_of(m_shared,
                                   [&](int h) { return h != e.proc && !view.ended[size_t(h)]; });
    }
    void told(const Event &e) override
    {
        if (e.phase != Phase::End) return;
        if (e.op == Op::LockFile && e.shared) {
            if (m_owner == e.proc) m_owner = -1; // a lock converted to shared
            if (std::ranges::find(m_shared, e.proc) == m_shared.end()) m_shared.push_back(e.proc);
        } else if (e.op == Op::LockFile) {
            std::erase(m_shared, e.proc); // converted to exclusive
            m_owner = e.proc;
        } else if (e.op == Op::UnlockFile) {
            exited(e.proc);
        }
    }
    void exited(int proc) override
    {
        if (m_owner == proc) m_owner = -1;
        std::erase(m_shared, proc);
    }

private:
    int m_owner = -1;          // the exclusive holder
    std::vector<int> m_shared; // the shared holders
};

std::unique_ptr<CausalLedger> ledger(int, const Scenario &)
{
    return std::make_unique<Ledger>();
}

// At the end, its size on disk (stat): what its content and every write made of it.
void finalSize(ResourceState &r, const KernelFinal &kernel)
{
    r.kernelValue = kernel.value;
}

} // namespace

extern const KindModel model = {
    .init = init, .ended = ended, .exited = exited, .ledger = ledger, .finalReading = finalSize};

} // namespace ipcsim::core::kinds::file
