#include "edgeitem.h"
#include "diagramitem.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

#include <QtMath>
#include <algorithm>

namespace ipcsim::ui {

namespace {
constexpr qint64 kGlowMs = 500;
constexpr qint64 kRateWindowMs = 1000;

void arrowHead(QPainter *p, QPointF tip, QPointF from, qreal size)
{
    const QLineF l(from, tip);
    if (l.length() < 1) return;
    const qreal a = qAtan2(-l.dy(), l.dx());
    const QPointF p1 = tip - QPointF(qCos(a - M_PI / 7) * size, -qSin(a - M_PI / 7) * size);
    const QPointF p2 = tip - QPointF(qCos(a + M_PI / 7) * size, -qSin(a + M_PI / 7) * size);
    p->drawPolygon(QPolygonF() << tip << p1 << p2);
}
} // namespace

EdgeItem::EdgeItem(DiagramItem *process, DiagramItem *resource, const QStringList &ops,
                   bool toResource, bool fromResource)
    : m_process(process), m_resource(resource), m_ops(ops), m_toResource(toResource),
      m_fromResource(fromResource)
{
    setZValue(-1);
    setAcceptedMouseButtons(Qt::NoButton);
    m_labelItem = new EdgeLabelItem(this);
    adjust();
}

EdgeLabelItem::EdgeLabelItem(const EdgeItem *edge) : m_edge(edge)
{
    setZValue(3); // above the nodes, below the tokens
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF EdgeLabelItem::boundingRect() const
{
    return m_rect;
}

void EdgeLabelItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    m_edge->paintLabel(painter);
}

void EdgeLabelItem::changed()
{
    const QRectF r = m_edge->labelRect().adjusted(-1, -1, 1, 1);
    if (r != m_rect) {
        prepareGeometryChange();
        m_rect = r;
    }
    update();
}

void EdgeItem::changed()
{
    update();
    m_labelItem->changed();
}

void EdgeItem::adjust()
{
    prepareGeometryChange();
    // The line leaves the process from the middle of its side that faces the resource (not
    // from its centre): a line from a process at the top of a column to a resource low in the
    // middle would otherwise run underneath the processes below it.
    const QRectF pr = m_process->sceneBoundingRect();
    const QRectF rr = m_resource->sceneBoundingRect();
    // Along that side it leaves level with the resource, as far as the side reaches, so the
    // lines of one process spread out instead of all meeting in one point.
    const qreal y = std::clamp(rr.center().y(), pr.top() + 14, pr.bottom() - 14);
    const qreal x = std::clamp(rr.center().x(), pr.left() + 20, pr.right() - 20);
    if (pr.right() <= rr.left()) {
        m_p1 = QPointF(pr.right() - 4, y);
    } else if (pr.left() >= rr.right()) {
        m_p1 = QPointF(pr.left() + 4, y);
    } else if (pr.bottom() <= rr.top()) {
        m_p1 = QPointF(x, pr.bottom() - 4);
    } else if (pr.top() >= rr.bottom()) {
        m_p1 = QPointF(x, pr.top() + 4);
    } else {
        m_p1 = m_process->anchorToward(rr.center());
    }
    m_p2 = m_resource->anchorToward(m_p1);
    if (m_bend) {
        // A bent line leaves and meets its nodes facing the bend.
        m_p1 = m_process->anchorToward(*m_bend);
        m_p2 = m_resource->anchorToward(*m_bend);
    }
    if (m_labelItem) m_labelItem->changed();
}

void EdgeItem::setBend(std::optional<QPointF> control)
{
    if (control == m_bend) return;
    m_bend = control;
    adjust();
    changed();
}

void EdgeItem::pulse(qint64 nowMs)
{
    m_pulseMs = nowMs;
    m_glow = 1;
    ++m_windowSteps;
    changed();
}

void EdgeItem::addBytes(qint64 bytes, qint64)
{
    m_windowBytes += bytes;
}

bool EdgeItem::animate(qint64 nowMs)
{
    bool changed = false;
    if (m_windowStartMs == 0) m_windowStartMs = nowMs;
    if (nowMs - m_windowStartMs >= kRateWindowMs) {
        const qreal secs = (nowMs - m_windowStartMs) / 1000.0;
        const qreal sps = m_windowSteps / secs;
        const qreal bps = m_windowBytes / secs;
        changed = !qFuzzyCompare(sps + 1, m_stepsPerSec + 1) ||
                  !qFuzzyCompare(bps + 1, m_bytesPerSec + 1);
        m_stepsPerSec = sps;
        m_bytesPerSec = bps;
        m_windowStartMs = nowMs;
        m_windowSteps = 0;
        m_windowBytes = 0;
    }
    if (m_glow > 0) {
        m_glow = qMax<qreal>(0, 1.0 - qreal(nowMs - m_pulseMs) / kGlowMs);
        changed = true;
    }
    if (changed) this->changed();
    return m_glow > 0;
}

void EdgeItem::setDeadlock(Deadlock role)
{
    if (m_deadlock == role) return;
    m_deadlock = role;
    changed();
}

QString EdgeItem::labelText() const
{
    switch (m_deadlock) {
    case Deadlock::WaitsFor:
        return QObject::tr("waits for");
    case Deadlock::HeldBy:
        return QObject::tr("held by");
    case Deadlock::Both:
        return QObject::tr("holds it, waits for it");
    case Deadlock::None:
        break;
    }
    QString label = statements();
    if (m_stepsPerSec >= 20) {
        label +=
            QStringLiteral("  ") +
            (m_bytesPerSec > 0 ? QObject::tr("%1/s").arg(core::Texts::bytes(qint64(m_bytesPerSec)))
                               : QObject::tr("%1 steps/s").arg(qRound(m_stepsPerSec)));
    }
    return label;
}

QRectF EdgeItem::labelRect(LabelPlace place) const
{
    const QFontMetricsF fm(Theme::font(Theme::kSmallPt));
    QRectF box(0, 0, fm.horizontalAdvance(labelText()) + 8, fm.height() + 2);
    const QPointF at = pointAt(place.t);
    box.moveCenter(at);
    if (place.side != 0) {
        // Beside the line where it passes: clear of it by a few pixels.
        const QPointF d =
            pointAt(std::min(1.0, place.t + 0.01)) - pointAt(std::max(0.0, place.t - 0.01));
        if (std::abs(d.y()) > std::abs(d.x()))
            box.moveCenter(at + QPointF(place.side * (box.width() / 2 + 4), 0));
        else
            box.moveCenter(at + QPointF(0, place.side * (box.height() / 2 + 4)));
    }
    return box;
}

void EdgeItem::setLabelPlace(LabelPlace place)
{
    if (place == m_labelPlace) return;
    m_labelPlace = place;
    changed();
}

QRectF EdgeItem::boundingRect() const
{
    return curve().bounds().adjusted(-90, -30, 90, 30);
}

QPainterPath EdgeItem::shape() const
{
    return linePath();
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal s = Theme::strokeScale();
    QColor c = Theme::ink().lighter(220);
    qreal w = 1.6 * s;
    if (m_glow > 0) {
        c = QColor::fromRgbF(c.redF() + (Theme::blue().redF() - c.redF()) * m_glow,
                             c.greenF() + (Theme::blue().greenF() - c.greenF()) * m_glow,
                             c.blueF() + (Theme::blue().blueF() - c.blueF()) * m_glow);
        w += 2.5 * m_glow * s;
    }
    const bool deadlocked = m_deadlock != Deadlock::None;
    if (deadlocked) {
        c = Theme::vermillion();
        w = 4 * s;
    }
    painter->setPen(QPen(c, w, deadlocked ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(shape());
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    // The heads: where data or tokens go; in a deadlock, the way the waiting goes instead
    // (process -> what it waits for -> who holds it -> ...), so the circle can be followed.
    const bool toRes = deadlocked ? m_deadlock != Deadlock::HeldBy : m_toResource;
    const bool toProc = deadlocked ? m_deadlock != Deadlock::WaitsFor : m_fromResource;
    // Each head points along the line where it ends: from the bend, if there is one.
    if (toRes) arrowHead(painter, m_p2, m_bend.value_or(m_p1), 11 * s);
    if (toProc) arrowHead(painter, m_p1, m_bend.value_or(m_p2), 11 * s);
}

void EdgeItem::paintLabel(QPainter *painter) const
{
    // The label where the scene placed it (clear of other labels and nodes where there is
    // room), on a light background so it stays readable over other lines.
    const bool deadlocked = m_deadlock != Deadlock::None;
    painter->setFont(Theme::font(Theme::kSmallPt));
    const QRectF box = labelRect();
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(255, 255, 255, 230));
    painter->drawRoundedRect(box, 3, 3);
    painter->setPen(deadlocked ? Theme::vermillion().darker(130) : Theme::ink().lighter(130));
    painter->drawText(box, Qt::AlignCenter, labelText());
}

} // namespace ipcsim::ui
