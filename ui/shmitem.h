// Shared memory (or a mapped file) drawn as a grid of its cells with their live values; a cell
// flashes when it is loaded or stored, and the item says who touched it last.
#pragma once

#include "kinds/shm/state.h"
#include "resourceitem.h"

#include <QVector>

namespace ipcsim::ui {

class ShmItem : public ResourceItem
{
public:
    ShmItem(int res, const core::ResourceSpec &spec);

    bool animate() override;
    // The values drawn in the cells (for tests).
    QVector<qint64> shownValues() const;

protected:
    void paintBody(QPainter *painter, const QRectF &body) override;
    void addRows(QList<InspectorRow> &rows) const override;
    QString tooltipText() const override;
    void stateChanged(const core::ResourceState &r) override;

private:
    int columns() const;
    int shownCells() const;
    QStringList touches(const core::kinds::shm::CellState &c) const;
    const QVector<core::kinds::shm::CellState> &cells() const
    {
        return core::kinds::shm::stateOf(m_state).cells;
    }

    QVector<qint64> m_seenTouch;  // touchedNs last seen per cell
    QVector<qint64> m_flashStart; // wall-clock ms when the cell began to flash, 0: none
    QStringList m_lastTouch;      // "[2] = 7 · producer stored, consumer loaded", then shorter
};

} // namespace ipcsim::ui
