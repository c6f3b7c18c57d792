// A pipe or FIFO drawn as a tube whose fill is the bytes buffered in it out of its capacity.
#pragma once

#include "kinds/pipe/state.h"
#include "resourceitem.h"

namespace ipcsim::ui {

class PipeItem : public ResourceItem
{
public:
    PipeItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;

private:
    const core::kinds::pipe::State &pipe() const { return core::kinds::pipe::stateOf(m_state); }
};

} // namespace ipcsim::ui
