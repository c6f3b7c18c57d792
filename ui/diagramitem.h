// Base of every node of the diagram: one item per process or resource, which pulls its state
// from the world the reducer built (worldChanged) and never from the engine directly.
#pragma once

#include "model/worldstate.h"

#include <QGraphicsItem>
#include <QList>
#include <QString>

namespace ipcsim::ui {

// One line of the inspector: a number, and where it comes from.
struct InspectorRow
{
    QString field;
    QString value;
    QString source; // "reported by the process", "read from the kernel", "derived", or empty
};

class DiagramItem : public QGraphicsItem
{
public:
    enum
    {
        ProcessType = UserType + 1,
        ResourceType = UserType + 2
    };

    DiagramItem(int index, QSizeF size);

    int index() const { return m_index; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;

    // The single "world changed" hook: copy what this item shows, repaint if it changed.
    virtual void worldChanged(const core::WorldState &world) = 0;
    virtual QList<InspectorRow> inspectorRows(const core::WorldState &world) const = 0;
    virtual QString title() const = 0;

    // Where an edge toward a point should meet this item's outline (scene coordinates).
    QPointF anchorToward(const QPointF &scenePoint) const;

    // Part of the deadlock cycle: drawn with a heavy outline.
    void setHighlighted(bool on);
    bool isHighlighted() const { return m_highlighted; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    QRectF frame() const; // the drawn rectangle (bounding rect less the highlight margin)
    void paintFrame(QPainter *painter, const QColor &border, const QColor &fill) const;
    void paintHighlight(QPainter *painter) const;

    int m_index;
    QSizeF m_size;
    bool m_highlighted = false;
};

} // namespace ipcsim::ui
