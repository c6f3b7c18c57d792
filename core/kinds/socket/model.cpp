// A socket in the world: the bytes sent and received, the connections made, and the
// connection ends open now (each accept and connect gives its process one, until it closes it
// or exits).
#include "model/kindmodel.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::socket {

namespace {

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        r.bytesWritten += e.value;
        WorldModel::updateLevel(r);
        break;
    case Op::Read:
    case Op::Receive:
        r.bytesRead += e.value;
        WorldModel::updateLevel(r);
        step.model.setRegister(p, step.reg, e.text);
        break;
    case Op::Close:
        // A close on a stream socket closes the process's current connection (an earlier one
        // it accepted stays open until it exits, as a descriptor nobody closed).
        if (p.connectionEnds.removeOne(e.res) && r.openEnds > 0) --r.openEnds;
        break;
    case Op::Accept:
    case Op::Connect:
        if (e.op == Op::Connect) ++r.connections; // its accept takes the same connection
        ++r.openEnds;
        p.connectionEnds.append(e.res);
        break;
    default:
        break;
    }
}

} // namespace

extern const KindModel model = {.ended = ended};

} // namespace ipcsim::core::kinds::socket
