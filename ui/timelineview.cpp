#include "timelineview.h"
#include "story/texts.h"
#include "theme.h"

#include <QHelpEvent>
#include <QPainter>
#include <QPainterPath>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace ipcsim::ui {

using LaneState = TimelineModel::LaneState;
using ArrowKind = TimelineModel::ArrowKind;

namespace {
constexpr int kLabelW = 150;    // the column of process names, at the least
constexpr int kLabelGap = 6;    // around and between a lane's name and its pid
constexpr int kLegendRowH = 18; // the legend wraps onto as many rows as the width needs
constexpr int kAxisH = 20;
constexpr int kLaneH = 28; // lanes of a few processes
constexpr int kBarH = 18;
constexpr int kDenseLaneH = 20; // more than kDenseFrom processes: tighter, so more fit the dock
constexpr int kDenseBarH = 14;
constexpr int kTightLaneH = 18; // the least a lane gets before the lanes scroll
constexpr int kDenseFrom = 6;
constexpr int kRightMargin = 24;
constexpr int kFitMargin = 70; // room after the end of a fitted run for "exit 0"
constexpr int kMaxDrawnArrows = 600;
constexpr qreal kMinNsPerPx = 1000;  // 1 µs per pixel: closer than that shows nothing new
constexpr qreal kUnitsPerStep = 1e6; // on the step axis: a step is a million units

QColor laneColor(LaneState s)
{
    switch (s) {
    case LaneState::None:
        return Theme::grey();
    case LaneState::Starting:
        return Theme::tint(Theme::grey(), 0.45);
    case LaneState::Running:
        return Theme::bluishGreen();
    case LaneState::InCall:
        return Theme::skyBlue(); // as the diagram draws a process in a call
    case LaneState::Sleeping:
        return Theme::tint(Theme::skyBlue(), 0.55);
    case LaneState::AtGate:
        // Pale: in slow motion every process waits at its gate most of the time, and the
        // moments it sleeps or spins are what the lane is for.
        return Theme::tint(Theme::yellow(), 0.5);
    case LaneState::Blocked:
        return Theme::vermillion();
    case LaneState::Spinning:
        return Theme::orange();
    case LaneState::Stopped:
        return Theme::stoppedColor();
    case LaneState::Exited:
        return Theme::blue();
    case LaneState::Killed:
        return Theme::reddishPurple();
    }
    return Theme::grey();
}

// A pattern over the colour, so the state reads in grey scale and for colour-blind viewers.
Qt::BrushStyle lanePattern(LaneState s)
{
    switch (s) {
    case LaneState::AtGate:
        return Qt::Dense6Pattern;
    case LaneState::Sleeping:
        return Qt::Dense7Pattern;
    case LaneState::Blocked:
        return Qt::BDiagPattern;
    case LaneState::Spinning:
        return Qt::DiagCrossPattern;
    case LaneState::Stopped:
        return Qt::VerPattern; // bars, like a pause sign
    default:
        return Qt::NoBrush;
    }
}

// Within one pixel, the state most worth seeing wins.
int priority(LaneState s)
{
    switch (s) {
    case LaneState::Blocked:
        return 6;
    case LaneState::Spinning:
    case LaneState::Stopped:
        return 5;
    case LaneState::Killed:
        return 4;
    case LaneState::AtGate:
        return 3;
    case LaneState::Exited:
        return 2;
    case LaneState::InCall:
    case LaneState::Running:
    case LaneState::Sleeping:
    case LaneState::Starting:
        return 1;
    case LaneState::None:
        return 0;
    }
    return 0;
}

QColor arrowColor(ArrowKind k)
{
    switch (k) {
    case ArrowKind::Data:
        return Theme::blue();
    case ArrowKind::Message:
        return Theme::bluishGreen().darker(140);
    case ArrowKind::Signal:
        return Theme::reddishPurple().darker(130);
    }
    return Theme::ink();
}

Qt::PenStyle arrowStyle(ArrowKind k)
{
    switch (k) {
    case ArrowKind::Data:
        return Qt::SolidLine;
    case ArrowKind::Message:
        return Qt::DashDotLine;
    case ArrowKind::Signal:
        return Qt::DashLine;
    }
    return Qt::SolidLine;
}

QString timeText(qint64 ns, qint64 step)
{
    // As many decimals as the tick spacing needs.
    const double s = ns / 1e9;
    const int decimals = std::clamp(int(std::ceil(-std::log10(step / 1e9) - 1e-9)), 0, 6);
    // Milliseconds for any run under a second with ticks under 100 ms ("9 ms", not "0.009 s").
    if (step < 100000000 && ns < 1000000000)
        return QStringLiteral("%1 ms").arg(ns / 1e6, 0, 'f', std::clamp(decimals - 3, 0, 3));
    return QStringLiteral("%1 s").arg(s, 0, 'f', decimals);
}
} // namespace

