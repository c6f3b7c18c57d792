#include "processitem.h"
#include "story/narrator.h"
#include "story/texts.h"
#include "theme.h"

#include <QCursor>
#include <QPainter>
#include <algorithm>
#include <cmath>
#include <iterator>

namespace ipcsim::ui {

using core::ProcState;

ProcessItem::ProcessItem(int instance, const QStringList &scriptLines)
    : DiagramItem(instance, QSizeF(200, 106)), m_scriptLines(scriptLines)
{
    setCursor(Qt::ArrowCursor);
}

void ProcessItem::worldChanged(const core::WorldState &world)
{
    if (m_index >= world.processes.size()) return;
    m_proc = world.processes[m_index];
    m_resName.clear();
    m_resOwner.clear();
    if (m_proc.res >= 0 && m_proc.res < world.resources.size()) {
        const auto &r = world.resources[m_proc.res];
        m_resName = r.name;
        m_resType = r.type;
        if (r.owner >= 0) m_resOwner = core::Texts::processLabel(world, r.owner);
    }
    const QString key = stateText() + QLatin1Char('|') + statementText() + QLatin1Char('|') +
                        QString::number(m_proc.pid) + QLatin1Char('|') + QString::number(m_ready) +
                        QString::number(m_next) + QLatin1Char('|') + pendingText();
    if (key != m_drawnKey) {
        m_drawnKey = key;
        setToolTip(QObject::tr("%1 (pid %2)\n%3\nline %4: %5\nsteps done: %6 (reported)")
                       .arg(m_proc.name)
                       .arg(m_proc.pid)
                       .arg(stateText())
                       .arg(m_proc.line)
                       .arg(statementText())
                       .arg(m_proc.steps));
        update();
    }
}

void ProcessItem::setReady(bool ready, bool next)
{
    if (m_ready == ready && m_next == next) return;
    m_ready = ready;
    m_next = next;
    m_drawnKey.clear();
    update();
}

void ProcessItem::setDeadlockWait(const QString &waitedOn, bool inCycle)
{
    if (m_deadlockOn == waitedOn && m_inCycle == inCycle) return;
    m_deadlockOn = waitedOn;
    m_inCycle = inCycle;
    m_drawnKey.clear();
    update();
}

QString ProcessItem::stateText(bool naming, bool calling) const
{
    if (!m_deadlockOn.isEmpty()) {
        // Two kinds of deadlock: a circle of waits, or a wait no process left can end (a
        // semaphore nobody will post): the second is STUCK, not in a circle.
        const QString on = m_inCycle ? QObject::tr("DEADLOCKED on %1").arg(m_deadlockOn)
                                     : QObject::tr("STUCK on %1").arg(m_deadlockOn);
        if (m_proc.state == ProcState::Killed) return QObject::tr("%1 — ended by ipcsim").arg(on);
        if (m_proc.state == ProcState::Blocked || m_proc.state == ProcState::InStep ||
            m_proc.state == ProcState::Spinning)
            return on;
    }
    QString call;
    if (m_proc.op != core::Op::None && calling) {
        call = m_resName.isEmpty() || !naming
                   ? core::Texts::callName(m_proc.op, m_resType, m_proc.shared)
                   : core::Texts::callName(m_proc.op, m_resType, m_proc.shared) + QLatin1Char('(') +
                         m_resName + QLatin1Char(')');
        if (m_proc.op == core::Op::Await) call = QStringLiteral("sigwaitinfo");
    }
    if (m_proc.stopped())
        return call.isEmpty() || !m_proc.inCall() // at its gate or between steps: in no call
                   ? QObject::tr("STOPPED by %1").arg(core::Texts::signalName(m_proc.stoppedBy))
                   : QObject::tr("STOPPED by %1 in %2")
                         .arg(core::Texts::signalName(m_proc.stoppedBy), call);
    switch (m_proc.state) {
    case ProcState::NotStarted:
        return QObject::tr("not started");
    case ProcState::Starting:
        return QObject::tr("starting");
    case ProcState::Running:
        return QObject::tr("running");
    case ProcState::AtGate:
        // Shorter (naming nothing), the mark alone: the dashed outline and the status bar say
        // the rest.
        if (m_next) return naming ? QObject::tr("NEXT — the schedule's pick") : QObject::tr("NEXT");
        if (m_ready) return naming ? QObject::tr("READY — click to step") : QObject::tr("READY");
        return QObject::tr("waiting at its gate");
    case ProcState::InStep:
        return call.isEmpty() ? QObject::tr("in a call") : QObject::tr("in %1").arg(call);
    case ProcState::Blocked:
        return call.isEmpty() ? QObject::tr("BLOCKED in the kernel")
                              : QObject::tr("BLOCKED in %1").arg(call);
    case ProcState::Spinning:
        return m_resOwner.isEmpty() || !naming
                   ? QObject::tr("SPINNING on %1").arg(m_resName)
                   : QObject::tr("SPINNING on %1 (held by %2)").arg(m_resName, m_resOwner);
    case ProcState::Exited:
        return QObject::tr("exited, code %1").arg(m_proc.exitCode);
    case ProcState::Killed:
        return m_proc.stoppedBy
                   ? QObject::tr("killed by %1 while stopped")
                         .arg(core::Texts::signalName(m_proc.termSignal))
                   : QObject::tr("killed by %1").arg(core::Texts::signalName(m_proc.termSignal));
    }
    return {};
}

QString ProcessItem::pendingText() const
{
    QStringList out;
    QList<int> seen;
    for (int sig : m_proc.pendingSignals) {
        if (seen.contains(sig)) continue;
        seen << sig;
        const qsizetype n = m_proc.pendingSignals.count(sig);
        out << (n > 1 ? QStringLiteral("%1 ×%2").arg(core::Texts::signalName(sig)).arg(n)
                      : core::Texts::signalName(sig));
    }
    return out.join(QStringLiteral(", "));
}

QString ProcessItem::statementText() const
{
    if (m_proc.line <= 0 || m_proc.line > m_scriptLines.size())
        return m_proc.exec ? QObject::tr("external program") : QString();
    // Without its comment: the node has room for the statement only.
    QString line = m_scriptLines[m_proc.line - 1];
    bool inString = false;
    for (int i = 0; i < line.size(); ++i) {
        if (line[i] == QLatin1Char('"') && (i == 0 || line[i - 1] != QLatin1Char('\\')))
            inString = !inString;
        else if (line[i] == QLatin1Char('#') && !inString) {
            line.truncate(i);
            break;
        }
    }
    return line.trimmed();
}

QList<InspectorRow> ProcessItem::inspectorRows(const core::WorldState &world) const
{
    const QString rep = core::Texts::sourceName(core::Source::Reported);
    const QString ker = core::Texts::sourceName(core::Source::Kernel);
    const QString der = core::Texts::sourceName(core::Source::Derived);
    QList<InspectorRow> rows;
    rows << InspectorRow{QObject::tr("process"), m_proc.name, {}};
    rows << InspectorRow{QObject::tr("pid"), QString::number(m_proc.pid), ker};
    rows << InspectorRow{QObject::tr("state"), stateText(),
                         m_proc.state == ProcState::Blocked || m_proc.state == ProcState::Exited ||
                                 m_proc.state == ProcState::Killed || m_proc.stopped()
                             ? ker
                             : rep};
    if (m_proc.stopped())
        rows << InspectorRow{
            QObject::tr("stopped since"),
            QObject::tr("%1 s; only SIGCONT lets it go on").arg(m_proc.stoppedNs / 1e9, 0, 'f', 3),
            QObject::tr("kernel: waitid, WSTOPPED")};
    if (!m_proc.wchan.isEmpty()) rows << InspectorRow{QObject::tr("wchan"), m_proc.wchan, ker};
    rows << InspectorRow{QObject::tr("line"),
                         QStringLiteral("%1: %2").arg(m_proc.line).arg(statementText()), rep};
    if (m_proc.cpuNs >= 0) {
        rows << InspectorRow{QObject::tr("CPU time"),
                             QObject::tr("%1 ms").arg(m_proc.cpuNs / 1e6, 0, 'f', 1), ker};
        rows << InspectorRow{QObject::tr("context switches"),
                             QString::number(m_proc.contextSwitches), ker};
    }
    if (m_proc.ioWritten >= 0) {
        // A program reports no steps: its kernel I/O counters say what it moved.
        rows << InspectorRow{QObject::tr("bytes written"), QString::number(m_proc.ioWritten),
                             QObject::tr("kernel: wchar in /proc/PID/io")};
        rows << InspectorRow{QObject::tr("bytes read"), QString::number(m_proc.ioRead),
                             QObject::tr("kernel: rchar (its loader's reads of libraries too)")};
    }
    if (const QString next = core::Narrator::nextStep(world, m_index); !next.isEmpty())
        rows << InspectorRow{QObject::tr("next step"), next, der};
    rows << InspectorRow{QObject::tr("steps begun"), QString::number(m_proc.seq), rep};
    rows << InspectorRow{QObject::tr("steps done"), QString::number(m_proc.steps), rep};
    for (const auto &r : m_proc.registers)
        rows << InspectorRow{QObject::tr("register %1").arg(r.name), QString::fromUtf8(r.value),
                             rep};
    QStringList holds;
    for (int h : m_proc.holds)
        holds << core::Texts::resourceLabel(world, h);
    if (!holds.isEmpty())
        rows << InspectorRow{QObject::tr("holds"), holds.join(QStringLiteral(", ")), der};
    if (const QString pending = pendingText(); !pending.isEmpty())
        rows << InspectorRow{QObject::tr("signals pending"), pending, der};
    if (m_proc.state == ProcState::Exited)
        rows << InspectorRow{QObject::tr("exit code"), QString::number(m_proc.exitCode), ker};
    if (m_proc.state == ProcState::Killed)
        rows << InspectorRow{QObject::tr("signal"), core::Texts::signalName(m_proc.termSignal),
                             ker};
    if (!m_deadlockOn.isEmpty())
        rows << InspectorRow{QObject::tr("deadlocked on"), m_deadlockOn, QObject::tr("engine")};
    if (!m_proc.lastError.isEmpty())
        rows << InspectorRow{QObject::tr("last error"), m_proc.lastError, rep};
    if (m_proc.printedCount > 0) {
        // A long run's lines: the first ones, how many in all, and the last.
        constexpr int kShown = 20;
        QString text = QStringList(m_proc.printed.mid(0, kShown)).join(QLatin1Char('\n'));
        if (m_proc.printedCount > kShown)
            text += QObject::tr("\n… %1 lines in all; the last: %2")
                        .arg(m_proc.printedCount)
                        .arg(m_proc.lastPrinted);
        rows << InspectorRow{QObject::tr("printed"), text, rep};
    }
    return rows;
}

void ProcessItem::paintBadge(QPainter *painter, const QRectF &r, const QColor &c) const
{
    // A shape per state, so the state reads without colour too.
    painter->save();
    painter->setPen(QPen(Theme::ink(), 1.5));
    painter->setBrush(c);
    const QPointF m = r.center();
    const qreal s = r.width() / 2;
    if (m_proc.stopped()) {
        // An octagon, the shape of a stop sign.
        QPolygonF octagon;
        for (int k = 0; k < 8; ++k) {
            const qreal a = (k * 45 + 22.5) * M_PI / 180;
            octagon << QPointF(m.x() + s * std::cos(a), m.y() + s * std::sin(a));
        }
        painter->drawPolygon(octagon);
        painter->restore();
        return;
    }
    switch (m_proc.state) {
    case ProcState::Running: {
        QPolygonF tri;
        tri << QPointF(m.x() - s * 0.7, m.y() - s) << QPointF(m.x() + s, m.y())
            << QPointF(m.x() - s * 0.7, m.y() + s);
        painter->drawPolygon(tri);
        break;
    }
    case ProcState::AtGate:
        painter->drawRect(QRectF(m.x() - s * 0.8, m.y() - s, s * 0.6, 2 * s));
        painter->drawRect(QRectF(m.x() + s * 0.2, m.y() - s, s * 0.6, 2 * s));
        break;
    case ProcState::InStep:
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c.darker(130), 3));
        painter->drawEllipse(m, s * 0.85, s * 0.85);
        break;
    case ProcState::Blocked:
        painter->drawRect(QRectF(m.x() - s, m.y() - s, 2 * s, 2 * s));
        break;
    case ProcState::Spinning:
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(c.darker(120), 3));
        painter->drawArc(QRectF(m.x() - s, m.y() - s, 2 * s, 2 * s), 30 * 16, 290 * 16);
        break;
    case ProcState::Exited: {
        painter->setPen(QPen(c, 3.5));
        QPolygonF tick;
        tick << QPointF(m.x() - s, m.y()) << QPointF(m.x() - s * 0.2, m.y() + s * 0.8)
             << QPointF(m.x() + s, m.y() - s * 0.8);
        painter->drawPolyline(tick);
        break;
    }
    case ProcState::Killed:
        painter->setPen(QPen(c, 3.5));
        painter->drawLine(QPointF(m.x() - s, m.y() - s), QPointF(m.x() + s, m.y() + s));
        painter->drawLine(QPointF(m.x() - s, m.y() + s), QPointF(m.x() + s, m.y() - s));
        break;
    case ProcState::NotStarted:
    case ProcState::Starting:
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(m, s * 0.6, s * 0.6);
        break;
    }
    painter->restore();
}

void ProcessItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QColor c = m_proc.stopped() ? Theme::stoppedColor() : Theme::stateColor(m_proc.state);
    const QRectF f = frame();
    paintFrame(painter, c.darker(115), Theme::tint(c, 0.18));
    // A coloured band on the left, the state's colour at full strength.
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->drawRoundedRect(QRectF(f.left() + 1, f.top() + 1, 9, f.height() - 2), 4, 4);

    const qreal x = f.left() + 18;
    const qreal w = f.width() - 26;
    const QFont small = Theme::font(Theme::kSmallPt); // the pid, the statement, the foot
    const QFontMetricsF smallFm(small);
    // The name gets what the pid, right-aligned before the badge, leaves of the line; a name
    // too long for both goes without the pid (the inspector and the timeline give it).
    QString pid = m_proc.pid > 0 ? QObject::tr("pid %1").arg(m_proc.pid) : QString();
    const qreal pidW = smallFm.horizontalAdvance(pid);
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(11, true));
    const QFontMetricsF fm1(painter->font());
    qreal nameW = w - 22 - pidW - 6;
    if (fm1.horizontalAdvance(m_proc.name) > nameW) {
        pid.clear();
        nameW = w - 26;
    }
    painter->drawText(QRectF(x, f.top() + 5, nameW, 22), Qt::AlignLeft | Qt::AlignVCenter,
                      fm1.elidedText(m_proc.name, Qt::ElideRight, nameW));
    painter->setFont(small);
    painter->setPen(Theme::ink().lighter(180));
    if (!pid.isEmpty())
        painter->drawText(QRectF(x, f.top() + 5, w - 22, 22), Qt::AlignRight | Qt::AlignVCenter,
                          pid);
    paintBadge(painter, QRectF(f.right() - 22, f.top() + 8, 14, 14), c);

    painter->setPen(Theme::ink());
    const bool strong = m_proc.state == ProcState::Blocked || m_proc.state == ProcState::Spinning ||
                        (m_proc.state == ProcState::AtGate && m_ready) || !m_deadlockOn.isEmpty() ||
                        m_proc.stopped();
    // A long state ("DEADLOCKED on fork1 — ended by ipcsim") gets a smaller font before it is cut.
    QString state = stateText();
    // "DEADLOCKED on fork1 — ended by ipcsim" is too long for one line of the node: the part
    // after the dash goes to the last line.
    QString deadlockFoot;
    if (const int dash = m_deadlockOn.isEmpty() ? -1 : int(state.indexOf(QStringLiteral(" — ")));
        dash >= 0) {
        // For the node's last line: "SIGKILL from ipcsim: nobody could wake it", or in a
        // narrow node "ended by ipcsim (SIGKILL)".
        const QString signal = core::Texts::signalName(m_proc.termSignal);
        deadlockFoot = QObject::tr("%1 from ipcsim: nobody could wake it").arg(signal);
        if (smallFm.horizontalAdvance(deadlockFoot) > w)
            deadlockFoot = QObject::tr("ended by ipcsim (%1)").arg(signal);
        state.truncate(dash);
    }
    QString foot;
    if (!deadlockFoot.isEmpty())
        foot = deadlockFoot;
    else if (m_proc.stopped())
        foot = QObject::tr("waits for SIGCONT");
    else if (const QString pending = pendingText(); !pending.isEmpty()) {
        // "pending: SIGUSR1, SIGRTMIN+1 ×3", or without the SIGs, or how many, as it fits.
        foot = QObject::tr("pending: %1").arg(pending);
        if (smallFm.horizontalAdvance(foot) > w)
            foot = QObject::tr("pending: %1").arg(QString(pending).remove(QStringLiteral("SIG")));
        if (smallFm.horizontalAdvance(foot) > w)
            foot = QObject::tr("%1 signals pending").arg(m_proc.pendingSignals.size());
    } else if (m_proc.printedCount > 0)
        foot = QObject::tr("printed: %1").arg(m_proc.lastPrinted);
    else if (!m_proc.lastError.isEmpty())
        foot = QObject::tr("error: %1").arg(m_proc.lastError);
    const bool longFoot = !foot.isEmpty() && smallFm.horizontalAdvance(foot) > w;
    // The state in the first way that fits: smaller, down to the smallest type; then on two
    // lines ("BLOCKED in" / "pthread_barrier_wait(phase_end)"), taking the statement's second
    // line; then without the object's name (the statement line below names it), on one line
    // or two; in plain weight; last without the call's name ("BLOCKED in the kernel"). Only
    // then is it cut. Under a foot too long for its line, which takes the line above, every
    // way on one line that still names the call comes first ("NEXT" before "NEXT — the
    // schedule's pick" on two), so the node has room for the foot whole.
    const QString shorter = m_deadlockOn.isEmpty() ? stateText(false) : state;
    const QString shortest = m_deadlockOn.isEmpty() ? stateText(false, false) : state;
    struct Way
    {
        QString text;
        QFont font;
        int lines = 1;
    };
    const Way ways[] = {{state, Theme::font(10, strong)},
                        {state, Theme::font(9.5, strong)},
                        {state, Theme::font(Theme::kSmallPt, strong)},
                        {state, Theme::font(Theme::kSmallPt, strong), 2},
                        {shorter, Theme::font(Theme::kSmallPt, strong)},
                        {shorter, Theme::font(Theme::kSmallPt, strong), 2},
                        {shorter, Theme::font(Theme::kSmallPt)},
                        {shortest, Theme::font(Theme::kSmallPt)}};
    constexpr qreal kStateLine = 17;
    auto fits = [w](const Way &v) {
        const QFontMetricsF fm(v.font);
        return v.lines == 1 ? fm.horizontalAdvance(v.text) <= w
                            : Theme::fits(fm, QSizeF(w, v.lines * kStateLine), v.text);
    };
    const Way *const noCall = std::end(ways) - 1; // the last way: without the call's name
    const Way *way = longFoot ? std::find_if(std::begin(ways), noCall,
                                             [&](const Way &v) { return v.lines == 1 && fits(v); })
                              : noCall;
    if (way == noCall) way = std::find_if(std::begin(ways), std::end(ways), fits);
    if (way == std::end(ways)) --way;
    painter->setFont(way->font);
    const qreal stateHeight = way->lines * kStateLine;
    Theme::drawTextIn(painter, QRectF(x, f.top() + 30, w, stateHeight),
                      Qt::AlignLeft | Qt::AlignVCenter, way->text);
    // The statement below the state, in the lines it leaves (it wraps onto a second one), and
    // the foot on the last line. A foot too long for it takes the line above, the statement
    // keeping one: what was printed is the datum ("phase 2 done by 3 workers"). A statement
    // too long for its lines drops its line number (the Script dock shows it beside the line);
    // one too long even so keeps it, and is cut.
    QStringList stmt{statementText()};
    if (m_proc.line > 0) {
        const QString numbered = QObject::tr("%1: %2").arg(m_proc.line).arg(stmt.first());
        stmt = {numbered, stmt.first(), numbered};
    }
    const qreal stmtTop = f.top() + 32 + stateHeight;
    const qreal footBottom = f.bottom() - (m_ready ? 5 : 2); // above a READY outline
    qreal footTop = footBottom - 18;
    if (longFoot && footTop - smallFm.lineSpacing() >=
                        stmtTop + QFontMetricsF(Theme::mono(Theme::kSmallPt)).lineSpacing())
        footTop -= smallFm.lineSpacing();
    painter->setFont(Theme::mono(Theme::kSmallPt));
    painter->setPen(Theme::ink().lighter(150));
    Theme::drawFirstFitting(
        painter, QRectF(x, stmtTop, w, (foot.isEmpty() ? f.bottom() - 4 : footTop) - stmtTop),
        Qt::AlignLeft | Qt::AlignTop, stmt);
    // A line too long even so is cut in the middle: its end (the value printed, what it
    // waited on) is usually the point.
    painter->setFont(small);
    Theme::drawTextIn(painter, QRectF(x, footTop, w, footBottom - footTop),
                      Qt::AlignLeft | Qt::AlignBottom, foot, Qt::ElideMiddle);
    if (m_ready) {
        painter->setPen(QPen(Theme::ink(), 2, Qt::DashLine));
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(f.adjusted(3, 3, -3, -3), 6, 6);
    }
    paintHighlight(painter);
}

} // namespace ipcsim::ui
