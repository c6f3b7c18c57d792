// A barrier drawn as its parties, the ones that have arrived filled in.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class BarrierItem : public ResourceItem
{
public:
    BarrierItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