TimelineView::TimelineView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    viewport()->setMouseTracking(true);
    viewport()->setAutoFillBackground(true);
    QPalette pal = viewport()->palette();
    pal.setColor(QPalette::Base, Theme::paper());
    pal.setColor(QPalette::Window, Theme::paper());
    viewport()->setPalette(pal);
    viewport()->setBackgroundRole(QPalette::Base);
    setFocusPolicy(Qt::WheelFocus);
    setAccessibleName(tr("Timeline"));
}

QSize TimelineView::sizeHint() const
{
    return QSize(900, headerH() + 4 * kLaneH + 20);
}

void TimelineView::setModel(const TimelineModel *model)
{
    m_model = model;
    reset();
}

void TimelineView::reset()
{
    m_seenRevision = ~0ull;
    m_fit = true;
    setFollowLive(true);
    updateScrollBars();
    viewport()->update();
}

int TimelineView::fitMargin() const
{
    // Room after the end of the run for the longest "how it ended" label, within reason.
    int widest = 0;
    if (m_model) {
        const QFontMetrics fm(Theme::font(Theme::kSmallPt));
        for (const auto &l : m_model->lanes())
            widest = std::max(widest, fm.horizontalAdvance(l.endText));
    }
    return std::clamp(widest + 24, kFitMargin, plotWidth() * 2 / 5);
}

int TimelineView::laneH() const
{
    // Every lane in view when it can be: as tall as kLaneH, as tight as kTightLaneH; beyond
    // that, the lanes scroll.
    const int n = m_model ? int(m_model->lanes().size()) : 0;
    if (n == 0) return kLaneH;
    const int room = (viewport()->height() - headerH()) / n;
    return std::clamp(room, kTightLaneH, n > kDenseFrom ? kDenseLaneH : kLaneH);
}

int TimelineView::barH() const
{
    // kBarH in a lane of kLaneH, kDenseBarH in a lane of kDenseLaneH, in between in between.
    return kDenseBarH + (laneH() - kDenseLaneH) * (kBarH - kDenseBarH) / (kLaneH - kDenseLaneH);
}

int TimelineView::plotWidth() const
{
    return std::max(40, viewport()->width() - m_labelW - kRightMargin);
}

qreal TimelineView::unitsAt(qint64 tNs) const
{
    if (m_axis == Axis::Time || !m_model) return qreal(tNs);
    return (m_model->stepsAt(tNs) + 1) * kUnitsPerStep; // the start-up column begins at 0
}

qint64 TimelineView::timeAtUnits(qreal units) const
{
    if (m_axis == Axis::Time || !m_model) return qint64(units);
    return m_model->timeAtSteps(units / kUnitsPerStep - 1);
}

void TimelineView::setAxis(Axis axis)
{
    if (axis == m_axis) return;
    m_axis = axis;
    fitAll();
}

qint64 TimelineView::viewStartNs() const
{
    return timeAtUnits(horizontalScrollBar()->value() * m_nsPerPx);
}

qreal TimelineView::xForTime(qint64 tNs) const
{
    return m_labelW + (unitsAt(tNs) / m_nsPerPx) - horizontalScrollBar()->value();
}

qint64 TimelineView::timeForX(qreal x) const
{
    return timeAtUnits((x - m_labelW + horizontalScrollBar()->value()) * m_nsPerPx);
}

QRect TimelineView::laneRect(int lane) const
{
    const int y =
        headerH() + lane * laneH() - verticalScrollBar()->value() + (laneH() - barH()) / 2;
    return QRect(m_labelW, y, plotWidth(), barH());
}

int TimelineView::laneAtY(int y) const
{
    if (!m_model || y < headerH()) return -1;
    const int lane = (y - headerH() + verticalScrollBar()->value()) / laneH();
    return lane < m_model->lanes().size() ? lane : -1;
}

void TimelineView::refresh()
{
    if (!m_model) return;
    const bool changed = m_model->revision() != m_seenRevision;
    if (!changed || !isVisible()) return; // a hidden dock costs nothing; it catches up when shown
    m_seenRevision = m_model->revision();
    updateScrollBars();
    viewport()->update();
}

// The column of names is as wide as its longest name and pid need (a quarter of the view at
// most): "philosopher[0]" to "philosopher[4]", each cut to "philosoph…", could not be told
// apart.
bool TimelineView::fitLabelColumn()
{
    const int was = m_labelW;
    int widest = 0;
    if (m_model) {
        const QFontMetrics name(Theme::font(Theme::kSmallPt, true), viewport());
        for (const auto &l : m_model->lanes())
            widest = std::max(widest, name.horizontalAdvance(l.name));
    }
    m_pidW =
        QFontMetrics(Theme::font(Theme::kSmallPt), viewport()).horizontalAdvance(pidText(9999999));
    // (A pixel to spare: elidedText cuts a name its width exactly fits.)
    m_labelW = std::clamp(widest + 2 + m_pidW + 3 * kLabelGap, kLabelW,
                          std::max(kLabelW, viewport()->width() / 4));
    return m_labelW != was;
}

