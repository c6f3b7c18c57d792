#include "timelinemodel.h"
#include "story/texts.h"

#include <algorithm>
#include <cmath>

namespace ipcsim::ui {

using core::Event;
using core::Op;
using core::ProcState;

namespace {
// A long full-speed run makes millions of events; the timeline keeps the most recent part.
constexpr int kMaxArrows = 200000;
constexpr int kMaxSegmentsPerLane = 200000;

QString shortText(const QByteArray &text)
{
    QString t = QString::fromUtf8(text.left(18));
    t.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (text.size() > 18) t += QStringLiteral("…");
    return QStringLiteral("\"") + t + QStringLiteral("\"");
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
    // Stopped, whatever it was doing: nothing it waits for can move it, only SIGCONT.
    if (p.stopped()) return LaneState::Stopped;
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
    case LaneState::Stopped:
        return tr("stopped (SIGSTOP)");
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
    // Let go of the buffers too (clear() keeps their capacity: after a flood, megabytes).
    m_arrows = {};
    m_stepNs = {};
    m_stepBeginNs = {};
    m_sortedCount = 0;
    m_beginNs = QVector<qint64>(m_lanes.size(), 0);
    m_flows = core::FlowMatcher(m_scenario);
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
    if (tNs < knee)
        return base + kGateShare * qreal(tNs - from) / qreal(std::max<qint64>(1, knee - from));
    return base + kGateShare +
           (1 - kGateShare) * qreal(tNs - knee) / qreal(std::max<qint64>(1, to - knee));
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
        for (const core::DeadlockWait &w : e.deadlock.waits) {
            if (w.proc < 0 || w.proc >= m_lanes.size()) continue;
            Lane &l = m_lanes[w.proc];
            l.deadlockOn = core::waitedName(after, w);
            if (!l.segments.isEmpty() && l.segments.last().state == LaneState::Killed)
                l.endText = deadlockText(l.deadlockOn);
        }
        ++m_revision;
        return;
    }
    if (e.proc < 0 || e.proc >= m_lanes.size() || e.proc >= after.processes.size()) return;
    const bool stepEnded =
        (e.kind == Event::Step && (e.phase == core::Phase::End || e.phase == core::Phase::Error)) ||
        e.kind == Event::Exit;
    if (stepEnded && m_stepNs.size() < kMaxSteps) {
        const qint64 end = m_stepNs.isEmpty() ? e.tNs : std::max(e.tNs, m_stepNs.last());
        const qint64 began = e.kind == Event::Exit ? end : m_beginNs.value(e.proc, end);
        m_stepNs << end;
        m_stepBeginNs << std::clamp(began, m_stepNs.size() > 1 ? m_stepNs[m_stepNs.size() - 2] : 0,
                                    end);
    }
    const core::ProcessState &p = after.processes[e.proc];
    Lane &lane = m_lanes[e.proc];
    lane.pid = p.pid;
    const LaneState s = laneState(p);
    if (s != LaneState::None && s != LaneState::Starting &&
        (m_firstActivityNs < 0 || e.tNs < m_firstActivityNs))
        m_firstActivityNs = e.tNs;
    // (A stopped process is in a call only if it was stopped inside one.)
    const bool detailed = s == LaneState::InCall || s == LaneState::Blocked ||
                          s == LaneState::Spinning || (s == LaneState::Stopped && p.inCall());
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
        if (p.stoppedBy && e.termSignal > 0) lane.endText += tr(" while stopped");
        ++m_revision;
    } else if (e.kind == Event::Step && e.phase == core::Phase::Begin) {
        m_beginNs[e.proc] = e.tNs;
    }
    addFlows(e);
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

void TimelineModel::addFlows(const Event &e)
{
    m_found.clear();
    m_flows.apply(e, m_found);
    for (const core::FlowMatcher::Flow &f : m_found) {
        QString label;
        ArrowKind kind = ArrowKind::Data;
        switch (f.kind) {
        case core::FlowMatcher::Kind::Data:
            label = !f.text.isEmpty() ? shortText(f.text) : core::Texts::bytes(f.bytes);
            break;
        case core::FlowMatcher::Kind::Message:
            kind = ArrowKind::Message;
            label = shortText(f.text);
            break;
        case core::FlowMatcher::Kind::Signal:
            kind = ArrowKind::Signal;
            label = core::Texts::signalName(f.sig);
            break;
        }
        addArrow(Arrow{f.leftNs(), f.to.endedNs, f.from.proc, f.to.proc, f.res, kind, label});
    }
}

} // namespace ipcsim::ui
