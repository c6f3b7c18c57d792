// What the Timeline dock draws: per process, the states the reducer gave it over time, and the
// data that really passed between processes (a write matched to the read that took its bytes, a
// send to the receive of the same message, a signal to the await or death it caused: the core's
// FlowMatcher, which the Chrome trace uses too). It is fed every event together with the world
// just after it, so it invents nothing.
#pragma once

#include "model/event.h"
#include "model/flowmatcher.h"
#include "model/worldstate.h"

#include <QCoreApplication>
#include <QHash>
#include <QList>
#include <QString>
#include <QVector>

namespace ipcsim::ui {

class TimelineModel
{
    Q_DECLARE_TR_FUNCTIONS(TimelineModel)
public:
    // The states a lane shows, as the diagram does: a step that has begun and not ended is "in
    // a call" until the kernel confirms it asleep (Blocked); only then is it drawn as blocked.
    enum class LaneState : quint8
    {
        None,
        Starting, // launched, before its first step (exec, start-up, waiting for the others)
        Running,
        InCall,   // in a step's call, not (yet) confirmed asleep by the kernel
        Sleeping, // in `sleep`: off the CPU, waiting for a timer, not for another process
        AtGate,
        Blocked,
        Spinning,
        Stopped, // stopped by SIGSTOP: runs nothing until SIGCONT (the kernel, via waitid)
        Exited,
        Killed
    };

    struct Segment
    {
        qint64 startNs = 0; // it lasts until the next segment starts (or the run's end)
        LaneState state = LaneState::None;
        core::Op op = core::Op::None; // the statement it was in (Blocked, Spinning)
        qint16 res = -1;
    };

    struct Lane
    {
        QString name;
        int pid = 0;
        QVector<Segment> segments;
        QString endText; // "exit 0", "killed by SIGKILL", "deadlocked on fork1 — ended by ipcsim"
        QString deadlockOn; // what it waited on when the engine found a deadlock
    };

    enum class ArrowKind : quint8
    {
        Data,
        Message,
        Signal
    };

    struct Arrow
    {
        qint64 fromNs = 0;
        qint64 toNs = 0;
        int fromProc = -1;
        int toProc = -1;
        int res = -1; // -1 for a signal
        ArrowKind kind = ArrowKind::Data;
        QString label; // the text or byte count, the message, the signal's name
    };

    void setScenario(const core::Scenario &scenario);
    void reset();
    // One event and the world right after the reducer applied it.
    void apply(const core::Event &e, const core::WorldState &after);

    const QVector<Lane> &lanes() const { return m_lanes; }
    // In order of the receiving end's time.
    const QVector<Arrow> &arrows() const
    {
        ensureSorted();
        return m_arrows;
    }
    qint64 endNs() const { return m_endNs; }
    // When the first process began its work (-1: none yet): a script's first step, or a
    // program's start (exec). Before it, the processes were only starting.
    qint64 firstActivityNs() const { return m_firstActivityNs; }
    // The longest time an arrow spans, so a view knows how far back to look for visible ones.
    qint64 longestArrowNs() const { return m_longestArrowNs; }
    // Arrows and segments forgotten because a long run went past the memory caps.
    quint64 forgotten() const { return m_forgotten; }
    // Changes whenever something was added; a view repaints only then.
    quint64 revision() const { return m_revision; }

    // When each step ended (a statement returned, or a process ended), in the order they are
    // told (causes first), each no earlier than the one before: the step axis gives each one
    // column, so a student's thinking time at a gate takes no room. At most kMaxSteps are
    // kept; the rest of a longer run shares the last column.
    static constexpr int kMaxSteps = 1 << 21;
    const QVector<qint64> &stepTimes() const { return m_stepNs; }
    const QVector<qint64> &stepBeginTimes() const { return m_stepBeginNs; }
    // Where a time falls on the step axis (k + fraction within step k's column; before the
    // first step below 0), and back. Step k's column runs from the end of step k - 1 to its
    // own end; the part before the step began (its process held at its gate by the pace or
    // the student, or busy before it) is folded into the first kGateShare of the column.
    static constexpr qreal kGateShare = 0.15;
    qreal stepsAt(qint64 tNs) const;
    qint64 timeAtSteps(qreal steps) const;

    // The lane's segment at a time, or -1 (before the process started).
    int segmentAt(int lane, qint64 tNs) const;
    QString resourceName(int res) const;
    static LaneState laneState(core::ProcState s);
    // The same, with the statement: a process in `sleep` is Sleeping, not Running.
    static LaneState laneState(const core::ProcessState &p);
    static QString stateName(LaneState s);
    static QString deadlockText(const QString &waitedOn);

private:
    void addArrow(Arrow a);
    // Arrows are appended as they are found and put in order only when someone looks: one
    // found late (its read came before its write) would otherwise shift thousands each time.
    void ensureSorted() const;
    void addFlows(const core::Event &e);

    core::Scenario m_scenario;
    QVector<Lane> m_lanes;
    mutable QVector<Arrow> m_arrows;
    mutable qsizetype m_sortedCount = 0; // m_arrows[0, m_sortedCount) is in order
    QVector<qint64> m_beginNs;           // per process: when its current step began
    core::FlowMatcher m_flows;           // which step's data or signal reached which
    QVector<core::FlowMatcher::Flow> m_found;
    qint64 m_endNs = 0;
    QVector<qint64> m_stepNs;
    QVector<qint64> m_stepBeginNs; // when each of those steps began (its call, after its gate)
    qint64 m_firstActivityNs = -1;
    qint64 m_longestArrowNs = 0;
    quint64 m_forgotten = 0;
    quint64 m_revision = 0;
};

} // namespace ipcsim::ui