QString TimelineView::pidText(int pid)
{
    return tr("pid %1").arg(pid);
}

void TimelineView::updateScrollBars()
{
    fitLabelColumn();
    const qreal end = endUnits();
    if (m_fit) {
        // The whole run from a little before the first work (a step, or a program's start):
        // before it the workers were only starting (exec, start-up), which can take most of a
        // fast run. It stays a scroll away.
        const qint64 firstNs = m_model ? m_model->firstActivityNs() : -1;
        const qreal first = firstNs > 0 ? unitsAt(firstNs) : 0;
        const qreal from = first > 0 ? std::max<qreal>(0, first - (end - first) / 20) : 0;
        m_nsPerPx = std::max(kMinNsPerPx, (end - from) / std::max(40, plotWidth() - fitMargin()));
    }
    const int contentPx = int(std::min<qreal>(end / m_nsPerPx, 2e9));
    m_settingScroll = true;
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, std::max(0, contentPx - plotWidth() + fitMargin()));
    h->setPageStep(plotWidth());
    h->setSingleStep(20);
    if (m_follow || m_fit) h->setValue(h->maximum());
    const int lanesPx = m_model ? int(m_model->lanes().size()) * laneH() : 0;
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, std::max(0, lanesPx - (viewport()->height() - headerH())));
    v->setPageStep(std::max(1, viewport()->height() - headerH()));
    v->setSingleStep(laneH());
    m_settingScroll = false;
}

void TimelineView::fitAll()
{
    m_fit = true;
    setFollowLive(true);
    updateScrollBars();
    viewport()->update();
}

qreal TimelineView::endUnits() const
{
    if (m_axis == Axis::Steps && m_model) return std::max<qreal>(unitsAt(m_model->endNs()), 1);
    return m_model ? std::max<qint64>(m_model->endNs(), 1000000) : 1000000;
}

void TimelineView::zoomBy(qreal factor)
{
    // The right edge's place along the axis stays where it is.
    const qreal anchor = (plotWidth() + horizontalScrollBar()->value()) * m_nsPerPx;
    const qreal before = m_nsPerPx;
    m_nsPerPx = std::max(kMinNsPerPx, m_nsPerPx / factor);
    m_fit = false;
    const qreal end = endUnits();
    if (m_nsPerPx * (plotWidth() - fitMargin()) >= end) {
        fitAll(); // zoomed out past the whole run
        return;
    }
    updateScrollBars();
    if (!m_follow && before != m_nsPerPx) {
        m_settingScroll = true;
        horizontalScrollBar()->setValue(int(anchor / m_nsPerPx) - plotWidth());
        m_settingScroll = false;
    }
    viewport()->update();
}

void TimelineView::setFollowLive(bool on)
{
    if (m_follow == on) return;
    m_follow = on;
    if (on) {
        updateScrollBars();
        viewport()->update();
    }
    Q_EMIT followLiveChanged(on);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TimelineView::showEvent(QShowEvent *event)
{
    QAbstractScrollArea::showEvent(event);
    m_seenRevision = ~0ull; // it may have missed updates while hidden
    refresh();
}

void TimelineView::scrollContentsBy(int dx, int)
{
    viewport()->update();
    if (m_settingScroll || dx == 0) return;
    // The user moved in time: follow again only when back at the end.
    m_fit = false;
    setFollowLive(horizontalScrollBar()->value() >= horizontalScrollBar()->maximum() - 2);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const int delta =
        event->angleDelta().y() != 0 ? event->angleDelta().y() : event->angleDelta().x();
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal mx = event->position().x();
        const qreal t =
            (std::max<qreal>(mx, m_labelW) - m_labelW + horizontalScrollBar()->value()) *
            m_nsPerPx; // in axis units
        const qreal factor = std::pow(1.25, delta / 120.0);
        m_nsPerPx = std::max(kMinNsPerPx, m_nsPerPx / factor);
        const qreal end = endUnits();
        if (m_nsPerPx * (plotWidth() - fitMargin()) >= end) {
            fitAll();
        } else {
            m_fit = false;
            updateScrollBars();
            m_settingScroll = true;
            horizontalScrollBar()->setValue(
                int(t / m_nsPerPx - (std::max<qreal>(mx, m_labelW) - m_labelW)));
            m_settingScroll = false;
            setFollowLive(horizontalScrollBar()->value() >= horizontalScrollBar()->maximum() - 2);
            viewport()->update();
        }
        event->accept();
        return;
    }
    if (event->modifiers() & Qt::ShiftModifier) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta);
        event->accept();
        return;
    }
    QAbstractScrollArea::wheelEvent(event);
}

qint64 TimelineView::segmentEnd(int lane, int seg) const
{
    const auto &segs = m_model->lanes()[lane].segments;
    return seg + 1 < segs.size() ? segs[seg + 1].startNs : m_model->endNs();
}

