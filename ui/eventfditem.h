// An eventfd drawn as its counter: the number, and what a read will do with it now.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class EventfdItem : public ResourceItem
{
public:
    EventfdItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;

private:
    QString readWill() const; // "read takes 5", "read sleeps"
};

} // namespace ipcsim::ui
