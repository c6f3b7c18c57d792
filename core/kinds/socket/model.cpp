// A socket in the world: the bytes sent and received, the connections made, and the
// connection ends open now (each accept and connect gives its process one, until it closes it
// or exits).
#include "kinds/pipe/model.h"
#include "kinds/socket/settings.h"
#include "kinds/socket/state.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::socket {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    stateOf(r).datagram = settingsOf(spec).kind == SocketKind::Datagram;
    stateOf(r).unixDomain = settingsOf(spec).domain == SocketDomain::Unix;
}

// A connect is queued on the listener inside its call: an accept may be told before its End.
void began(const StepEnded &step)
{
    const Event &e = step.event;
    if (e.op != Op::Connect) return;
    State &s = stateOf(step.res);
    s.links << Link{.client = e.proc, .clientPeer = s.unixDomain ? step.process.pid : 0};
    s.current[e.proc] = int(s.links.size()) - 1;
}

// The bytes a process sent or received on its current connection, one way.
void moved(State &s, int proc, qint64 bytes, bool sent)
{
    Link *l = s.currentOf(proc);
    if (!l) return;
    qint64 &way = (l->client == proc) == sent ? l->toServer : l->toClient;
    way = std::max<qint64>(0, way + (sent ? bytes : -bytes));
}

// A process closed its end of a connection (or exited): the bytes on their way to it that it
// had not read are discarded by the kernel.
void closeEnd(State &s, Link &l, int proc)
{
    if (l.client == proc && !l.clientClosed) {
        l.clientClosed = true;
        l.droppedByClient = std::exchange(l.toClient, 0);
        s.dropped += l.droppedByClient;
    }
    if (l.server == proc && !l.serverClosed) {
        l.serverClosed = true;
        l.droppedByServer = std::exchange(l.toServer, 0);
        s.dropped += l.droppedByServer;
    }
}

// In flight: sent less received, less what the kernel discarded.
void updateLevel(ResourceState &r)
{
    WorldModel::updateLevel(r);
    r.level = std::max<qint64>(0, r.level - stateOf(r).dropped);
}

// The connection an accept took: the one whose client it reports (a unix client's pid, a tcp
// one's port), else the oldest not yet accepted, as the kernel's queue hands them out.
int accepted(State &s, const Event &e)
{
    int oldest = -1;
    for (int i = 0; i < s.links.size(); ++i) {
        if (s.links[i].server >= 0) continue;
        if (s.links[i].clientPeer && s.links[i].clientPeer == e.peer()) return i;
        if (oldest < 0) oldest = i;
    }
    return oldest;
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    ProcessState &p = step.process;
    State &s = stateOf(r);
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        r.bytesWritten += e.bytes();
        updateLevel(r);
        if (s.datagram)
            ++s.datagrams;
        else
            moved(s, e.proc, e.bytes(), true);
        break;
    case Op::Read:
    case Op::Receive:
        r.bytesRead += e.bytes();
        updateLevel(r);
        step.model.setRegister(p, step.reg, e.text);
        if (s.datagram)
            s.datagrams = std::max<qint64>(0, s.datagrams - 1);
        else
            moved(s, e.proc, e.bytes(), false);
        break;
    case Op::Close:
        // A close on a stream socket closes the process's current connection (an earlier one
        // it accepted stays open until it exits, as a descriptor nobody closed).
        if (s.endsHeld.value(e.proc) > 0)
            if (--s.endsHeld[e.proc] == 0) s.endsHeld.remove(e.proc);
        if (Link *l = s.currentOf(e.proc)) {
            closeEnd(s, *l, e.proc);
            s.current.remove(e.proc);
        }
        updateLevel(r);
        break;
    case Op::Accept:
        ++s.endsHeld[e.proc];
        if (const int i = accepted(s, e); i >= 0) {
            s.links[i].server = e.proc;
            s.current[e.proc] = i;
        }
        break;
    case Op::Connect:
        ++s.connections; // its accept takes the same connection
        ++s.endsHeld[e.proc];
        // tcp: the port the accept reports is the connect's own, known at its End.
        if (Link *l = s.currentOf(e.proc); l && e.peer()) l->clientPeer = e.peer();
        break;
    default:
        break;
    }
}

// The kernel closes the connection ends it still held.
void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    State &s = stateOf(r);
    s.endsHeld.remove(proc);
    s.current.remove(proc);
    for (Link &l : s.links)
        closeEnd(s, l, proc);
    updateLevel(r);
}

// A stream's bytes (it has no end of file to wait for: a peer's close is not told; a write
// that found no room waits for a read, as a pipe's does), and its connections: an accept needs
// its connect begun.
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

extern const KindModel model = {.init = init,
                                .began = began,
                                .ended = ended,
                                .exited = exited,
                                .ledger = ledger,
                                .flows = flows};

} // namespace ipcsim::core::kinds::socket
