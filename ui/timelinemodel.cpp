#include "timelinemodel.h"
#include "story/texts.h"

#include "ipc/wire.h"

#include <algorithm>
#include <cmath>

namespace ipcsim::ui {

using core::Event;
using core::Op;
using core::ProcState;
using core::ResourceType;

namespace {
// A long full-speed run makes millions of events; the timeline keeps the most recent part.
constexpr int kMaxArrows = 200000;
constexpr int kMaxSegmentsPerLane = 200000;
constexpr int kMaxPending = 65536;
constexpr int kMaxArrowsPerRead = 4; // a read that gathers many small writes: the first few

QString shortText(const QByteArray &text)
{
    QString t = QString::fromUtf8(text.left(18));
    t.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (text.size() > 18) t += QStringLiteral("…");
    return QStringLiteral("\"") + t + QStringLiteral("\"");
}

bool isByteStream(ResourceType t)
{
    return t == ResourceType::Pipe || t == ResourceType::Fifo || t == ResourceType::Socket;
}
} // namespace

TimelineModel::LaneState TimelineModel::laneState(ProcState s)
{
    switch (s) {
    case ProcState::NotStarted:
        return LaneState::None;
    case ProcState::Starting:
        return LaneState::Starting;
    case ProcState::Running:
        return LaneState::Running;
    case ProcState::InStep:
        return LaneState::InCall;
    case ProcState::AtGate:
        return LaneState::AtGate;
    case ProcState::Blocked:
        return LaneState::Blocked;
    case ProcState::Spinning:
        return LaneState::Spinning;
    case ProcState::Exited:
        return LaneState::Exited;
    case ProcState::Killed:
        return LaneState::Killed;
    }
    return LaneState::None;
}

TimelineModel::LaneState TimelineModel::laneState(const core::ProcessState &p)
{
    // A `sleep` is a step like any other, but the process is off the CPU: drawn as running it
    // would tell the class the opposite of what happens.
    if (p.state == ProcState::InStep && p.op == Op::Sleep) return LaneState::Sleeping;
    // `compute` is a busy loop: on the CPU all along, which is what running means.
    if (p.state == ProcState::InStep && p.op == Op::Compute) return LaneState::Running;
    return laneState(p.state);
}

QString TimelineModel::stateName(LaneState s)
{
    switch (s) {
    case LaneState::None:
        return tr("not started");
    case LaneState::Starting:
        return tr("starting");
    case LaneState::Running:
        return tr("running");
    case LaneState::InCall:
        return tr("in a call");
    case LaneState::Sleeping:
        return tr("sleeping");
    case LaneState::AtGate:
        return tr("at its gate");
    case LaneState::Blocked:
        return tr("blocked in the kernel");
    case LaneState::Spinning:
        return tr("spinning");
    case LaneState::Exited:
        return tr("exited");
    case LaneState::Killed:
        return tr("killed");
    }
    return {};
}

void TimelineModel::setScenario(const core::Scenario &scenario)
{
    m_scenario = scenario;
    reset();
}

void TimelineModel::reset()
{
    m_lanes.clear();
    for (const auto &in : m_scenario.instances) {
        Lane l;
        l.name = QString::fromStdString(in.name);
        m_lanes << l;
    }
    m_arrows.clear();
    m_stepNs.clear();
    m_stepBeginNs.clear();
    m_sortedCount = 0;
    const int nres = int(m_scenario.resources.size());
    m_beginNs = QVector<qint64>(m_lanes.size(), 0);
    m_bytes = QVector<QList<PendingBytes>>(nres);
    m_reads = QVector<QList<PendingBytes>>(nres);
    m_messages = QVector<QList<PendingMessage>>(nres);
    m_received = QVector<QList<PendingMessage>>(nres);
    m_signals.clear();
    m_awaits.clear();
    m_peer.clear();
    m_unpairedConnects.clear();
    m_unpairedAccepts.clear();
    m_endNs = 0;
    m_firstActivityNs = -1;
    m_longestArrowNs = 0;
    m_forgotten = 0;
    ++m_revision;
}

int TimelineModel::segmentAt(int lane, qint64 tNs) const
{
    if (lane < 0 || lane >= m_lanes.size()) return -1;
    const auto &segs = m_lanes[lane].segments;
    auto it = std::upper_bound(segs.cbegin(), segs.cend(), tNs,
                               [](qint64 t, const Segment &s) { return t < s.startNs; });
    return int(it - segs.cbegin()) - 1;
}

QString TimelineModel::deadlockText(const QString &waitedOn)
{
    return tr("deadlocked on %1 — ended by ipcsim").arg(waitedOn);
}

qreal TimelineModel::stepsAt(qint64 tNs) const
{
    // Column k (from k - 1 to k on the axis) holds step k: from the end of step k - 1 (the
    // first: from the run's start) to the end of step k, bent at the moment step k began.
    // After the last step, the rest of the run is one more column.
    const QVector<qint64> &s = m_stepNs;
    if (s.isEmpty()) return m_endNs > 0 ? qreal(tNs) / m_endNs - 1 : -1;
    if (tNs >= s.last()) {
        const qint64 rest = std::max(m_endNs, s.last() + 1) - s.last();
        return qreal(s.size() - 1) + std::min<qreal>(1, qreal(tNs - s.last()) / rest);
    }
    const auto it = std::upper_bound(s.cbegin(), s.cend(), tNs);
    const qsizetype k = it - s.cbegin(); // the first step that ended after tNs
    const qint64 from = k > 0 ? s[k - 1] : 0;
    const qint64 knee = m_stepBeginNs[k];
    const qint64 to = s[k];
    const qreal base = qreal(k) - 1;
    if (tNs < knee) return base + kGateShare * qreal(tNs - from) / qreal(std::max<qint64>(1, knee - from));
    return base + kGateShare + (1 - kGateShare) * qreal(tNs - knee) / qreal(std::max<qint64>(1, to - knee));
}

qint64 TimelineModel::timeAtSteps(qreal steps) const
{
    const QVector<qint64> &s = m_stepNs;
    if (s.isEmpty()) return qint64((steps + 1) * m_endNs);
    if (steps >= qreal(s.size() - 1)) {
        const qint64 rest = std::max(m_endNs, s.last() + 1) - s.last();
        return s.last() + qint64((steps - qreal(s.size() - 1)) * rest);
    }
    const qsizetype k = std::clamp<qsizetype>(qsizetype(std::floor(steps)) + 1, 0, s.size() - 1);
    const qreal f = steps - (qreal(k) - 1); // 0 .. 1 within the column
    const qint64 from = k > 0 ? s[k - 1] : 0;
    const qint64 knee = m_stepBeginNs[k];
    const qint64 to = s[k];
    if (f < kGateShare) return from + qint64(f / kGateShare * qreal(knee - from));
    return knee + qint64((f - kGateShare) / (1 - kGateShare) * qreal(to - knee));
}

QString TimelineModel::resourceName(int res) const
{
    return res >= 0 && size_t(res) < m_scenario.resources.size()
               ? QString::fromStdString(m_scenario.resources[size_t(res)].name)
               : QString();
}

void TimelineModel::apply(const Event &e, const core::WorldState &after)
{
    if (e.tNs > m_endNs) {
        m_endNs = e.tNs;
        ++m_revision;
    }
    if (e.kind == Event::Deadlock) {
        // The engine ends the processes of a deadlock; their lanes say why, whether the exits
        // came before this event or come after it.
        for (const QString &w : e.waits) {
            const QStringList pr = w.split(QLatin1Char('\t'));
            for (Lane &l : m_lanes)
                if (pr.size() == 2 && l.name == pr[0]) {
                    l.deadlockOn = pr[1];
                    if (!l.segments.isEmpty() && l.segments.last().state == LaneState::Killed)
                        l.endText = deadlockText(l.deadlockOn);
                }
        }
        ++m_revision;
        return;
    }
    if (e.proc < 0 || e.proc >= m_lanes.size() || e.proc >= after.processes.size()) return;
    const bool stepEnded = (e.kind == Event::Step && (e.phase == core::Phase::End ||
                                                      e.phase == core::Phase::Error)) ||
                           e.kind == Event::Exit;
    if (stepEnded && m_stepNs.size() < kMaxSteps) {
        const qint64 end = m_stepNs.isEmpty() ? e.tNs : std::max(e.tNs, m_stepNs.last());
        const qint64 began = e.kind == Event::Exit ? end : m_beginNs.value(e.proc, end);
        m_stepNs << end;
        m_stepBeginNs << std::clamp(began, m_stepNs.size() > 1 ? m_stepNs[m_stepNs.size() - 2] : 0, end);
    }
    const core::ProcessState &p = after.processes[e.proc];
    Lane &lane = m_lanes[e.proc];
    lane.pid = p.pid;
    const LaneState s = laneState(p);
    if (s != LaneState::None && s != LaneState::Starting &&
        (m_firstActivityNs < 0 || e.tNs < m_firstActivityNs))
        m_firstActivityNs = e.tNs;
    const bool detailed =
        s == LaneState::InCall || s == LaneState::Blocked || s == LaneState::Spinning;
    const Op op = detailed ? p.op : Op::None;
    const qint16 res = detailed ? qint16(p.res) : qint16(-1);
    if (s != LaneState::None &&
        (lane.segments.isEmpty() || lane.segments.last().state != s ||
         lane.segments.last().op != op || lane.segments.last().res != res)) {
        // Events of different sources may be a hair out of order; a lane never goes back.
        const qint64 t =
            lane.segments.isEmpty() ? e.tNs : std::max(e.tNs, lane.segments.last().startNs);
        lane.segments.append(Segment{t, s, op, res});
        if (lane.segments.size() > kMaxSegmentsPerLane) {
            lane.segments.remove(0, kMaxSegmentsPerLane / 4);
            m_forgotten += kMaxSegmentsPerLane / 4;
        }
        ++m_revision;
    }
    if (e.kind == Event::Exit) {
        lane.endText = e.termSignal > 0
                           ? (lane.deadlockOn.isEmpty()
                                  ? tr("killed by %1").arg(core::Texts::signalName(e.termSignal))
                                  : deadlockText(lane.deadlockOn))
                           : tr("exit %1").arg(e.exitCode);
        if (e.termSignal > 0) onSignalDeath(e);
        ++m_revision;
    } else if (e.kind == Event::Step && e.phase == core::Phase::Begin) {
        m_beginNs[e.proc] = e.tNs;
    } else if (e.kind == Event::Step && e.phase == core::Phase::End) {
        onEnd(e);
    }
}

void TimelineModel::addArrow(Arrow a)
{
    m_longestArrowNs = std::max(m_longestArrowNs, a.toNs - a.fromNs);
    const bool inOrder =
        m_sortedCount == m_arrows.size() && (m_arrows.isEmpty() || m_arrows.last().toNs <= a.toNs);
    m_arrows.append(std::move(a));
    if (inOrder) m_sortedCount = m_arrows.size();
    if (m_arrows.size() > kMaxArrows) {
        ensureSorted();
        m_arrows.remove(0, kMaxArrows / 4);
        m_sortedCount = m_arrows.size();
        m_forgotten += kMaxArrows / 4;
    }
    ++m_revision;
}

void TimelineModel::ensureSorted() const
{
    if (m_sortedCount >= m_arrows.size()) return;
    const auto byArrival = [](const Arrow &x, const Arrow &y) { return x.toNs < y.toNs; };
    const auto mid = m_arrows.begin() + m_sortedCount;
    std::stable_sort(mid, m_arrows.end(), byArrival);
    // Only the part of the sorted prefix that the new ones reach back into is merged.
    const auto from = std::upper_bound(m_arrows.begin(), mid, *mid, byArrival);
    std::inplace_merge(from, mid, m_arrows.end(), byArrival);
    m_sortedCount = m_arrows.size();
}

// Whether bytes written by one process can be the bytes another read. On a pipe, yes; on a
// socket, only across one connection (a process never reads its own writes there).
static bool sameConnection(bool socket, int writer, int writerPeer, int reader, int readerPeer)
{
    if (!socket) return true;
    return writer != reader && (writerPeer < 0 || writerPeer == reader) &&
           (readerPeer < 0 || readerPeer == writer);
}

template <typename T> static void capped(QList<T> &list, T item)
{
    list.append(std::move(item));
    if (list.size() > kMaxPending) list.removeFirst();
}

// Where an arrow leaves the sender: when its call returned, if the receiver's call returned
// after that (the data was in the channel by then: a blocked send is not crossed by its own
// arrow); else when its call began, as the data went in during the call. Both are events of
// the sender's own.
static qint64 leftAt(qint64 began, qint64 ended, qint64 received)
{
    return ended > 0 && ended <= received ? ended : began;
}

void TimelineModel::putBytes(int res, bool socket, PendingBytes write)
{
    // Reads that already returned took these bytes first, in order.
    auto &reads = m_reads[res];
    int arrows = 0;
    for (qsizetype i = 0; i < reads.size() && write.remaining > 0;) {
        PendingBytes &rd = reads[i];
        if (!sameConnection(socket, write.proc, write.peer, rd.proc, rd.peer)) {
            ++i;
            continue;
        }
        const qint64 take = std::min(write.remaining, rd.remaining);
        if (arrows++ < kMaxArrowsPerRead)
            addArrow(Arrow{leftAt(write.tNs, write.endNs, rd.tNs), rd.tNs, write.proc, rd.proc, res,
                           ArrowKind::Data,
                           !write.text.isEmpty() ? shortText(write.text) : core::Texts::bytes(take)});
        write.remaining -= take;
        rd.remaining -= take;
        if (rd.remaining <= 0)
            reads.removeAt(i);
        else
            ++i;
    }
    if (write.remaining > 0) capped(m_bytes[res], std::move(write));
}

void TimelineModel::takeBytes(int res, bool socket, PendingBytes read)
{
    // The bytes come out in the order they went in. On a socket each side reads what the other
    // side wrote, so a process never reads its own writes there.
    auto &q = m_bytes[res];
    int arrows = 0;
    for (qsizetype i = 0; i < q.size() && read.remaining > 0;) {
        PendingBytes &pb = q[i];
        if (!sameConnection(socket, pb.proc, pb.peer, read.proc, read.peer)) {
            ++i;
            continue;
        }
        const qint64 take = std::min(read.remaining, pb.remaining);
        if (arrows++ < kMaxArrowsPerRead)
            addArrow(Arrow{leftAt(pb.tNs, pb.endNs, read.tNs), read.tNs, pb.proc, read.proc, res,
                           ArrowKind::Data,
                           !pb.text.isEmpty() ? shortText(pb.text) : core::Texts::bytes(take)});
        pb.remaining -= take;
        read.remaining -= take;
        if (pb.remaining <= 0)
            q.removeAt(i);
        else
            ++i;
    }
    if (read.remaining > 0) capped(m_reads[res], std::move(read));
}

void TimelineModel::onEnd(const Event &e)
{
    const int nres = int(m_scenario.resources.size());
    // The sending side's arrow starts when its call began: the data was handed to the kernel
    // somewhere inside that call, and the other side's call returned after that.
    const qint64 began = std::min(m_beginNs.value(e.proc, e.tNs), e.tNs);
    if (e.op == Op::Signal) {
        if (e.target < 0) return;
        for (qsizetype i = 0; i < m_awaits.size(); ++i) {
            if (m_awaits[i].proc == e.target && m_awaits[i].sig == e.sig) {
                addArrow(Arrow{began, m_awaits[i].tNs, e.proc, e.target, -1, ArrowKind::Signal,
                               core::Texts::signalName(e.sig)});
                m_awaits.removeAt(i);
                return;
            }
        }
        capped(m_signals, PendingSignal{e.proc, e.target, e.sig, began});
        return;
    }
    if (e.op == Op::Await) {
        for (qsizetype i = 0; i < m_signals.size(); ++i) {
            const PendingSignal &ps = m_signals[i];
            if (ps.target == e.proc && ps.sig == e.sig) {
                addArrow(Arrow{ps.tNs, e.tNs, ps.proc, e.proc, -1, ArrowKind::Signal,
                               core::Texts::signalName(e.sig)});
                m_signals.removeAt(i);
                return;
            }
        }
        capped(m_awaits, PendingSignal{e.proc, -1, e.sig, e.tNs});
        return;
    }
    if (e.res < 0 || e.res >= nres) return;
    const ResourceType type = m_scenario.resources[size_t(e.res)].type;
    const bool socket = type == ResourceType::Socket;
    const bool puts = e.op == Op::Write || e.op == Op::WriteBytes || (socket && e.op == Op::Send);
    const bool takes = e.op == Op::Read || (socket && e.op == Op::Receive);
    if (socket && (e.op == Op::Accept || e.op == Op::Connect)) {
        onConnection(e);
        return;
    }
    // A datagram keeps its boundaries: it is matched whole, like a queue's message.
    const bool datagram =
        socket && m_scenario.resources[size_t(e.res)].kind == core::SocketKind::Datagram;
    if (!datagram && isByteStream(type) && puts && e.value > 0) {
        putBytes(e.res, socket,
                 PendingBytes{e.proc, began, e.value, e.text, socket ? peerOf(e.res, e.proc) : -1,
                              e.tNs});
        return;
    }
    if (!datagram && isByteStream(type) && takes && e.value > 0) {
        takeBytes(e.res, socket,
                  PendingBytes{e.proc, e.tNs, e.value, {}, socket ? peerOf(e.res, e.proc) : -1});
        return;
    }
    if (type != ResourceType::MQueue && !datagram) return;
    // A message received is the one sent with the same text and priority (the earliest such
    // one: the kernel is FIFO within a priority). A datagram has no priority.
    const ArrowKind kind = datagram ? ArrowKind::Data : ArrowKind::Message;
    const qint64 priority = datagram ? 0 : e.aux;
    if (datagram ? puts : e.op == Op::Send) {
        auto &r = m_received[e.res];
        for (qsizetype i = 0; i < r.size(); ++i) {
            if (r[i].text == e.text && r[i].priority == priority) {
                addArrow(Arrow{leftAt(began, e.tNs, r[i].tNs), r[i].tNs, e.proc, r[i].proc, e.res,
                               kind, shortText(e.text)});
                r.removeAt(i);
                return;
            }
        }
        capped(m_messages[e.res], PendingMessage{e.proc, began, e.text, priority, e.tNs});
    } else if (datagram ? takes : e.op == Op::Receive) {
        auto &q = m_messages[e.res];
        for (qsizetype i = 0; i < q.size(); ++i) {
            if (q[i].text == e.text && q[i].priority == priority) {
                addArrow(Arrow{leftAt(q[i].tNs, q[i].endNs, e.tNs), e.tNs, q[i].proc, e.proc, e.res,
                               kind, shortText(e.text)});
                q.removeAt(i);
                return;
            }
        }
        capped(m_received[e.res], PendingMessage{e.proc, e.tNs, e.text, priority});
    }
}

void TimelineModel::onConnection(const Event &e)
{
    auto pair = [this, &e](int a, int b) {
        m_peer.insert(qint64(e.res) << 32 | unsigned(a), b);
        m_peer.insert(qint64(e.res) << 32 | unsigned(b), a);
    };
    const bool unixDomain = m_scenario.resources[size_t(e.res)].domain == core::SocketDomain::Unix;
    if (unixDomain) {
        // accept's aux is the peer's pid from SO_PEERCRED.
        if (e.op == Op::Accept && e.aux > 0)
            for (int i = 0; i < m_lanes.size(); ++i)
                if (m_lanes[i].pid == int(e.aux)) pair(e.proc, i);
        return;
    }
    if (e.aux <= 0) return; // no port reported
    const qint64 key = qint64(e.res) << 32 | quint32(e.aux);
    QHash<qint64, int> &other = e.op == Op::Accept ? m_unpairedConnects : m_unpairedAccepts;
    QHash<qint64, int> &mine = e.op == Op::Accept ? m_unpairedAccepts : m_unpairedConnects;
    if (const auto it = other.constFind(key); it != other.constEnd()) {
        pair(e.proc, it.value());
        other.erase(it);
    } else {
        mine.insert(key, e.proc);
    }
}

void TimelineModel::onSignalDeath(const Event &e)
{
    // A signal that ended its target: the arrow goes from the sender to the death.
    for (qsizetype i = 0; i < m_signals.size(); ++i) {
        const PendingSignal &ps = m_signals[i];
        if (ps.target == e.proc && ps.sig == e.termSignal) {
            addArrow(Arrow{ps.tNs, e.tNs, ps.proc, e.proc, -1, ArrowKind::Signal,
                           core::Texts::signalName(e.termSignal)});
            m_signals.removeAt(i);
            return;
        }
    }
}

} // namespace ipcsim::ui
