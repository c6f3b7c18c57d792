// A socket's words: send and recv, connections accepted and made, nothing arrived yet.
#include "kinds/pipe/story.h"
#include "kinds/socket/state.h"
#include "story/texts.h"

#include <algorithm>

namespace ipcsim::core::kinds::socket {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        return "send";
    case Op::Read:
    case Op::Receive:
        return "recv";
    case Op::Close:
        return "close";
    case Op::Accept:
        return "accept";
    case Op::Connect:
        return "connect";
    default:
        return nullptr;
    }
}

QString asleep(const Told &t)
{
    switch (t.process.op) {
    case Op::Read:
        return tr("%1 called %2: nothing has arrived, %3 until data comes.")
            .arg(t.who, t.call, words::asleep());
    case Op::Write:
    case Op::WriteBytes:
        return tr("%1 called %2: there is no room, %3.").arg(t.who, t.call, words::asleep());
    case Op::Receive:
        return tr("%1 called %2: nothing has arrived, %3.").arg(t.who, t.call, words::asleep());
    case Op::Send:
        return tr("%1 called %2: the socket buffer is full, %3.")
            .arg(t.who, t.call, words::asleep());
    case Op::Accept:
        return tr("%1 called %2: nobody has connected yet, %3.")
            .arg(t.who, t.call, words::asleep());
    default:
        return {};
    }
}

// The bytes on their way to a process that closed its end of a connection (or exited): the
// kernel discards them, and resets the connection. "" when none were.
QString discarded(const Told &t, bool closed)
{
    const State &s = stateOf(t.res);
    QString out;
    for (qsizetype i = 0; i < s.links.size(); ++i) {
        const Link &l = s.links[i];
        if (closed && s.current.value(t.proc, -1) != i) continue; // a close ends its current one
        const bool client = l.client == t.proc && !l.clientClosed;
        const bool server = l.server == t.proc && !l.serverClosed;
        const qint64 unread = client ? l.toClient : server ? l.toServer : 0;
        if (unread <= 0) continue;
        const int peer = client ? l.server : l.client;
        const QString from = peer >= 0 ? Texts::processLabel(t.world, peer) : tr("the other end");
        out += (out.isEmpty() ? QString() : QStringLiteral(" ")) +
               (closed ? tr("%1 closed its end of %2 with %3 from %4 it had not read: the kernel "
                            "discarded them%5.")
                             .arg(t.who, t.res.name, Texts::bytes(unread), from,
                                  (client ? l.serverClosed : l.clientClosed)
                                      ? QString()
                                      : tr(" and reset the connection"))
                       : tr("The kernel closed its end of %1, and discarded the %2 from %3 it "
                            "had not read.")
                             .arg(t.res.name, Texts::bytes(unread), from));
    }
    return out;
}

QString exited(const Told &t)
{
    return discarded(t, false);
}

QString ended(const Told &t)
{
    switch (t.event.op) {
    case Op::Close:
        return discarded(t, true);
    case Op::Accept:
        return tr("%1 accepted a connection on %2.").arg(t.who, t.res.name);
    case Op::Connect:
        return tr("%1 connected to %2.").arg(t.who, t.res.name);
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        return pipe::wroteOnceRoomWasMade(t, stateOf(t.res).datagram
                                                 ? tr("the receiver's queue")
                                                 : tr("the connection's buffer"));
    default:
        return {};
    }
}

// A stream's read waits for bytes from the other end of the process's connection; an accept for
// a connection queued on the listener; a datagram receive for a datagram.
QString next(const Told &t)
{
    const State &s = stateOf(t.res);
    const QString &rn = t.res.name;
    const Op op = t.process.op;
    const bool reads = op == Op::Read || op == Op::Receive;
    const bool writes = op == Op::Write || op == Op::WriteBytes || op == Op::Send;
    if (s.datagram) {
        if (reads)
            return s.datagrams > 0
                       ? tr("goes on: %1 holds %2")
                             .arg(rn, s.datagrams == 1 ? tr("1 datagram")
                                                       : tr("%1 datagrams").arg(s.datagrams))
                       : tr("will block: no datagram in %1").arg(rn);
        if (writes) return tr("goes on unless the receiver's queue is full");
        return {};
    }
    switch (op) {
    case Op::Accept: {
        const auto waiting =
            std::ranges::find_if(s.links, [](const Link &l) { return l.server < 0; });
        return waiting != s.links.end() ? tr("goes on: %1's connection waits to be accepted")
                                              .arg(Texts::processLabel(t.world, waiting->client))
                                        : tr("will block: nobody has connected to %1 yet").arg(rn);
    }
    case Op::Connect:
        return tr("goes on: %1 listens, and the kernel queues the connection").arg(rn);
    default:
        break;
    }
    const Link *l = s.currentOf(t.proc);
    if (!l || (!reads && !writes)) return {};
    const bool client = l->client == t.proc;
    const int peer = client ? l->server : l->client;
    const QString who = peer >= 0 ? Texts::processLabel(t.world, peer) : tr("whoever accepts it");
    if (writes) return tr("goes on unless the way to %1 is full").arg(who);
    if (const qint64 bytes = client ? l->toClient : l->toServer; bytes > 0)
        return tr("goes on: %1 from %2").arg(Texts::bytes(bytes), who);
    if (client ? l->droppedByServer > 0 : l->droppedByClient > 0)
        return tr("fails with ECONNRESET: %1 closed its end without reading all it was sent, "
                  "and the kernel reset the connection")
            .arg(who);
    if (client ? l->serverClosed : l->clientClosed)
        return tr("gets end of file: %1 closed its end").arg(who);
    return tr("will block: nothing from %1 yet").arg(who);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"tcp-echo", "unix-echo", "datagram-log"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`domain` `unix`/`tcp` (`unix`), `kind` `stream`/`datagram` (`stream`)",
    .kernelObject = "`socket(2)`; tcp on 127.0.0.1 only",
    .statements = "`send`, `write`: `send` (a datagram socket: `sendto` its address) · "
                  "`receive`, `read`: `recv` of up to 64 KiB (a datagram socket: `recvfrom`) "
                  "· `accept`: `accept` · `connect`: `connect` · `close`: `close` of the "
                  "current connection",
    .notes = R"(
- **Stream sockets.** `accept` takes the next connection and `connect` makes one; either
  becomes the process's current connection on that socket, which its `send`, `receive`,
  `write`, `read` and `close` then use. A `receive` is one `recv` of up to 64 KiB. A process
  that closes its end (or exits) with bytes sent to it that it has not read makes the kernel
  discard them and reset the connection: the other end then gets `ECONNRESET` from a read
  instead of getting end of file. The window counts those bytes as discarded, not in flight.
- **Datagram sockets.** `receive` reads from the bound address and `send` sends to it.)",
};

extern const KindWords story = {.noun = "socket",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .exited = exited,
                                .topic = "Sockets",
                                .topicRank = 5,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::socket