// "read(pipe1)": the statement a segment is in, on which object.
QString TimelineView::callText(const TimelineModel::Segment &s) const
{
    return s.res >= 0 ? QStringLiteral("%1(%2)").arg(core::Texts::keyword(s.op),
                                                     m_model->resourceName(s.res))
                      : core::Texts::keyword(s.op);
}

QString TimelineView::segmentText(int lane, int seg, bool brief) const
{
    const auto &l = m_model->lanes()[lane];
    const TimelineModel::Segment &s = l.segments[seg];
    const QString on = callText(s);
    switch (s.state) {
    case LaneState::Starting:
        return brief ? tr("starting")
                     : tr("starting: exec of ipcsim-worker, then waiting until every process is "
                          "ready");
    case LaneState::Running:
        return tr("running");
    case LaneState::InCall:
        return brief ? on : tr("in %1, not (yet) seen asleep by the kernel").arg(on);
    case LaneState::Sleeping:
        return brief ? tr("sleep") : tr("sleeping (nanosleep): off the CPU");
    case LaneState::AtGate:
        return brief ? tr("gate") : tr("waiting at its gate");
    case LaneState::Blocked:
        if (on.isEmpty()) return brief ? tr("BLOCKED") : tr("blocked in the kernel");
        return brief ? tr("BLOCKED %1").arg(on) : tr("blocked in the kernel in %1").arg(on);
    case LaneState::Spinning:
        return brief ? tr("SPINNING %1").arg(on) : tr("spinning on the CPU in %1").arg(on);
    case LaneState::Stopped:
        return brief          ? tr("STOPPED")
               : on.isEmpty() ? tr("stopped by SIGSTOP: runs nothing until SIGCONT")
                              : tr("stopped by SIGSTOP in %1: runs nothing until SIGCONT").arg(on);
    case LaneState::Exited:
    case LaneState::Killed:
        return l.endText;
    case LaneState::None:
        return {};
    }
    return {};
}

// A bar's words, longest first: "BLOCKED write(data)", then "write(data)" on a bar too short
// for the first (its pattern says it is blocked).
QStringList TimelineView::segmentWordings(int lane, int seg) const
{
    QStringList ways{segmentText(lane, seg, true)};
    const TimelineModel::Segment &s = m_model->lanes()[lane].segments[seg];
    if ((s.state == LaneState::Blocked || s.state == LaneState::Spinning) && s.op != core::Op::None)
        ways << callText(s);
    return ways;
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), Theme::paper());
    m_paintedArrows = 0;
    m_paintedSegments = 0;
    m_laneLabels.clear();
    m_laneNames.clear();
    if (!m_model) return;
    if (fitLabelColumn()) updateScrollBars();
    const qint64 t0 = viewStartNs();
    const qint64 t1 = timeForX(m_labelW + plotWidth());
    const auto &lanes = m_model->lanes();

    // Grid and lanes first, arrows over them, the header last (it covers scrolled lanes).
    p.save();
    p.setClipRect(QRect(0, headerH(), viewport()->width(), viewport()->height() - headerH()));
    for (int i = 0; i < lanes.size(); ++i) {
        const QRect r = laneRect(i);
        if (r.bottom() < headerH() - laneH() || r.top() > viewport()->height()) continue;
        if (i % 2 == 1)
            p.fillRect(QRect(0, r.top() - (laneH() - barH()) / 2, viewport()->width(), laneH()),
                       QColor(0, 0, 0, 10));
        paintLane(p, i, t0, t1);
    }
    p.setClipRect(
        QRect(m_labelW, headerH(), plotWidth() + kRightMargin, viewport()->height() - headerH()));
    paintArrows(p, t0, t1);
    // "Now": the latest event.
    const qreal xn = xForTime(m_model->endNs());
    if (xn >= m_labelW && xn <= m_labelW + plotWidth() + kRightMargin) {
        p.setPen(QPen(Theme::ink(), 1, Qt::DotLine));
        p.drawLine(QPointF(xn, headerH()), QPointF(xn, viewport()->height()));
    }
    p.restore();

    p.fillRect(QRect(0, 0, viewport()->width(), headerH()), Theme::paper());
    layoutLegend(&p);
    paintAxis(p, t0, t1);
    p.setPen(QPen(Theme::ink().lighter(300), 1));
    p.drawLine(m_labelW - 1, headerH(), m_labelW - 1, viewport()->height());
}

int TimelineView::legendH() const
{
    // Asked for by every lane and arrow placed: laid out again only when what it holds changes.
    const bool forgotten = m_model && m_model->forgotten() > 0;
    if (viewport()->width() != m_legendWidth || m_arrowNote != m_legendNote ||
        forgotten != m_legendForgotten) {
        m_legendWidth = viewport()->width();
        m_legendNote = m_arrowNote;
        m_legendForgotten = forgotten;
        m_legendRows = layoutLegend(nullptr);
    }
    return kLegendRowH * m_legendRows + 2;
}

