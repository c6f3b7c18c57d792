// An arrow from a process that sends signals to a process that receives them. Drawn faint while
// nothing happens; flashes with the signal's name when one is really sent.
#pragma once

#include <QGraphicsItem>

namespace ipcsim::ui {

class DiagramItem;

class SignalArrowItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 12
    };
    SignalArrowItem(DiagramItem *from, DiagramItem *to, int lane);

    int type() const override { return Type; }
    DiagramItem *fromItem() const { return m_from; }
    DiagramItem *toItem() const { return m_to; }
    void adjust();
    void flash(const QString &signalName, qint64 nowMs);
    bool animate(qint64 nowMs);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    QPainterPath path() const; // the arrow's line, in scene coordinates

private:
    DiagramItem *m_from;
    DiagramItem *m_to;
    int m_lane;
    QPointF m_p1, m_p2, m_ctrl;
    QString m_last;
    qint64 m_flashMs = 0;
    qreal m_glow = 0;
};

} // namespace ipcsim::ui
