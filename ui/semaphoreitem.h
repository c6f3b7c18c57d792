// A semaphore drawn as its value and as that many tokens.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class SemaphoreItem : public ResourceItem
{
public:
    SemaphoreItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
