// What the world keeps of a socket (ResourceState::own), for its model, story and diagram item:
// the connections made (a connect ended), and the connection ends open now: each accept and
// connect gives its process one, until it closes it or exits. Each connection's two ends and
// the bytes on their way each way, and a datagram socket's datagrams not yet received, for
// what a step will do next.
#pragma once

#include "model/worldstate.h"

#include <QList>
#include <QMap>
#include <utility>

namespace ipcsim::core::kinds::socket {

// One connection of a stream socket, from its connect's Begin: who connected, who accepted
// it (-1: nobody yet), and the bytes each end sent that the other has not received (Derived).
struct Link
{
    int client = -1, server = -1;
    qint64 clientPeer = 0; // what an accept reports of it: a unix client's pid, a tcp one's port
    qint64 toServer = 0, toClient = 0;
    bool clientClosed = false, serverClosed = false;
    // What the kernel discarded unread when the end they went to was closed (Derived): the
    // other end then gets ECONNRESET, not end of file.
    qint64 droppedByServer = 0, droppedByClient = 0;
    friend bool operator==(const Link &, const Link &) = default;
};

struct State
{
    bool datagram = false;
    bool unixDomain = false;
    int connections = 0;
    QList<Link> links;      // in the order their connects began
    QMap<int, int> current; // by process: its current connection, an index in links
    qint64 datagrams = 0;   // a datagram socket's: sent and not yet received (Derived)
    // The connection a process's reads and writes use now (null: none).
    const Link *currentOf(int proc) const
    {
        const int i = current.value(proc, -1);
        return i >= 0 && i < links.size() ? &links[i] : nullptr;
    }
    Link *currentOf(int proc) { return const_cast<Link *>(std::as_const(*this).currentOf(proc)); }
    // Per process, how many ends it holds (a close closes one).
    QMap<int, int> endsHeld;
    // Every connection's bytes discarded unread, in all.
    qint64 dropped() const
    {
        qint64 n = 0;
        for (const Link &l : links)
            n += l.droppedByServer + l.droppedByClient;
        return n;
    }
    int openEnds() const
    {
        int open = 0;
        for (int n : endsHeld)
            open += n;
        return open;
    }
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::socket
