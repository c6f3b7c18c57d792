// A condition variable drawn as who sleeps in its wait, the mutex it is used with and who
// holds that now, and how many notifications it was given.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class ConditionItem : public ResourceItem
{
public:
    ConditionItem(int res, const core::ResourceSpec &spec);
    void worldChanged(const core::WorldState &world) override;

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;

private:
    QString mutexLine() const; // "mutex m: held by consumer"
    QList<int> m_asleep;       // in its wait (not its notify), in arrival order
    int m_mutexOwner = -1;
};

} // namespace ipcsim::ui
