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

// What a step on a stream socket does to its connections, as the world and the causal order
// both follow it (the ledger keeps a State of its own).
//
// A connect is queued on the listener inside its call: an accept may be told before its End.
void connectBegan(State &s, int proc, qint64 pid)
{
    s.links << Link{.client = proc, .clientPeer = s.unixDomain ? pid : 0};
    s.current[proc] = int(s.links.size()) - 1;
}

void began(const StepEnded &step)
{
    if (step.event.op == Op::Connect)
        connectBegan(stateOf(step.res), step.event.proc, step.process.pid);
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
void closeEnd(Link &l, int proc)
{
    if (l.client == proc && !l.clientClosed) {
        l.clientClosed = true;
        l.droppedByClient = std::exchange(l.toClient, 0);
    }
    if (l.server == proc && !l.serverClosed) {
        l.serverClosed = true;
        l.droppedByServer = std::exchange(l.toServer, 0);
    }
}

// In flight: sent less received, less what the kernel discarded.
void updateLevel(ResourceState &r)
{
    WorldModel::updateLevel(r);
    r.level = std::max<qint64>(0, r.level - stateOf(r).dropped());
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

// A step's End on a stream socket's connections: the bytes each way, the ends a process holds.
void linkEnded(State &s, const Event &e)
{
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        moved(s, e.proc, e.bytes(), true);
        break;
    case Op::Read:
    case Op::Receive:
        moved(s, e.proc, e.bytes(), false);
        break;
    case Op::Close:
        // A close on a stream socket closes the process's current connection (an earlier one
        // it accepted stays open until it exits, as a descriptor nobody closed).
        if (s.endsHeld.value(e.proc) > 0)
            if (--s.endsHeld[e.proc] == 0) s.endsHeld.remove(e.proc);
        if (Link *l = s.currentOf(e.proc)) {
            closeEnd(*l, e.proc);
            s.current.remove(e.proc);
        }
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

// The kernel closes the connection ends a process that exited still held.
void linksExited(State &s, int proc)
{
    s.endsHeld.remove(proc);
    s.current.remove(proc);
    for (Link &l : s.links)
        closeEnd(l, proc);
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    State &s = stateOf(r);
    const bool sent = pipe::puts(e.op), received = e.op == Op::Read || e.op == Op::Receive;
    if (sent) r.bytesWritten += e.bytes();
    if (received) {
        r.bytesRead += e.bytes();
        step.model.setRegister(step.process, step.reg, e.text);
    }
    if (!s.datagram)
        linkEnded(s, e);
    else if (sent)
        ++s.datagrams;
    else if (received)
        s.datagrams = std::max<qint64>(0, s.datagrams - 1);
    updateLevel(r);
}

void exited(ResourceState &r, int, int proc, const ProcessState &, const ProcessSpec &)
{
    linksExited(stateOf(r), proc);
    updateLevel(r);
}

// A stream socket's bytes go across one connection: a read needs what it took sent from the
// other end of its own connection (another connection's bytes are not its), or, when it got end
// of file, that end closed; an accept needs a connect begun. A write that found no room waits
// for a read, as a pipe's does (StreamLedger). A datagram socket's receive needs as many
// datagrams sent.
class Ledger : public pipe::StreamLedger
{
public:
    Ledger(int res, const Scenario &scenario) : StreamLedger(res, scenario, false)
    {
        init(m_links, res, scenario.resources[size_t(res)], scenario);
    }

    bool met(const Event &e, const View &view) const override
    {
        const State &s = stateOf(m_links);
        if (e.op == Op::Accept)
            return std::ranges::any_of(s.links, [](const Link &l) { return l.server < 0; });
        const bool reads = e.op == Op::Read || e.op == Op::Receive;
        if (!reads || s.datagram) return StreamLedger::met(e, view);
        const Link *l = s.currentOf(e.proc);
        if (!l) return true; // a connection the story did not see made: nothing to go by
        const bool client = l->client == e.proc;
        const int peer = client ? l->server : l->client;
        if (e.eof || e.bytes() == 0) return client ? l->serverClosed : l->clientClosed;
        // A send larger than the room left goes in piece by piece as reads make room: its
        // bytes are there before it ends (as StreamLedger counts them, on this connection).
        qint64 there = client ? l->toClient : l->toServer;
        if (peer >= 0 && size_t(peer) < view.open.size()) {
            const Event &o = view.open[size_t(peer)];
            if (pipe::puts(o.op) && o.res == e.res && o.bytes() > capacity() - there)
                there += o.bytes();
        }
        return there >= e.bytes();
    }
    bool produces(const Event &open, const Event &e) const override
    {
        if (e.op == Op::Accept) return open.op == Op::Connect;
        return StreamLedger::produces(open, e);
    }
    void told(const Event &e) override
    {
        State &s = stateOf(m_links);
        if (!s.datagram && e.op == Op::Connect && e.phase == Phase::Begin)
            connectBegan(s, e.proc, e.pid); // every record says its process's pid
        if (!s.datagram && e.phase == Phase::End) linkEnded(s, e);
        StreamLedger::told(e);
    }
    void exited(int proc) override
    {
        linksExited(stateOf(m_links), proc);
        StreamLedger::exited(proc);
    }

private:
    ResourceState m_links; // the connections as the events told so far made them
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
