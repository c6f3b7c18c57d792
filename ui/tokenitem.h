// A dot travelling along an edge: one real step moving data or a token, from the process to the
// object or back. Created only when an event arrives; removed when it reaches the end.
#pragma once

#include <QColor>
#include <QGraphicsItem>
#include <QPainterPath>

namespace ipcsim::ui {

class TokenItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 11
    };
    // Travels the path (an edge's line, straight or bent) from its start to its end.
    TokenItem(const QPainterPath &path, const QColor &color, const QString &label, qint64 startMs,
              qint64 durationMs);

    int type() const override { return Type; }
    // Moves to where it should be at nowMs; false once it has arrived.
    bool advanceTo(qint64 nowMs);

    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    QPainterPath m_path;
    QColor m_color;
    QString m_label;
    qint64 m_startMs;
    qint64 m_durationMs;
};

} // namespace ipcsim::ui
