// A line between a process and a resource its script uses, labelled with the statements it
// uses there; arrows show which way data or tokens go. It glows briefly when a step crosses it,
// and shows a rate instead of single tokens when many cross per second.
#pragma once

#include <QGraphicsItem>
#include <QPainterPath>
#include <QStringList>
#include <optional>

namespace ipcsim::ui {

class DiagramItem;
class EdgeItem;

// An edge's line, in scene coordinates: straight from p1 to p2, or, with a control point, a
// quadratic curve (which keeps within the triangle of its three points).
struct EdgeCurve
{
    QPointF p1, p2;
    std::optional<QPointF> control;

    QPointF at(qreal t) const // t from 0 (p1) to 1 (p2)
    {
        if (!control) return p1 + (p2 - p1) * t;
        const qreal u = 1 - t;
        return u * u * p1 + 2 * u * t * *control + t * t * p2;
    }
    QRectF bounds() const
    {
        QRectF r = QRectF(p1, p2).normalized();
        if (control) r |= QRectF(*control, QSizeF(0.01, 0.01));
        return r;
    }
    QPainterPath path() const
    {
        QPainterPath p(p1);
        if (control)
            p.quadTo(*control, p2);
        else
            p.lineTo(p2);
        return p;
    }
};

// An edge's label, drawn above the nodes (the line itself runs under them): where two nodes
// stand closer than the label is long, it overlaps their borders rather than hide under them.
// The scene adds it beside its edge; it draws what the edge says.
class EdgeLabelItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 13
    };
    explicit EdgeLabelItem(const EdgeItem *edge);
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void changed(); // the edge's label may have changed place, size or look

private:
    const EdgeItem *m_edge;
    QRectF m_rect; // where it was last drawn: a glow repaints it without moving it
};

class EdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 10
    };
    EdgeItem(DiagramItem *process, DiagramItem *resource, const QStringList &ops, bool toResource,
             bool fromResource);

    int type() const override { return Type; }
    DiagramItem *processItem() const { return m_process; }
    DiagramItem *resourceItem() const { return m_resource; }
    // The statements its process uses there, as its label says them ("lock · unlock").
    QString statements() const { return m_ops.join(QStringLiteral(" · ")); }
    QPointF processEnd() const { return m_p1; }
    QPointF resourceEnd() const { return m_p2; }
    // A line that would run through another node bends round it: a quadratic curve through
    // this control point (scene coordinates). Without one (the default) the edge is straight.
    void setBend(std::optional<QPointF> control);
    std::optional<QPointF> bend() const { return m_bend; }
    // The line as drawn, from the process's end to the resource's (the item sits at the
    // scene's origin: its coordinates are the scene's).
    EdgeCurve curve() const { return {m_p1, m_p2, m_bend}; }
    QPointF pointAt(qreal t) const { return curve().at(t); }

    void adjust();            // recompute the ends after an item moved
    void pulse(qint64 nowMs); // a step just crossed this edge
    void addBytes(qint64 bytes, qint64 nowMs);
    bool animate(qint64 nowMs); // fade the glow; update the rate; true while still changing
    // In a deadlock the edge shows which way the waiting goes: the process waits for the
    // resource, or the resource is held by the process (both: it holds what it waits for).
    enum class Deadlock : quint8
    {
        None,
        WaitsFor,
        HeldBy,
        Both
    };
    void setDeadlock(Deadlock role);
    Deadlock deadlock() const { return m_deadlock; }
    // Where the label sits: a fraction t along the line, 0 at the process, 1 at the resource
    // (0.5: the middle), on the line (side 0) or beside it (-1, +1: left or right of a
    // steep line, above or below a flat one); and the box it takes there. The scene moves
    // labels apart with them.
    struct LabelPlace
    {
        qreal t = 0.5;
        int side = 0;
        bool operator==(const LabelPlace &) const = default;
    };
    void setLabelPlace(LabelPlace place);
    LabelPlace labelPlace() const { return m_labelPlace; }
    QRectF labelRect(LabelPlace place) const;
    QRectF labelRect() const { return labelRect(m_labelPlace); }
    QPainterPath linePath() const { return curve().path(); }
    EdgeLabelItem *labelItem() const { return m_labelItem; }
    void paintLabel(QPainter *painter) const;

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    DiagramItem *m_process;
    DiagramItem *m_resource;
    QStringList m_ops;
    bool m_toResource;
    bool m_fromResource;
    QPointF m_p1, m_p2;
    std::optional<QPointF> m_bend;
    qint64 m_pulseMs = 0;
    qreal m_glow = 0;
    Deadlock m_deadlock = Deadlock::None;
    LabelPlace m_labelPlace;
    QString labelText() const;
    EdgeLabelItem *m_labelItem = nullptr; // owned by the scene, like the edge
    void changed();                       // repaint the line and the label
    // Rate over a sliding window, in steps and bytes per second.
    qint64 m_windowStartMs = 0;
    qint64 m_windowSteps = 0;
    qint64 m_windowBytes = 0;
    qreal m_stepsPerSec = 0;
    qreal m_bytesPerSec = 0;
};

} // namespace ipcsim::ui
