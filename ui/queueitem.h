// A POSIX message queue drawn as its slots, holding the actual messages (text and priority) in
// the order the kernel will deliver them.
#pragma once

#include "kinds/mqueue/state.h"
#include "resourceitem.h"

namespace ipcsim::ui {

class QueueItem : public ResourceItem
{
public:
    QueueItem(int res, const core::ResourceSpec &spec);

    // The texts drawn in the slots, in delivery order (for tests and the inspector).
    QStringList shownMessages() const;

protected:
    // A message's label in its slot ("prio 3"), and the line under the slots.
    virtual QString tag(const core::kinds::mqueue::Message &m) const;
    // In the queue, in delivery order.
    const QList<core::kinds::mqueue::Message> &messages() const
    {
        return core::kinds::mqueue::stateOf(m_state).messages;
    }
    virtual QString caption() const;
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