int TimelineView::headerH() const
{
    return legendH() + kAxisH;
}

// The legend's entries (the lane states, then the arrows, then any note), placed left to right
// and wrapped onto a new row where the view is too narrow: a projector's 1024 pixels must not
// cut "signal sent → taken" off. Paints when given a painter; returns the rows either way.
QRect TimelineView::legendBounds() const
{
    QRect r;
    layoutLegend(nullptr, &r);
    return r;
}

int TimelineView::layoutLegend(QPainter *p, QRect *bounds) const
{
    const QFont font = Theme::font(Theme::kSmallPt);
    const QFontMetrics fm(font);
    if (p) p->setFont(font);
    const int width = std::max(200, viewport()->width());
    int x = 6, row = 0;
    auto place = [&](int w) {
        if (x > 6 && x + w > width - 6) {
            x = 6;
            ++row;
        }
        const QPoint at(x, 3 + row * kLegendRowH);
        if (bounds) *bounds |= QRect(at, QSize(w, 16));
        x += w + 12;
        return at;
    };
    for (LaneState s :
         {LaneState::Starting, LaneState::Running, LaneState::InCall, LaneState::Sleeping,
          LaneState::AtGate, LaneState::Blocked, LaneState::Spinning, LaneState::Stopped,
          LaneState::Exited, LaneState::Killed}) {
        const QString t = TimelineModel::stateName(s);
        const QPoint at = place(26 + fm.horizontalAdvance(t));
        if (!p) continue;
        const QRect sw(at.x(), at.y() + 2, 22, 11);
        if (s == LaneState::Exited || s == LaneState::Killed) {
            p->fillRect(QRect(sw.left(), sw.center().y() - 2, sw.width(), 4), laneColor(s));
        } else {
            p->fillRect(sw, laneColor(s));
            if (lanePattern(s) != Qt::NoBrush)
                p->fillRect(sw, QBrush(QColor(0, 0, 0, 110), lanePattern(s)));
            p->setPen(QPen(laneColor(s).darker(150), 1));
            p->setBrush(Qt::NoBrush);
            p->drawRect(sw.adjusted(0, 0, -1, -1));
        }
        p->setPen(Theme::ink());
        p->drawText(QPoint(sw.right() + 4, at.y() + 12), t);
    }
    for (ArrowKind k : {ArrowKind::Data, ArrowKind::Message, ArrowKind::Signal}) {
        const QString t = k == ArrowKind::Data      ? tr("bytes written → read")
                          : k == ArrowKind::Message ? tr("message sent → received")
                                                    : tr("signal sent → taken");
        const QPoint at = place(27 + fm.horizontalAdvance(t));
        if (!p) continue;
        const int y = at.y() + 8;
        p->setPen(QPen(arrowColor(k), 1.6, arrowStyle(k)));
        p->drawLine(at.x(), y, at.x() + 22, y);
        p->drawLine(at.x() + 22, y, at.x() + 17, y - 3);
        p->drawLine(at.x() + 22, y, at.x() + 17, y + 3);
        p->setPen(Theme::ink());
        p->drawText(QPoint(at.x() + 27, at.y() + 12), t);
    }
    QStringList notes;
    if (!m_arrowNote.isEmpty()) notes << m_arrowNote;
    if (m_model && m_model->forgotten() > 0)
        notes << tr("the oldest part of this long run is no longer kept");
    if (!notes.isEmpty()) {
        const QString t = QStringLiteral("· ") + notes.join(QStringLiteral(" · "));
        const QPoint at = place(std::min(fm.horizontalAdvance(t), std::max(160, width / 3)));
        if (p) {
            const int room = std::max(0, width - at.x() - 6);
            p->setPen(Theme::ink().lighter(150));
            p->drawText(QRect(at.x(), at.y(), room, 16), Qt::AlignLeft | Qt::AlignVCenter,
                        fm.elidedText(t, Qt::ElideRight, room));
        }
    }
    return row + 1;
}

void TimelineView::paintAxis(QPainter &p, qint64 t0, qint64 t1) const
{
    if (m_axis == Axis::Steps) {
        paintStepAxis(p, t0, t1);
        return;
    }
    // Ticks at 1, 2 or 5 times a power of ten, about 110 pixels apart.
    const double raw = 110 * m_nsPerPx;
    const double pow10 = std::pow(10.0, std::floor(std::log10(raw)));
    double step = pow10;
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * pow10 >= raw) {
            step = m * pow10;
            break;
        }
    const qint64 st = std::max<qint64>(1, qint64(step));
    p.setFont(Theme::font(Theme::kSmallPt));
    paintAxisLine(p, tr("time since start"));
    for (qint64 t = (t0 / st) * st; t <= t1 + st; t += st)
        paintTick(p, xForTime(t), timeText(t, st));
}

