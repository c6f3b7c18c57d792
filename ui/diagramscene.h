// The diagram: one item per process and per resource of the scenario, edges for every statement
// a script uses on a resource, signal arrows between processes. It draws the latest WorldState
// (updateWorld) and animates tokens only for events that really arrived (showEvents).
#pragma once

#include "model/event.h"
#include "model/worldstate.h"

#include <QElapsedTimer>
#include <QGraphicsScene>
#include <QHash>
#include <QList>
#include <QVector>

namespace ipcsim::ui {

class DiagramItem;
class EdgeItem;
class ProcessItem;
class ResourceItem;
class SignalArrowItem;
class TokenItem;

class DiagramScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit DiagramScene(QObject *parent = nullptr);

    // Builds every item and lays them out; clears what was there.
    void setScenario(const core::Scenario &scenario);
    // The single "world changed" hook: every item pulls its state from w.
    void updateWorld(const core::WorldState &w);
    // Tokens, pulses and signal flashes for events that just arrived (coalesced when many).
    void showEvents(const core::EventBatch &events);
    // Processes waiting at their gates for a step, and among them the one the schedule's policy
    // releases next (-1: none, as when you are the scheduler).
    void setReady(const QList<int> &ready, int next = -1);
    // Outlines the deadlock: its circle, or every wait when there is none; empty clears it.
    void setDeadlockCycle(const core::DeadlockFinding &deadlock);
    // The world as it was when the deadlock was found (null clears): each process says what it
    // waited on, each object keeps the line in front of it, after ipcsim ended the processes.
    void setDeadlockWorld(const core::WorldState *atDeadlock);
    void setTokenDurationMs(int ms) { m_tokenMs = ms; }
    // Advances animations; call from the frame timer.
    void tick();
    void clearAnimations();

    ProcessItem *processItem(int instance) const { return m_processes.value(instance); }
    ResourceItem *resourceItem(int res) const { return m_resources.value(res); }
    int processCount() const { return m_processes.size(); }
    int resourceCount() const { return m_resources.size(); }
    const QList<EdgeItem *> &edges() const { return m_edges; }
    int liveTokens() const { return m_tokens.size(); }
    quint64 tokensCreated() const { return m_tokensCreated; }
    // Which item is selected (process or resource), or null.
    DiagramItem *selectedDiagramItem() const;

    // Moves the edges and arrows after an item was dragged.
    void itemMoved(DiagramItem *item);

    // The view's size and largest fit scale: the diagram is laid out in columns (processes left
    // and right of the resources) or in rows (above and below), whichever the view shows
    // larger, and again when that changes, until the user drags an item.
    enum class Orientation : quint8
    {
        Columns,
        Rows,
        Ring // processes round the table, each object they share between two neighbours
    };
    void setViewSize(const QSizeF &size, qreal maxScale);
    Orientation orientation() const { return m_arrangement.orientation; }
    // Everything drawn for the diagram (nodes, edge labels, signal arrows), in scene coordinates.
    QRectF contentRect() const;

Q_SIGNALS:
    void processClicked(int instance);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    // How the resources are set out: in columns between the processes, or in rows between
    // them, so many to a column or row (for a ring: where it starts), so far apart in a row.
    struct Arrangement
    {
        Orientation orientation = Orientation::Columns;
        int perLine = 6;
        qreal gap = 60; // between resources side by side in a row
        bool operator==(const Arrangement &) const = default;
    };
    void layoutItems(Arrangement a);
    void layoutColumns(int perColumn);
    void layoutRows(int perRow, qreal gapX);
    // rotation: which node of the ring is at the top left; gap: between neighbours.
    void layoutRing(int rotation, qreal gap);
    // A ring: every process shares one object with each of its two neighbours and with
    // nobody else (dining philosophers and their forks). The nodes in order round it, a
    // process first (process instance, or -1 - resource index); empty when there is none.
    QVector<int> findRing() const;
    QVector<int> m_ring;
    void splitSides(QVector<int> *first, QVector<int> *second) const;
    qreal widestLabel() const; // of the edges' statements, as their labels show them
    qreal barycenter(int i, bool alongX) const;
    // The arrangement that shows the diagram largest in the view (columns unless rows are
    // clearly larger); the items are left where it puts them.
    Arrangement bestArrangement();
    int edgesThroughNodes() const; // edges whose line runs through a node not its own
    // The boxes of the nodes that are not e's ends, grown by clearance.
    QList<QRectF> otherNodes(const EdgeItem *e, qreal clearance) const;
    void routeEdges();
    void relayout();
    EdgeItem *edgeFor(int instance, int res) const
    {
        return m_edgeIndex.value(qint64(instance) << 32 | unsigned(res));
    }
    qint64 nowMs() const { return m_clock.elapsed(); }

    core::Scenario m_scenario;
    QVector<ProcessItem *> m_processes;
    QVector<ResourceItem *> m_resources;
    QList<EdgeItem *> m_edges;
    void placeEdgeLabels(); // each label along its line where it covers no other label or node
    QHash<qint64, EdgeItem *> m_edgeIndex;
    QHash<int, qint64> m_programWritten; // a program's wchar at its last sample
    QList<SignalArrowItem *> m_signals;
    QList<TokenItem *> m_tokens;
    QElapsedTimer m_clock;
    int m_tokenMs = 450;
    quint64 m_tokensCreated = 0;
    bool m_animating = false;
    Arrangement m_arrangement;
    QSizeF m_viewSize{950, 560}; // until the view says
    qreal m_maxScale = 1.25;
    bool m_laying = false;     // positions set by the layout, not dragged
    bool m_userMoved = false;  // a dragged diagram keeps its shape
    int m_pressedProcess = -1; // the process node the left button went down on
};

} // namespace ipcsim::ui
