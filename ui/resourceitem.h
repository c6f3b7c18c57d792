// Base of the resource nodes: the kind and name on top, the body drawn by the kind, and the
// line of processes waiting on it at the bottom. Subclasses draw what the object holds.
#pragma once

#include "diagramitem.h"
#include "model/event.h"

#include <QStringList>

namespace ipcsim::ui {

class ResourceItem : public DiagramItem
{
public:
    ResourceItem(int res, const core::ResourceSpec &spec, QSizeF size);

    int type() const override { return ResourceType; }
    void worldChanged(const core::WorldState &world) override;
    QList<InspectorRow> inspectorRows(const core::WorldState &world) const override;
    QString title() const override;
    const core::ResourceState &state() const { return m_state; }
    const core::ResourceSpec &spec() const { return m_spec; }

    // The object as it was when the engine found a deadlock (who held it, who waited in line);
    // null clears. The processes are ended right after, which empties the live line.
    void setDeadlockState(const core::ResourceState *atDeadlock);
    bool hasDeadlockState() const { return m_hasDeadlockState; }

    // Called every frame; returns true while the item animates on its own (a flash fading).
    virtual bool animate() { return false; }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Creates the item that draws this kind of resource (its kind's, kindItem()).
    static ResourceItem *create(int res, const core::ResourceSpec &spec);

protected:
    virtual void paintBody(QPainter *painter, const QRectF &body) = 0;
    // Rows specific to the kind (the base adds name, kind and waiters).
    virtual void addRows(QList<InspectorRow> &rows) const = 0;
    // Text for the hover tooltip with the exact numbers.
    virtual QString tooltipText() const = 0;
    // Called after m_state changed; a kind may note what to flash.
    virtual void stateChanged(const core::ResourceState &) {}
    // Where what its kind keeps comes from: `running` while the run goes ("counted from the
    // posts and waits reported"), and the kernel once the run is over and the kernel was read
    // (ResourceState::readAtTheEnd); keptSource: the same, with a source's name.
    QString keptHow(const QString &running) const;
    QString keptSource(core::Source running) const;
    QString procName(int instance) const;
    // "worker[0], worker[1], reader"; compact: "worker[0], [1], reader".
    QString procNames(const QList<int> &instances, bool compact = false) const;
    QColor accent() const;

    core::ResourceSpec m_spec;
    core::ResourceState m_state;
    QStringList m_procNames;
    // Who waited on it (and, for a lock, held it) at the deadlock, while the live state no
    // longer says so.
    QList<int> shownWaiters() const;
    // The node's last line, below the body, when nobody waits and it is free for the body's
    // text (a pipe's or socket's long description wraps onto it).
    bool footFree() const { return shownWaiters().isEmpty(); }
    int shownOwner() const;
    bool showsDeadlockLine() const;

    bool m_first = true;
    bool m_hasDeadlockState = false;
    core::ResourceState m_atDeadlock;
};

// A kind's part in the window: the item class that draws one of its objects, its colour, and
// what the kernel's figure sampled during the run is (null: none). Each is defined beside its
// item class; the registry, core/kinds/kinds.def, lists them.
struct KindItem
{
    ResourceItem *(*make)(int res, const core::ResourceSpec &spec);
    QColor (*accent)();
    const char *kernelValue = nullptr; // "messages (mq_getattr)"
    // The charts: its bytes per second (a byte stream), or its level over time (a queue's
    // messages, a semaphore's value); neither for the others.
    bool throughput = false;
    qint64 (*level)(const core::ResourceState &) = nullptr;
    // The label of the token a step on one sends along its edge, when its text is not what
    // moved (a semaphore set's members); null: the step's text.
    QString (*tokenLabel)(const core::Event &) = nullptr;
};
const KindItem &kindItem(core::ResourceType type);
template <typename Item> ResourceItem *makeItem(int res, const core::ResourceSpec &spec)
{
    return new Item(res, spec);
}

} // namespace ipcsim::ui
