// A socket in the world: the bytes sent and received, the connections made, and the
// connection ends open now (each accept and connect gives its process one, until it closes it
// or exits).
#include "kinds/pipe/model.h"
#include "kinds/socket/settings.h"
#include "kinds/socket/state.h"
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
        r.bytesWritten += e.bytes();
        WorldModel::updateLevel(r);
        break;
    case Op::Read:
    case Op::Receive:
        r.bytesRead += e.bytes();
        WorldModel::updateLevel(r);
        step.model.setRegister(p, step.reg, e.text);
        break;
    case Op::Close:
        // A close on a stream socket closes the process's current connection (an earlier one
        // it accepted stays open until it exits, as a descriptor nobody closed).
        if (State &s = stateOf(r); s.endsHeld.value(e.proc) > 0)
            if (--s.endsHeld[e.proc] == 0) s.endsHeld.remove(e.proc);
        break;
    case Op::Accept:
    case Op::Connect: {
        State &s = stateOf(r);
        if (e.op == Op::Connect) ++s.connections; // its accept takes the same connection
        ++s.endsHeld[e.proc];
        break;
    }
    default:
        break;
    }
}

// The kernel closes the connection ends it still held.
void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    stateOf(r).endsHeld.remove(proc);
}

// A stream's bytes (it has no end of file to wait for: a peer's close is not told), and its
// connections: an accept needs its connect begun.
class Ledger : public pipe::StreamLedger
{
public:
    Ledger(int res, const Scenario &scenario) : StreamLedger(res, scenario, false) {}

    bool met(const Event &e, const View &view) const override
    {
        if (e.op == Op::Accept) return m_connects > m_accepts;
        return StreamLedger::met(e, view);
    }
    bool produces(const Event &open, const Event &e) const override
    {
        if (e.op == Op::Accept) return open.op == Op::Connect;
        return StreamLedger::produces(open, e);
    }
    void told(const Event &e) override
    {
        if (e.op == Op::Connect && e.phase == Phase::Begin) ++m_connects;
        if (e.op == Op::Accept && e.phase == Phase::End) ++m_accepts;
        StreamLedger::told(e);
    }

private:
    qint64 m_connects = 0, m_accepts = 0;
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(res, scenario);
}

// A stream socket's bytes pass across one connection; a datagram keeps its boundaries.
Flows flows(const ResourceSpec &spec)
{
    const Settings &set = settingsOf(spec);
    if (set.kind == SocketKind::Datagram) return {.shape = Flows::Datagrams};
    return {.shape = Flows::Bytes, .connected = true, .peerPid = set.domain == SocketDomain::Unix};
}

} // namespace

extern const KindModel model = {.ended = ended, .exited = exited, .ledger = ledger, .flows = flows};

} // namespace ipcsim::core::kinds::socket
