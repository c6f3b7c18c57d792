// A mutex in the world: its owner, and a holder that died (a robust mutex is taken from the
// dead with EOWNERDEAD and made consistent).
#include "kinds/mutex/model.h"

#include "model/worldmodel.h"

namespace ipcsim::core::kinds::mutex {

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    switch (e.op) {
    case Op::Lock:
        if (!e.ownerDied) r.diedHolding = -1;
        r.owner = e.proc;
        if (!p.holds.contains(e.res)) p.holds.append(e.res);
        break;
    case Op::TryLock:
        if (e.value) {
            r.owner = e.proc;
            if (!p.holds.contains(e.res)) p.holds.append(e.res);
        }
        step.model.setRegister(p, step.reg, QByteArray::number(e.value));
        break;
    case Op::Unlock:
        if (r.owner == e.proc) r.owner = -1;
        r.diedHolding = -1;
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
    if (r.owner == proc) r.diedHolding = proc;
}

extern const KindModel model = {.ended = ended, .exited = exited};

} // namespace ipcsim::core::kinds::mutex
