// Shared memory in the world: each cell's value, who last loaded and stored it, and the
// versions a store stands on, from which the lost updates are counted.
#include "kinds/shm/model.h"
#include "kinds/shm/settings.h"
#include "kinds/shm/state.h"

#include "model/worldmodel.h"

namespace ipcsim::core::kinds::shm {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    stateOf(r).cells.resize(qsizetype(settingsOf(spec).cells));
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    QVector<CellState> &cells = stateOf(step.res).cells;
    ProcessState &p = step.process;
    if (e.cell() < 0 || e.cell() >= cells.size()) {
        if (e.op == Op::Load)
            step.model.setRegister(p, step.reg, QByteArray::number(e.cellValue()));
        return;
    }
    CellState &c = cells[e.cell()];
    LoadMark *mark = WorldModel::loadMark(p, e.res, e.cell());
    switch (e.op) {
    case Op::Load:
        c.value = e.cellValue();
        c.lastReader = e.proc;
        c.loaded = e.cellValue();
        c.loadedLast = true;
        c.touchedNs = e.tNs;
        if (!mark) mark = &*p.loads.insert(p.loads.end(), {e.res, e.cell(), 0, 0});
        mark->value = e.cellValue();
        mark->depth = c.depth;
        step.model.setRegister(p, step.reg, QByteArray::number(e.cellValue()));
        break;
    case Op::Store:
    case Op::Add:
        // A store stands on the version its process loaded (its own last store counts as
        // loaded: it knows that value); an add is atomic, on top of the current version.
        c.depth = (e.op == Op::Store && mark ? mark->depth : c.depth) + 1;
        ++c.stores;
        if (mark) {
            mark->value = e.cellValue();
            mark->depth = c.depth;
        }
        c.value = e.cellValue();
        c.lastWriter = e.proc;
        c.added = e.op == Op::Add;
        c.loadedLast = false;
        c.touchedNs = e.tNs;
        break;
    default:
        break;
    }
}

void finalCells(ResourceState &r, const KernelFinal &kernel)
{
    QVector<CellState> &cells = stateOf(r).cells;
    for (qsizetype i = 0; i < kernel.cells.size() && i < cells.size(); ++i)
        cells[i].value = kernel.cells[i];
}

qint64 overwrites(const WorldState &world, int proc, int res, qint64 cell)
{
    if (res < 0 || res >= world.resources.size()) return 0;
    const QVector<CellState> &cells = stateOf(world.resources[res]).cells;
    if (cell < 0 || cell >= cells.size()) return 0;
    const CellState &c = cells[cell];
    const LoadMark *m = WorldModel::lastLoad(world, proc, res, cell);
    if (!m || c.lastWriter < 0 || c.lastWriter == proc) return 0;
    return std::max<qint64>(0, c.depth - m->depth);
}

extern const KindModel model = {.init = init, .ended = ended, .finalReading = finalCells};

} // namespace ipcsim::core::kinds::shm
