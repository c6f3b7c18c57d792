#include "signalarrowitem.h"
#include "diagramitem.h"
#include "theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QtMath>

namespace ipcsim::ui {

namespace {
constexpr qint64 kFlashMs = 1200;
}

SignalArrowItem::SignalArrowItem(DiagramItem *from, DiagramItem *to, int lane)
    : m_from(from), m_to(to), m_lane(lane)
{
    setZValue(-0.5);
    setAcceptedMouseButtons(Qt::NoButton);
    adjust();
}

void SignalArrowItem::adjust()
{
    prepareGeometryChange();
    const QRectF a = m_from->mapRectToScene(m_from->boundingRect());
    const QRectF b = m_to->mapRectToScene(m_to->boundingRect());
    // Leave from the top edge and arc over the diagram, each pair in its own lane, so the arrow
    // does not run through the resources in the middle.
    // Left to right arcs over the top, right to left under the bottom: a pair that signals
    // both ways gets two arrows that do not overlap.
    const bool over = a.center().x() <= b.center().x();
    const qreal lift = 50 + 30 * m_lane + qAbs(a.center().y() - b.center().y()) * 0.1;
    if (over) {
        m_p1 = QPointF(a.center().x() + 20, a.top() + 6);
        m_p2 = QPointF(b.center().x() - 20, b.top() + 6);
        m_ctrl = QPointF((m_p1.x() + m_p2.x()) / 2, qMin(m_p1.y(), m_p2.y()) - lift);
    } else {
        m_p1 = QPointF(a.center().x() - 20, a.bottom() - 6);
        m_p2 = QPointF(b.center().x() + 20, b.bottom() - 6);
        m_ctrl = QPointF((m_p1.x() + m_p2.x()) / 2, qMax(m_p1.y(), m_p2.y()) + lift);
    }
    if (qAbs(m_p1.x() - m_p2.x()) < 50) {
        // Same column: bulge sideways instead.
        const qreal side =
            a.center().y() < b.center().y() ? -1 : 1; // down on the left, up on the right
        m_p1 = QPointF(side < 0 ? a.left() + 6 : a.right() - 6, a.center().y());
        m_p2 = QPointF(side < 0 ? b.left() + 6 : b.right() - 6, b.center().y());
        m_ctrl =
            QPointF((side < 0 ? qMin(m_p1.x(), m_p2.x()) : qMax(m_p1.x(), m_p2.x())) + side * lift,
                    (m_p1.y() + m_p2.y()) / 2);
    }
}

QPainterPath SignalArrowItem::path() const
{
    QPainterPath p(m_p1);
    p.quadTo(m_ctrl, m_p2);
    return p;
}

void SignalArrowItem::flash(const QString &signalName, qint64 nowMs)
{
    m_last = signalName;
    m_flashMs = nowMs;
    m_glow = 1;
    update();
}

bool SignalArrowItem::animate(qint64 nowMs)
{
    if (m_glow <= 0) return false;
    m_glow = qMax<qreal>(0, 1.0 - qreal(nowMs - m_flashMs) / kFlashMs);
    update();
    return m_glow > 0;
}

QRectF SignalArrowItem::boundingRect() const
{
    return path().boundingRect().adjusted(-60, -20, 60, 20);
}

void SignalArrowItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal s = Theme::strokeScale();
    QColor c = m_glow > 0 ? Theme::reddishPurple() : Theme::reddishPurple().lighter(130);
    painter->setPen(QPen(c, (1.5 + 3 * m_glow) * s, m_glow > 0 ? Qt::SolidLine : Qt::DashLine));
    painter->setBrush(Qt::NoBrush);
    const QPainterPath p = path();
    painter->drawPath(p);
    // Arrow head at the receiver.
    const QPointF tip = m_p2;
    const QPointF back = p.pointAtPercent(0.96);
    const QLineF l(back, tip);
    const qreal a = qAtan2(-l.dy(), l.dx());
    const qreal sz = 11 * s;
    painter->setPen(Qt::NoPen);
    painter->setBrush(c);
    painter->drawPolygon(QPolygonF()
                         << tip << tip - QPointF(qCos(a - M_PI / 7) * sz, -qSin(a - M_PI / 7) * sz)
                         << tip - QPointF(qCos(a + M_PI / 7) * sz, -qSin(a + M_PI / 7) * sz));
    painter->setFont(Theme::font(Theme::kSmallPt, m_glow > 0));
    const QString label = m_glow > 0 ? m_last : QObject::tr("signal");
    const QPointF mid = p.pointAtPercent(0.5);
    const QFontMetricsF fm(painter->font());
    QRectF box(0, 0, fm.horizontalAdvance(label) + 8, fm.height() + 2);
    box.moveCenter(mid);
    painter->setBrush(QColor(255, 255, 255, 220));
    painter->drawRoundedRect(box, 3, 3);
    painter->setPen(c.darker(130));
    painter->drawText(box, Qt::AlignCenter, label);
}

} // namespace ipcsim::ui
