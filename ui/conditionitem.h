// A condition variable drawn as who sleeps in its wait, the mutex it is used with and who
// holds that now, and who was woken and waits to take the mutex back (else how many
// notifications it was given).
#pragma once

#include "kinds/condition/state.h"
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
    QString mutexName() const; // its mutex's name, from the scenario
    QString mutexLine() const; // "mutex m: held by consumer"
    // "asleep in wait: a, b (1 of them woken)"; shorter as form grows (1: short names, 2: a
    // count).
    QString asleepLine(int form = 0) const;
    QString wokenLine() const; // "woken, waits for m: consumer" (empty: nobody)
    const core::kinds::condition::Sleepers &sleepers() const;
    int m_mutexOwner = -1;
};

} // namespace ipcsim::ui