void TimelineView::paintAxisLine(QPainter &p, const QString &title) const
{
    const int yAxis = headerH() - 1;
    p.setPen(QPen(Theme::ink().lighter(200), 1));
    p.drawLine(m_labelW, yAxis, m_labelW + plotWidth() + kRightMargin, yAxis);
    p.setPen(Theme::ink());
    p.drawText(QRect(6, legendH(), m_labelW - 12, kAxisH - 2), Qt::AlignLeft | Qt::AlignVCenter,
               title);
}

void TimelineView::paintTick(QPainter &p, qreal x, const QString &label) const
{
    if (x < m_labelW || x > m_labelW + plotWidth() + kRightMargin) return;
    const int yAxis = headerH() - 1;
    p.setPen(QPen(Theme::ink().lighter(200), 1));
    p.drawLine(QPointF(x, yAxis - 5), QPointF(x, yAxis));
    p.setPen(QPen(QColor(0, 0, 0, 22), 1));
    p.drawLine(QPointF(x, headerH()), QPointF(x, viewport()->height()));
    p.setPen(Theme::ink());
    p.drawText(QRectF(x - 50, legendH(), 100, kAxisH - 6), Qt::AlignCenter, label);
}

void TimelineView::paintStepAxis(QPainter &p, qint64 t0, qint64 t1) const
{
    // A tick at the end of every step, or of every 2nd, 5th, 10th... when they are close; the
    // label is the step's number in the order the run told them.
    const qreal pxPerStep = kUnitsPerStep / m_nsPerPx;
    qint64 every = 1;
    for (qint64 m = 1; every * pxPerStep < 40 && m < (qint64(1) << 40); m *= 10)
        for (qint64 k : {1, 2, 5})
            if ((every = k * m) * pxPerStep >= 40) break;
    p.setFont(Theme::font(Theme::kSmallPt));
    paintAxisLine(p, tr("steps, in causal order"));
    const QVector<qint64> &steps = m_model->stepTimes();
    const qsizetype from = std::max<qsizetype>(0, qsizetype(m_model->stepsAt(t0)));
    const qsizetype to = std::min<qsizetype>(steps.size() - 1, qsizetype(m_model->stepsAt(t1)) + 1);
    for (qsizetype k = (from / every) * every; k <= to; k += every)
        paintTick(p, m_labelW + qreal(k + 1) * pxPerStep - horizontalScrollBar()->value(),
                  QString::number(k + 1));
}

