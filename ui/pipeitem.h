// A pipe or FIFO drawn as a tube whose fill is the bytes buffered in it out of its capacity:
// page by page where the model knows the kernel's pages (a pipe is full when they are, whatever
// its bytes), the oldest at the read end.
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
    // Its pages as cells, where they are few enough to read (64 KiB: 16 of them).
    bool drawsPages() const;
    const core::kinds::pipe::State &pipe() const { return core::kinds::pipe::stateOf(m_state); }
};

} // namespace ipcsim::ui
