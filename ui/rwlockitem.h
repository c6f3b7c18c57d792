// A rwlock drawn as a lock (LockItem): its writer, or its readers together, and the line.
#pragma once

#include "kinds/rwlock/state.h"
#include "lockitem.h"

namespace ipcsim::ui {

class RwlockItem : public LockItem
{
public:
    // Wider than a mutex: its readers are named together.
    RwlockItem(int res, const core::ResourceSpec &spec) : LockItem(res, spec, QSizeF(236, 100)) {}
    // "free", "written by W", "read by A, B".
    QString headline() const override;
    bool held() const override;
    QStringList deathLines() const override;

protected:
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
    int diedHolding() const override { return core::kinds::rwlock::stateOf(m_state).diedHolding; }

private:
    QList<int> readers() const; // each process holding a read lock, once
};

} // namespace ipcsim::ui
