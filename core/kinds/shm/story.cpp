// Shared memory's words: loads, stores and atomic adds on its cells, and the lost update.
#include "kinds/shm/story.h"

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
        const qint64 lost = WorldModel::overwrites(w, e.proc, e.res, e.cell());
        const LoadMark *loaded = WorldModel::lastLoad(w, e.proc, e.res, e.cell());
        if (lost > 0 && loaded && e.cell() >= 0 && e.cell() < r.cells.size()) {
            // The lost update: its value was computed from a load older than the cell's value.
            const CellState &c = r.cells[e.cell()];
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

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"race-counter", "atomic-counter", "round-robin-steps"};

extern const KindWords story = {.noun = "shared memory",
                                .callName = callName,
                                .ended = ended,
                                .cellsReadFrom = "from the segment",
                                .topic = "Shared memory and locks",
                                .topicRank = 1,
                                .lessons = kLessons};

} // namespace ipcsim::core::kinds::shm
