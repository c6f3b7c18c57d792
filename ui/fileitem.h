// A regular file drawn as a page, with who holds its lock (exclusive or shared).
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class FileItem : public ResourceItem
{
public:
    FileItem(int res, const core::ResourceSpec &spec);

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;

private:
    QString holderText() const;
};

} // namespace ipcsim::ui