void TimelineView::paintLane(QPainter &p, int lane, qint64 t0, qint64 t1)
{
    const TimelineModel::Lane &l = m_model->lanes()[lane];
    const QRect r = laneRect(lane);
    // The label: name, pid, and the state now.
    p.setFont(Theme::font(Theme::kSmallPt, true));
    p.setPen(Theme::ink());
    const QRect label(kLabelGap, r.top() - 3, m_labelW - 2 * kLabelGap, barH() + 6);
    // Cut in the middle, if at all: a replica's index is at the end of its name.
    const QString name =
        p.fontMetrics().elidedText(l.name, Qt::ElideMiddle, label.width() - m_pidW - kLabelGap);
    p.drawText(label, Qt::AlignLeft | Qt::AlignVCenter, name);
    m_laneNames.append(name);
    if (l.pid > 0) {
        p.setFont(Theme::font(Theme::kSmallPt));
        p.setPen(Theme::ink().lighter(170));
        p.drawText(label, Qt::AlignRight | Qt::AlignVCenter, pidText(l.pid));
    }
    if (l.segments.isEmpty()) return;

    p.save();
    p.setClipRect(QRect(m_labelW, r.top() - 4, plotWidth() + kRightMargin, barH() + 8),
                  Qt::IntersectClip);
    // text: its wordings, longest first; the first that fits is written.
    auto drawBar = [&](qreal x0, qreal x1, LaneState s, const QStringList &wordings) {
        ++m_paintedSegments;
        const QColor c = laneColor(s);
        if (s == LaneState::Exited || s == LaneState::Killed) {
            p.fillRect(QRectF(x0, r.center().y() - 2, x1 - x0, 4), c);
            if (s == LaneState::Killed) {
                p.setPen(QPen(c.darker(130), 2.5));
                p.drawLine(QPointF(x0 - 5, r.top() + 3), QPointF(x0 + 5, r.bottom() - 3));
                p.drawLine(QPointF(x0 - 5, r.bottom() - 3), QPointF(x0 + 5, r.top() + 3));
            } else {
                p.setPen(QPen(c.darker(130), 2.5));
                p.drawLine(QPointF(x0, r.top() + 2), QPointF(x0, r.bottom() - 2));
            }
        } else {
            const QRectF br(x0, r.top(), std::max<qreal>(1, x1 - x0), r.height());
            p.fillRect(br, c);
            if (lanePattern(s) != Qt::NoBrush)
                p.fillRect(br, QBrush(QColor(0, 0, 0, 110), lanePattern(s)));
        }
        if (wordings.isEmpty()) return;
        const bool alarm =
            s == LaneState::Blocked || s == LaneState::Spinning || s == LaneState::Stopped;
        p.setFont(Theme::font(Theme::kSmallPt, alarm));
        const QFontMetricsF fm(p.font());
        const bool line = s == LaneState::Exited || s == LaneState::Killed;
        const qreal avail = line ? plotWidth() : x1 - x0;
        // The common states are labelled only on long bars (their pattern says it already);
        // blocked and spinning are labelled wherever the words fit.
        const bool common = s == LaneState::Running || s == LaneState::AtGate;
        if (common && avail < 80) return;
        const auto fits = std::find_if(wordings.begin(), wordings.end(), [&](const QString &w) {
            return !w.isEmpty() && fm.horizontalAdvance(w) + 10 <= avail;
        });
        if (fits == wordings.end()) return;
        const QString &text = *fits;
        const qreal tw = fm.horizontalAdvance(text) + 6;
        qreal tx = std::max<qreal>(x0, m_labelW) + (line ? 8 : 2);
        // How a process ended is worth reading even at the right edge: then it goes to the left
        // of the end mark, over the bars before it.
        if (line && tx + tw > m_labelW + plotWidth() + kRightMargin)
            tx = std::max<qreal>(m_labelW, x0 - tw - 8);
        const QRectF box(tx, r.top() + 2, tw, r.height() - 4);
        // What it is blocked in, spins on or how it ended outranks an arrow's label; "gate",
        // "sleep" and the like give way to one.
        if (alarm || s == LaneState::InCall || line) m_laneLabels.append(box);
        p.setPen(Qt::NoPen);
        p.setBrush(QColor(255, 255, 255, 200));
        p.drawRoundedRect(box, 2, 2);
        p.setPen(Theme::ink());
        p.drawText(box, Qt::AlignCenter, text);
    };

    const auto &segs = l.segments;
    const int first = std::max(0, m_model->segmentAt(lane, t0));
    const int last = std::max(first, m_model->segmentAt(lane, t1));
    const qreal pxEnd = m_labelW + plotWidth() + kRightMargin;
    if (last - first > 4 * plotWidth()) {
        // Far more changes than pixels: sample each pixel column, the state worth seeing
        // among a few around it winning.
        qreal runX = -1;
        LaneState runS = LaneState::None;
        for (int x = m_labelW; x < int(pxEnd); ++x) {
            const int a = m_model->segmentAt(lane, timeForX(x));
            const int b = m_model->segmentAt(lane, timeForX(x + 1));
            LaneState best = a >= 0 ? segs[a].state : LaneState::None;
            for (int k = std::max(a, 0); k <= b && k < a + 16; ++k)
                if (priority(segs[k].state) > priority(best)) best = segs[k].state;
            if (best != runS) {
                if (runX >= 0 && runS != LaneState::None) drawBar(runX, x, runS, {});
                runX = x;
                runS = best;
            }
        }
        if (runX >= 0 && runS != LaneState::None) drawBar(runX, pxEnd, runS, {});
        p.restore();
        return;
    }
    // Segments narrower than a pixel are gathered into that pixel.
    int bucketPx = -1;
    LaneState bucketS = LaneState::None;
    auto flush = [&] {
        if (bucketPx >= 0) drawBar(bucketPx, bucketPx + 1, bucketS, {});
        bucketPx = -1;
        bucketS = LaneState::None;
    };
    for (int i = first; i <= last && i < segs.size(); ++i) {
        const qint64 a = std::max(segs[i].startNs, t0);
        const qint64 end = segmentEnd(lane, i);
        const bool ended = segs[i].state == LaneState::Exited || segs[i].state == LaneState::Killed;
        // An ended process's line runs on to the edge of the view.
        const qreal x1 = ended ? pxEnd : std::min(xForTime(end), xForTime(t1) + kRightMargin);
        const qreal x0 = xForTime(a);
        if (x1 - x0 < 1.0 && !ended) {
            const int px = int(x0);
            if (px != bucketPx) {
                flush();
                bucketPx = px;
            }
            if (priority(segs[i].state) > priority(bucketS)) bucketS = segs[i].state;
            continue;
        }
        flush();
        drawBar(x0, x1, segs[i].state, segmentWordings(lane, i));
    }
    flush();
    p.restore();
}

