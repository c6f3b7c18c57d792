// A mutex or spinlock drawn as a padlock, its owner, and the line of processes waiting for it.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class LockItem : public ResourceItem
{
public:
    LockItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
