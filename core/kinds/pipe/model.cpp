// A pipe in the world: its level (written less read), its capacity, and the writers still
// holding an end, whose last close brings end of file.
#include "kinds/pipe/model.h"

#include "ipc/sessionlayout.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::pipe {

namespace {

// Whether the process holds a write end (EOF comes when no one does).
bool writes(const ProcessSpec &spec, int res)
{
    if (spec.isExec()) return spec.stdoutRes == res || spec.stderrRes == res;
    return resourceUse(spec.script, res).writes;
}

} // namespace

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario)
{
    r.capacity = spec.capacity > 0 ? spec.capacity : 65536; // the kernel's default pipe size
    // Writers that hold an end: every process whose script writes it, or exec process whose
    // stdout/stderr it is.
    for (const Instance &in : scenario.instances) {
        const ProcessSpec &ps = scenario.processes[size_t(in.spec)];
        if (writes(ps, res)) ++r.writersOpen;
        if (ps.isExec() && ps.stdoutRes == res) r.programWritten = 0;
        if (ps.isExec() && ps.stdinRes == res) r.programReads = true;
    }
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
        r.bytesWritten += e.value;
        WorldModel::updateLevel(r);
        break;
    case Op::Read:
        r.bytesRead += e.value;
        WorldModel::updateLevel(r);
        step.model.setRegister(step.process, step.reg, e.text);
        break;
    case Op::Close:
        if (!step.process.closedWrites.contains(e.res) &&
            resourceUse(step.spec.script, e.res).writes && r.writersOpen > 0) {
            --r.writersOpen;
            step.process.closedWrites.append(e.res);
        }
        break;
    default:
        break;
    }
}

void exited(ResourceState &r, int res, int, const ProcessState &p, const ProcessSpec &spec)
{
    // The kernel closes the ends it still held.
    if (writes(spec, res) && !p.closedWrites.contains(res) && r.writersOpen > 0) --r.writersOpen;
}

extern const KindModel model = {.init = init, .ended = ended, .exited = exited};

} // namespace ipcsim::core::kinds::pipe
