// A mutex, spinlock or rwlock drawn as a padlock, its owner, and the line of processes waiting for
// it.
#pragma once

#include "resourceitem.h"

namespace ipcsim::ui {

class LockItem : public ResourceItem
{
public:
    LockItem(int res, const core::ResourceSpec &spec, QSizeF size = QSizeF(184, 100));
    // The first line drawn: "free", "held by P", "held by P, who died".
    virtual QString headline() const;
    // Whether anyone holds it (the padlock is shut).
    virtual bool held() const { return shownOwner() >= 0; }
    // The second line when a death is part of the story ("taken from P, who died holding it"),
    // else empty; deathLines() gives it shorter too, for a narrow node (longest first).
    QString deathLine() const { return deathLines().value(0); }
    virtual QStringList deathLines() const;

protected:
    // Whether the next locker is told of a holder's death (EOWNERDEAD) and may take the lock: a
    // robust mutex's. Another lock held by the dead stays held.
    virtual bool robust() const { return false; }
    // A process that died holding it, or -1 (its kind's state: kinds/mutex/state.h).
    virtual int diedHolding() const;
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
};

} // namespace ipcsim::ui
