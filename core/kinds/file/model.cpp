// A file in the world: its length (its content, then every write appends), and its locks: an
// exclusive owner or shared holders, which the kernel releases when their process exits.
#include "model/kindmodel.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::file {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.level = qint64(spec.content.size());
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
        r.bytesWritten += e.value;
        r.level += e.value;
        break;
    case Op::Read:
        r.bytesRead += e.value; // a read leaves the file as it is
        step.model.setRegister(p, step.reg, e.text);
        break;
    case Op::LockFile:
        if (e.shared) {
            if (!r.sharedHolders.contains(e.proc)) r.sharedHolders.append(e.proc);
        } else {
            r.owner = e.proc;
        }
        if (!p.holds.contains(e.res)) p.holds.append(e.res);
        break;
    case Op::UnlockFile:
        if (r.owner == e.proc) r.owner = -1;
        r.sharedHolders.removeOne(e.proc);
        p.holds.removeOne(e.res);
        break;
    default:
        break;
    }
}

void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    if (r.owner == proc) r.owner = -1;
}

} // namespace

extern const KindModel model = {.init = init, .ended = ended, .exited = exited};

} // namespace ipcsim::core::kinds::file
