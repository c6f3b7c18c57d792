// Shared memory in the world: each cell's value, who last loaded and stored it, and the
// versions a store stands on, from which the lost updates are counted.
#include "kinds/shm/model.h"
#include "kinds/shm/settings.h"
#include "kinds/shm/state.h"

#include "model/worldmodel.h"

#include <algorithm>
#include <array>
#include <unordered_map>

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
        // What it got; the cell keeps the value of the last write told (a load that ran before
        // it, told after it, read a value the cell no longer holds).
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

namespace {

// A cell's story in the causal order. An add is one atomic fetch-and-add: it stands on one
// value of the cell (its result less its operand), the one the write just before it made,
// which no other add stood on. So each value the cell took is counted as made, by a store or
// an add, and as stood on, by an add; an add is told once a value it stands on was made and
// not yet stood on. (The cell's values may repeat, 1, 2, 1, 2, as cars park and leave; a
// value that was there once is no sign that the one an add stood on has been told.) A load is
// told once the value it read was written: one not stood on yet, or one of the last few. A
// store stands on no value and needs nothing. A record that comes late (a flood's worker
// waits for room in its ring after its add) stands on a value nobody else stands on, so it
// goes at once; and a step waits only for an add or a store that another process is inside
// with nothing of its own held, never for held events, which could be waiting for it.
class Ledger : public CausalLedger
{
public:
    explicit Ledger(size_t processes) : m_operand(processes) {}

    bool met(const Event &e, const View &) const override
    {
        if (e.op != Op::Add && e.op != Op::Load) return true;
        const auto it = m_cells.find(e.cell());
        const Cell &c = it != m_cells.end() ? it->second : m_untouched;
        if (e.op == Op::Load)
            return c.open.contains(e.cellValue()) ||
                   std::ranges::find(c.recent, e.cellValue()) != c.recent.end();
        return c.open.contains(stoodOn(e));
    }
    bool produces(const Event &open, const Event &e) const override
    {
        // The write e stands on was made before e's own step, so it began before e ended (a
        // later one, in a flood, is no cause). An open add's result is not known yet; an open
        // store's value is its record's.
        if (open.cell() != e.cell() || open.tNs > e.tNs || (e.op != Op::Add && e.op != Op::Load))
            return false;
        return open.op == Op::Add || (open.op == Op::Store && open.recordValue() == e.cellValue());
    }
    bool heldMayProduce() const override { return false; }
    void told(const Event &e) override
    {
        if (e.proc < 0 || size_t(e.proc) >= m_operand.size()) return;
        if (e.phase == Phase::Begin && e.op == Op::Add) m_operand[size_t(e.proc)] = e.recordValue();
        if (e.phase != Phase::End || (e.op != Op::Add && e.op != Op::Store)) return;
        auto [it, added] = m_cells.try_emplace(e.cell(), m_untouched);
        Cell &c = it->second;
        if (e.op == Op::Add) {
            const auto was = c.open.find(stoodOn(e));
            if (was != c.open.end() && --was->second.count == 0) c.open.erase(was);
        }
        // Values made and never stood on (a cell only stored to, a late record's cause told
        // after it) are forgotten past a bound, the oldest first.
        ++c.writes;
        if (c.open.size() >= kMostValues)
            std::erase_if(c.open,
                          [&](const auto &v) { return v.second.at + kMostValues / 2 < c.writes; });
        Made &made = c.open[e.cellValue()];
        ++made.count;
        made.at = c.writes;
        c.last = (c.last + 1) % c.recent.size();
        c.recent[c.last] = e.cellValue();
    }

private:
    static constexpr size_t kMostValues = 4096;
    struct Made
    {
        qint64 count = 0; // how many times made and not stood on
        quint64 at = 0;   // the cell's write that made it last
    };
    struct Cell
    {
        std::unordered_map<qint64, Made> open{{0, {1, 0}}}; // values made, not stood on
        std::array<qint64, 8> recent{};                     // the last values written, a ring
        size_t last = 0;
        quint64 writes = 0;
    };
    // The value an add's End stood on: its result less the operand its Begin carried (told
    // before the End, in its process's order), wrapping like the CPU.
    qint64 stoodOn(const Event &e) const
    {
        return qint64(quint64(e.cellValue()) - quint64(m_operand[size_t(e.proc)]));
    }

    std::unordered_map<qint64, Cell> m_cells; // those told a write; all start at 0
    const Cell m_untouched;
    std::vector<qint64> m_operand; // per process: the operand of its last add's Begin
};

} // namespace

std::unique_ptr<CausalLedger> ledger(int, const Scenario &scenario)
{
    return std::make_unique<Ledger>(scenario.instances.size());
}

extern const KindModel model = {
    .init = init, .ended = ended, .ledger = ledger, .finalReading = finalCells};

} // namespace ipcsim::core::kinds::shm
