#include "model/flowmatcher.h"

#include "scenario/statements.h"

#include <algorithm>

namespace ipcsim::core {

namespace {

// Whether bytes written by one process can be the bytes another read. On a pipe, yes; on a
// socket, only across one connection (a process never reads its own writes there).
bool sameConnection(bool connected, int writer, int writerPeer, int reader, int readerPeer)
{
    if (!connected) return true;
    return writer != reader && (writerPeer < 0 || writerPeer == reader) &&
           (readerPeer < 0 || readerPeer == writer);
}

template <typename T> void capped(QList<T> &list, T item)
{
    list.append(std::move(item));
    if (list.size() > FlowMatcher::kMaxPending) list.removeFirst();
}

} // namespace

FlowMatcher::FlowMatcher(const Scenario &scenario)
    : m_resources(scenario.resources), m_processes(int(scenario.instances.size()))
{
    for (size_t r = 0; r < m_resources.size(); ++r) {
        const KindModel &kind = kindModel(m_resources[r].type);
        m_flows.push_back(kind.flows ? kind.flows(m_resources[r]) : Flows{});
        m_holders.push_back(kind.holders ? kind.holders(int(r), scenario) : nullptr);
    }
    reset();
}

void FlowMatcher::reset()
{
    const int nres = int(m_resources.size());
    m_beganNs = QVector<qint64>(m_processes, 0);
    m_pids = QVector<int>(m_processes, 0);
    m_bytes = QVector<QList<PendingBytes>>(nres);
    m_reads = QVector<QList<PendingBytes>>(nres);
    m_messages = QVector<QList<PendingMessage>>(nres);
    m_received = QVector<QList<PendingMessage>>(nres);
    m_signals.clear();
    m_awaits.clear();
    m_peer.clear();
    m_unpairedConnects.clear();
    m_unpairedAccepts.clear();
    for (const auto &h : m_holders)
        if (h) h->reset();
}

void FlowMatcher::letGo(const Event &e)
{
    // Freed with the buffer, the writes nobody read: no read will take them.
    auto freed = [&](size_t r) {
        if (m_holders[r] && m_holders[r]->freedBy(e)) m_bytes[int(r)].clear();
    };
    if (e.kind == Event::Exit) {
        for (size_t r = 0; r < m_holders.size(); ++r)
            freed(r); // its every end
    } else if (e.kind == Event::Step && e.res >= 0 && size_t(e.res) < m_holders.size()) {
        freed(size_t(e.res));
    }
}

void FlowMatcher::apply(const Event &e, QVector<Flow> &out)
{
    if (e.proc < 0 || e.proc >= m_processes) return;
    if (e.pid > 0) m_pids[e.proc] = e.pid;
    m_out = &out;
    letGo(e);
    if (e.kind == Event::Exit && e.termSignal > 0) {
        onDeath(e);
    } else if (e.kind == Event::Step && e.phase == Phase::Begin) {
        m_beganNs[e.proc] = e.tNs;
    } else if (e.kind == Event::Step && e.phase == Phase::End) {
        onEnd(e);
    }
    m_out = nullptr;
}

void FlowMatcher::join(const End &from, const End &to, Kind kind, int res, int sig, qint64 bytes,
                       const QByteArray &text, bool toDeath)
{
    m_out->append(Flow{from, to, kind, res, sig, bytes, text, toDeath});
}

void FlowMatcher::onEnd(const Event &e)
{
    const End me{e.proc, e.seq, std::min(m_beganNs[e.proc], e.tNs), e.tNs};
    if (e.op == Op::Signal) {
        if (e.target < 0) return;
        for (qsizetype i = 0; i < m_awaits.size(); ++i) {
            if (m_awaits[i].target == e.target && m_awaits[i].sig == e.sig) {
                join(me, m_awaits[i].end, Kind::Signal, -1, e.sig, 0, {});
                m_awaits.removeAt(i);
                return;
            }
        }
        capped(m_signals, PendingSignal{me, e.target, e.sig});
        return;
    }
    if (e.op == Op::Await) {
        for (qsizetype i = 0; i < m_signals.size(); ++i) {
            if (m_signals[i].target == e.proc && m_signals[i].sig == e.sig) {
                join(m_signals[i].end, me, Kind::Signal, -1, e.sig, 0, {});
                m_signals.removeAt(i);
                return;
            }
        }
        capped(m_awaits, PendingSignal{me, e.proc, e.sig});
        return;
    }
    if (e.res < 0 || e.res >= int(m_resources.size())) return;
    const Flows &flows = m_flows[size_t(e.res)];
    if (flows.connected && (e.op == Op::Accept || e.op == Op::Connect)) {
        onConnection(e);
        return;
    }
    const StatementInfo &step = statementInfo(e.op);
    const bool sent = step.result == StepResult::Bytes && step.intoObject;
    const bool received = step.result == StepResult::Bytes && !step.intoObject;
    if (flows.shape == Flows::None || (!sent && !received)) return;
    if (flows.shape == Flows::Bytes) {
        if (e.bytes() <= 0) return;
        PendingBytes p{me, e.bytes(), sent ? e.text : QByteArray(),
                       flows.connected ? peerOf(e.res, e.proc) : -1};
        moveBytes(e.res, flows.connected, sent, std::move(p));
        return;
    }
    // A message received is the earliest one sent with the same text and priority (the
    // kernel is FIFO within a priority). A datagram keeps its boundaries likewise: it is
    // matched whole, and drawn as data.
    const Kind kind = flows.shape == Flows::Messages ? Kind::Message : Kind::Data;
    const qint64 priority = flows.shape == Flows::Messages ? e.priority() : 0;
    auto &other = sent ? m_received[e.res] : m_messages[e.res];
    for (qsizetype i = 0; i < other.size(); ++i) {
        if (other[i].text == e.text && other[i].priority == priority) {
            const End &from = sent ? me : other[i].end;
            const End &to = sent ? other[i].end : me;
            join(from, to, kind, e.res, 0, e.text.size(), e.text);
            other.removeAt(i);
            return;
        }
    }
    capped(sent ? m_messages[e.res] : m_received[e.res], PendingMessage{me, e.text, priority});
}

void FlowMatcher::moveBytes(int res, bool connected, bool written, PendingBytes mine)
{
    // Bytes come out in the order they went in: a read takes from the oldest writes still
    // holding bytes; a write told after reads gives its bytes to them first, in order.
    auto &other = written ? m_reads[res] : m_bytes[res];
    int flows = 0;
    for (qsizetype i = 0; i < other.size() && mine.remaining > 0;) {
        PendingBytes &o = other[i];
        const PendingBytes &w = written ? mine : o;
        const PendingBytes &r = written ? o : mine;
        if (!sameConnection(connected, w.end.proc, w.peer, r.end.proc, r.peer)) {
            ++i;
            continue;
        }
        const qint64 take = std::min(mine.remaining, o.remaining);
        if (flows++ < kMaxFlowsPerRead) join(w.end, r.end, Kind::Data, res, 0, take, w.text);
        mine.remaining -= take;
        o.remaining -= take;
        if (o.remaining <= 0)
            other.removeAt(i);
        else
            ++i;
    }
    if (mine.remaining > 0) capped(written ? m_bytes[res] : m_reads[res], std::move(mine));
}

void FlowMatcher::onConnection(const Event &e)
{
    auto pair = [this, &e](int a, int b) {
        m_peer.insert(qint64(e.res) << 32 | unsigned(a), b);
        m_peer.insert(qint64(e.res) << 32 | unsigned(b), a);
    };
    if (m_flows[size_t(e.res)].peerPid) {
        // accept's aux is the peer's pid from SO_PEERCRED.
        if (e.op == Op::Accept && e.peer() > 0)
            for (int i = 0; i < m_pids.size(); ++i)
                if (m_pids[i] == int(e.peer())) pair(e.proc, i);
        return;
    }
    if (e.peer() <= 0) return; // no port reported
    const qint64 key = qint64(e.res) << 32 | quint32(e.peer());
    QHash<qint64, int> &other = e.op == Op::Accept ? m_unpairedConnects : m_unpairedAccepts;
    QHash<qint64, int> &mine = e.op == Op::Accept ? m_unpairedAccepts : m_unpairedConnects;
    if (const auto it = other.constFind(key); it != other.constEnd()) {
        pair(e.proc, it.value());
        other.erase(it);
    } else {
        mine.insert(key, e.proc);
    }
}

void FlowMatcher::onDeath(const Event &e)
{
    // A signal that ended its target: the arrow goes from the sender to the death.
    for (qsizetype i = 0; i < m_signals.size(); ++i) {
        if (m_signals[i].target == e.proc && m_signals[i].sig == e.termSignal) {
            join(m_signals[i].end, End{e.proc, 0, e.tNs, e.tNs}, Kind::Signal, -1, e.termSignal, 0,
                 {}, true);
            m_signals.removeAt(i);
            return;
        }
    }
}

} // namespace ipcsim::core
