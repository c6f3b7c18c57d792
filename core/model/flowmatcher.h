// What passed between processes, as arrows: a write joined to each read that took some of its
// bytes, a message sent joined to the receive that took it, a signal joined to the await it
// ended or the death it caused. The timeline draws these arrows and the Chrome trace writes
// them as flows; both ask this one matcher, so they cannot disagree.
//
// Fed the run's events in the order they are told (causes first, CausalOrder's), it joins an
// end as soon as both are known. It also takes the two ends the other way round (a read told
// before its write, as in a trace of lost records), so no arrow is lost to order.
//
// The rules are the kernel's:
// - Pipes, FIFOs and stream sockets are byte streams: bytes come out in the order they went
//   in, however the writes and reads cut them. A pipe's or FIFO's bytes nobody read go when
//   the last process holding an end lets go of it (the kernel frees the buffer). On a socket each
//   side reads what the other side wrote, across one connection (accept and connect pair the
//   processes: on a Unix socket by the peer's pid from SO_PEERCRED, on TCP by the client's port).
// - A message queue hands out the oldest message of the highest priority: a receive takes the
//   earliest message sent with its text and priority. A datagram keeps its boundaries likewise.
// - A signal goes to its target; the target's next await of it, or its death by it, is the end.
#pragma once

#include "model/event.h"
#include "model/kindmodel.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QVector>
#include <memory>
#include <vector>

namespace ipcsim::core {

class FlowMatcher
{
public:
    enum class Kind : quint8
    {
        Data,    // bytes through a pipe, FIFO or socket (a datagram too)
        Message, // a message queue's message
        Signal
    };

    // One side of an arrow: a step of a process (or, for a death by a signal, its end).
    struct End
    {
        int proc = -1;
        quint32 seq = 0;    // the step's number in its process (0: a death)
        qint64 beganNs = 0; // when its call began
        qint64 endedNs = 0; // when it returned (a death: when it died)
    };

    struct Flow
    {
        End from;
        End to;
        Kind kind = Kind::Data;
        int res = -1;     // the channel; -1 for a signal
        int sig = 0;      // a signal's number
        qint64 bytes = 0; // Data: how many of the write's bytes this read took
        QByteArray text;  // the write's text, the message, or empty (a program's bytes)
        bool toDeath = false;

        // Where the arrow leaves the sender: when its call returned, if the receiver's call
        // returned after that (the data was in the channel by then: a blocked send is not
        // crossed by its own arrow); else when its call began, as the data went in during the
        // call. Both are times the sender itself reported.
        qint64 leftNs() const
        {
            return from.endedNs > 0 && from.endedNs <= to.endedNs ? from.endedNs : from.beganNs;
        }
    };

    FlowMatcher() = default;
    explicit FlowMatcher(const Scenario &scenario);
    void reset();
    // One event, in the order told. Appends to out every flow it completes.
    void apply(const Event &e, QVector<Flow> &out);

    // A read that gathers many small writes is joined to the first few only.
    static constexpr int kMaxFlowsPerRead = 4;
    // Ends waiting for their other side, per list: a long run forgets the oldest.
    static constexpr int kMaxPending = 65536;

private:
    struct PendingBytes
    {
        End end;
        qint64 remaining = 0;
        QByteArray text;
        int peer = -1; // on a socket: the process at the other end of its connection, if known
    };
    struct PendingMessage
    {
        End end;
        QByteArray text;
        qint64 priority = 0;
    };
    struct PendingSignal
    {
        End end;
        int target = -1; // the receiver (a sent signal); the awaiting process (an await)
        int sig = 0;
    };

    void letGo(const Event &e); // what a buffer freed with its last end held goes with it
    void onEnd(const Event &e);
    void onDeath(const Event &e);
    void onConnection(const Event &e);
    // A write (written) or a read on a byte stream, joined to the other side's ends told
    // before it; what it has left waits for the other side.
    void moveBytes(int res, bool connected, bool written, PendingBytes mine);
    void join(const End &from, const End &to, Kind kind, int res, int sig, qint64 bytes,
              const QByteArray &text, bool toDeath = false);
    int peerOf(int res, int proc) const
    {
        return m_peer.value(qint64(res) << 32 | unsigned(proc), -1);
    }

    std::vector<ResourceSpec> m_resources;
    std::vector<Flows> m_flows; // per resource: what passes through it (its kind says)
    // Per resource, who keeps its buffer (null: its kind says nobody does): the bytes nobody
    // read go with the last end, and no later read takes them.
    std::vector<std::unique_ptr<BufferHolders>> m_holders;
    int m_processes = 0;
    QVector<Flow> *m_out = nullptr;
    QVector<qint64> m_beganNs;                 // per process: when its current step began
    QVector<int> m_pids;                       // per process: its pid, as reported
    QVector<QList<PendingBytes>> m_bytes;      // per channel: writes not yet fully read
    QVector<QList<PendingBytes>> m_reads;      // per channel: reads whose writes were not told
    QVector<QList<PendingMessage>> m_messages; // per channel: sent, not yet received
    QVector<QList<PendingMessage>> m_received; // per channel: received before their send was told
    QList<PendingSignal> m_signals;            // sent, not yet taken
    QList<PendingSignal> m_awaits;             // awaited before their signal was told
    QHash<qint64, int> m_peer;                 // (res << 32 | proc) -> the process at the other end
    // TCP: the client's port, reported by both ends (accept: the peer's, connect: its own),
    // keyed by res << 32 | port, waiting for the other end.
    QHash<qint64, int> m_unpairedConnects;
    QHash<qint64, int> m_unpairedAccepts;
};

} // namespace ipcsim::core
