// A mutex or spinlock drawn as a padlock, its owner, and the line of processes waiting for it.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class LockItem : public ResourceItem
{
public:
    LockItem(int res, const core::ResourceSpec &spec);
    // The first line drawn: "free", "held by P", "held by P, who died".
    QString headline() const;
    // The second line when a death is part of the story ("taken from P, who died holding it"),
    // else empty; deathLines() gives it shorter too, for a narrow node (longest first).
    QString deathLine() const { return deathLines().value(0); }
    QStringList deathLines() const;

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