void TimelineView::paintArrows(QPainter &p, qint64 t0, qint64 t1)
{
    const auto &arrows = m_model->arrows();
    if (arrows.isEmpty()) return;
    auto lo = std::lower_bound(arrows.cbegin(), arrows.cend(), t0,
                               [](const TimelineModel::Arrow &a, qint64 t) { return a.toNs < t; });
    auto hi = std::upper_bound(lo, arrows.cend(), t1 + m_model->longestArrowNs(),
                               [](qint64 t, const TimelineModel::Arrow &a) { return t < a.toNs; });
    const qsizetype n = hi - lo;
    const qsizetype stride = std::max<qsizetype>(1, (n + kMaxDrawnArrows - 1) / kMaxDrawnArrows);
    const bool labels = n <= 60;
    p.setRenderHint(QPainter::Antialiasing);
    p.setFont(Theme::font(Theme::kSmallPt));
    const QFontMetricsF fm(p.font());
    struct Label
    {
        QRectF box;
        QString text;
        QColor colour;
    };
    QVector<Label> placed; // drawn after every arrow, so no arrow crosses a label
    // The lanes' own words ("BLOCKED receive(echo)") are taken spots too.
    for (const QRectF &box : std::as_const(m_laneLabels))
        placed.append({box, QString(), QColor()});
    const qsizetype laneLabels = placed.size();
    for (auto it = lo; it < hi; it += stride) {
        const auto &a = *it;
        if (a.fromNs > t1 || a.fromProc < 0 || a.toProc < 0) continue;
        const QPointF from(xForTime(a.fromNs), laneRect(a.fromProc).center().y());
        const QPointF to(xForTime(a.toNs), laneRect(a.toProc).center().y());
        ++m_paintedArrows;
        const QColor c = arrowColor(a.kind);
        p.setPen(QPen(c, 1.6, arrowStyle(a.kind)));
        p.setBrush(Qt::NoBrush);
        if (a.fromProc == a.toProc) {
            // Read back by the one who wrote it: a small arc above the lane.
            QPainterPath path(from);
            path.cubicTo(from + QPointF(0, -barH()), to + QPointF(0, -barH()), to);
            p.drawPath(path);
        } else {
            p.drawLine(from, to);
        }
        // Head at the receiving end; dots at the sending end.
        const QPointF d = to - from;
        const qreal len = std::hypot(d.x(), d.y());
        if (len > 0.5) {
            const QPointF u = d / len;
            const QPointF n(-u.y(), u.x());
            QPolygonF head;
            head << to << to - u * 8 + n * 4 << to - u * 8 - n * 4;
            p.setPen(Qt::NoPen);
            p.setBrush(c);
            p.drawPolygon(head);
        }
        p.setBrush(c);
        p.setPen(Qt::NoPen);
        p.drawEllipse(from, 2.5, 2.5);
        if (labels && !a.label.isEmpty() && len > 40) {
            // The middle of the arrow, else the first free spot along it; where every spot is
            // taken by another label, this arrow goes without one rather than over another.
            const qreal tw = fm.horizontalAdvance(a.label) + 6;
            for (qreal f : {0.5, 0.35, 0.65, 0.2, 0.8}) {
                const QPointF m = from + (to - from) * f;
                const QRectF box(m.x() - tw / 2, m.y() - 7, tw, 14);
                const bool free = std::none_of(placed.cbegin(), placed.cend(), [&](const Label &l) {
                    return l.box.adjusted(-2, -1, 2, 1).intersects(box);
                });
                if (free) {
                    placed.append({box, a.label, c});
                    break;
                }
            }
        }
    }
    m_paintedLabels.clear();
    for (const Label &l : placed.mid(laneLabels)) {
        m_paintedLabels.append(l.box);
        p.setBrush(QColor(255, 255, 255, 220));
        p.setPen(QPen(l.colour, 0.8));
        p.drawRoundedRect(l.box, 3, 3);
        p.setPen(Theme::ink());
        p.drawText(l.box, Qt::AlignCenter, l.text);
    }
    m_arrowNote = stride > 1
                      ? tr("%1 arrows in view, one in %2 drawn: zoom in (Ctrl+wheel) to see each")
                            .arg(n)
                            .arg(stride)
                      : QString();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        auto *he = static_cast<QHelpEvent *>(event);
        const int lane = laneAtY(he->pos().y());
        if (lane < 0 || he->pos().x() < m_labelW) {
            QToolTip::hideText();
            return true;
        }
        const qint64 t = timeForX(he->pos().x());
        const int seg = m_model->segmentAt(lane, t);
        const auto &l = m_model->lanes()[lane];
        if (seg < 0) {
            QToolTip::showText(he->globalPos(), tr("%1: not started yet").arg(l.name), viewport());
            return true;
        }
        const auto &s = l.segments[seg];
        const QString what = segmentText(lane, seg, false);
        const bool ended = s.state == LaneState::Exited || s.state == LaneState::Killed;
        QString text = tr("%1 (pid %2): %3\nfrom %4 s")
                           .arg(l.name)
                           .arg(l.pid)
                           .arg(what)
                           .arg(s.startNs / 1e9, 0, 'f', 6);
        if (!ended)
            text += tr(" for %1 ms").arg((segmentEnd(lane, seg) - s.startNs) / 1e6, 0, 'f', 3);
        text += QLatin1Char('\n') + (s.state == LaneState::Blocked || ended
                                         ? tr("(state confirmed by the kernel)")
                                         : tr("(state reported by the process)"));
        QToolTip::showText(he->globalPos(), text, viewport());
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

} // namespace ipcsim::ui
