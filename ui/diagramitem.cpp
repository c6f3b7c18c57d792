#include "diagramitem.h"
#include "diagramscene.h"
#include "theme.h"

#include <QGraphicsScene>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace ipcsim::ui {

namespace {
constexpr qreal kMargin = 6; // room for the highlight and the selection outline
}

DiagramItem::DiagramItem(int index, QSizeF size) : m_index(index), m_size(size)
{
    setFlag(ItemIsSelectable);
    setFlag(ItemIsMovable);
    setFlag(ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
}

QRectF DiagramItem::frame() const
{
    return QRectF(QPointF(0, 0), m_size);
}

QRectF DiagramItem::boundingRect() const
{
    return frame().adjusted(-kMargin, -kMargin, kMargin, kMargin);
}

QPainterPath DiagramItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(frame(), 8, 8);
    return p;
}

QPointF DiagramItem::anchorToward(const QPointF &scenePoint) const
{
    const QRectF r = mapRectToScene(frame());
    const QPointF c = r.center();
    const QPointF d = scenePoint - c;
    if (qFuzzyIsNull(d.x()) && qFuzzyIsNull(d.y())) return c;
    // Scale the direction to the rectangle's border.
    const qreal sx = d.x() != 0 ? (r.width() / 2) / qAbs(d.x()) : 1e9;
    const qreal sy = d.y() != 0 ? (r.height() / 2) / qAbs(d.y()) : 1e9;
    return c + d * qMin(sx, sy);
}

QVariant DiagramItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        if (auto *s = qobject_cast<DiagramScene *>(scene())) s->itemMoved(this);
    return QGraphicsItem::itemChange(change, value);
}

void DiagramItem::setHighlighted(bool on)
{
    if (m_highlighted == on) return;
    m_highlighted = on;
    update();
}

void DiagramItem::paintFrame(QPainter *painter, const QColor &border, const QColor &fill) const
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(border, 2 * Theme::strokeScale()));
    painter->setBrush(fill);
    painter->drawRoundedRect(frame(), 8, 8);
    if (isSelected()) {
        QPen sel(Theme::blue(), 2, Qt::DashLine);
        painter->setPen(sel);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(frame().adjusted(-4, -4, 4, 4), 10, 10);
    }
}

void DiagramItem::paintHighlight(QPainter *painter) const
{
    if (!m_highlighted) return;
    painter->setPen(QPen(Theme::vermillion(), 4 * Theme::strokeScale(), Qt::DotLine));
    painter->setBrush(Qt::NoBrush);
    painter->drawRoundedRect(frame().adjusted(-3, -3, 3, 3), 10, 10);
}

} // namespace ipcsim::ui
