#include "tokenitem.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

TokenItem::TokenItem(const QPainterPath &path, const QColor &color, const QString &label,
                     qint64 startMs, qint64 durationMs)
    : m_path(path), m_color(color), m_label(label), m_startMs(startMs),
      m_durationMs(qMax<qint64>(1, durationMs))
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
    setPos(path.pointAtPercent(0));
}

bool TokenItem::advanceTo(qint64 nowMs)
{
    const qreal t = qBound<qreal>(0, qreal(nowMs - m_startMs) / m_durationMs, 1);
    // Ease in and out, so the eye can follow where it starts and lands.
    const qreal e = t * t * (3 - 2 * t);
    setPos(m_path.pointAtPercent(e));
    return t < 1;
}

QRectF TokenItem::boundingRect() const
{
    return QRectF(-8, -8, 16, 16).united(m_label.isEmpty() ? QRectF() : QRectF(8, -10, 80, 20));
}

void TokenItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal r = 6 * Theme::strokeScale();
    painter->setPen(QPen(Theme::ink(), 1.2));
    painter->setBrush(m_color);
    painter->drawEllipse(QPointF(0, 0), r, r);
    if (!m_label.isEmpty()) {
        painter->setFont(Theme::font(Theme::kSmallPt, true));
        const QFontMetricsF fm(painter->font());
        const QString t = fm.elidedText(m_label, Qt::ElideRight, 76);
        QRectF box(9, -8, fm.horizontalAdvance(t) + 6, 16);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(255, 255, 255, 230));
        painter->drawRoundedRect(box, 3, 3);
        painter->setPen(Theme::ink());
        painter->drawText(box, Qt::AlignCenter, t);
    }
}

} // namespace ipcsim::ui
