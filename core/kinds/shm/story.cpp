// Shared memory's words: loads, stores and atomic adds on its cells, and the lost update.
#include "kinds/shm/story.h"
#include "kinds/shm/model.h"
#include "kinds/shm/state.h"

#include "model/worldmodel.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::shm {

using words::tr;

const char *callName(Op op)
{
    switch (op) {
    case Op::Load:
        return "load";
    case Op::Store:
        return "store";
    case Op::Add:
        return "atomic_fetch_add";
    default:
        return nullptr;
    }
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const WorldState &w = t.world;
    const QString &p = t.who;
    const QString &rn = t.res.name;
    const ResourceState &r = t.res;
    QString s;
    switch (e.op) {
    case Op::Load:
        s = tr("%1 loaded %2[%3] and got %4.").arg(p, rn).arg(e.cell()).arg(e.cellValue());
        break;
    case Op::Store: {
        const qint64 lost = overwrites(w, e.proc, e.res, e.cell());
        const LoadMark *loaded = WorldModel::lastLoad(w, e.proc, e.res, e.cell());
        const QVector<CellState> &cells = stateOf(r).cells;
        if (lost > 0 && loaded && e.cell() >= 0 && e.cell() < cells.size()) {
            // The lost update: its value was computed from a load older than the cell's value.
            const CellState &c = cells[e.cell()];
            const QString other = Texts::processLabel(w, c.lastWriter);
            s = lost == 1
                    ? tr("%1 stored %2 in %3[%4] over %5's %6: it had loaded %7 before %5's "
                         "update, so that update is overwritten.")
                          .arg(p)
                          .arg(e.cellValue())
                          .arg(rn)
                          .arg(e.cell())
                          .arg(other)
                          .arg(c.value)
                          .arg(loaded->value)
                    : tr("%1 stored %2 in %3[%4] over %5: it had loaded %6, so the %7 updates "
                         "made since then are overwritten.")
                          .arg(p)
                          .arg(e.cellValue())
                          .arg(rn)
                          .arg(e.cell())
                          .arg(c.value)
                          .arg(loaded->value)
                          .arg(lost);
        } else {
            s = tr("%1 stored %2 in %3[%4].").arg(p).arg(e.cellValue()).arg(rn).arg(e.cell());
        }
        break;
    }
    case Op::Add:
        s = tr("%1 atomically added to %2[%3]; it is now %4.")
                .arg(p, rn)
                .arg(e.cell())
                .arg(e.cellValue());
        break;
    default:
        break;
    }
    return s;
}

QString cellsAtTheEnd(const KernelFinal &f, const char *from)
{
    QStringList values;
    for (const qint64 v : f.cells)
        values << QString::number(v);
    return QStringLiteral(" = [%1]  (kernel: read %2 at the end)")
        .arg(values.join(QStringLiteral(", ")), QLatin1String(from));
}

QString lostUpdates(const ResourceState &r)
{
    QStringList parts;
    const QVector<CellState> &cells = stateOf(r).cells;
    for (qsizetype i = 0; i < cells.size(); ++i) {
        const CellState &c = cells[i];
        if (c.lost() <= 0) continue;
        const QString lost =
            c.lost() == 1 ? tr("1 update was lost") : tr("%1 updates were lost").arg(c.lost());
        parts << tr("%1[%2] ended at %3: %4, written over by stores computed from older "
                    "loads; without them it would be %5.")
                     .arg(r.name)
                     .arg(i)
                     .arg(c.value)
                     .arg(lost)
                     .arg(c.value + c.lost());
    }
    return parts.join(QLatin1Char(' '));
}

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"race-counter", "atomic-counter", "round-robin-steps"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`cells` (16): signed 64-bit cells, all 0 at start",
    .kernelObject = "`shm_open` + `mmap`",
    .statements = "`load`: a plain read of the cell · `store`: a plain write of the cell · "
                  "`add`: an atomic fetch-and-add",
};

extern const KindWords story = {
    .noun = "shared memory",
    .callName = callName,
    .ended = ended,
    .atTheEnd = [](const KernelFinal &f) { return cellsAtTheEnd(f, "from the segment"); },
    .closing = lostUpdates,
    .topic = "Shared memory and locks",
    .topicRank = 1,
    .lessons = kLessons,
    .reference = kReference};

} // namespace ipcsim::core::kinds::shm
