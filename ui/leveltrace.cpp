#include "leveltrace.h"
#include "resourceitem.h"

#include <algorithm>

namespace ipcsim::ui {

void LevelTrace::start(const core::WorldState &w)
{
    m_series.assign(size_t(w.resources.size()), Series{});
    for (qsizetype r = 0; r < w.resources.size(); ++r)
        if (const auto level = kindItem(w.resources[r].type).level) {
            Series &s = m_series[size_t(r)];
            s.seen = true;
            s.level = level(w.resources[r]);
            s.kept = {{0, s.level}};
        }
}

void LevelTrace::apply(const core::Event &e, const core::WorldState &w)
{
    if (e.res < 0 || size_t(e.res) >= m_series.size() || e.res >= w.resources.size()) return;
    Series &s = m_series[size_t(e.res)];
    if (!s.seen) return; // its kind has no level
    const core::ResourceState &r = w.resources[e.res];
    const qint64 level = kindItem(r.type).level(r);
    if (level == s.level) return;
    s.level = level;
    // In the order told, causes first: a change told after one stamped later is drawn at that
    // later time (they are a record's lag apart), so the line never runs back.
    s.lastNs = std::max(s.lastNs, e.tNs);
    const Change c{s.lastNs, level};
    if (c.tNs >= s.binEndNs) {
        closeBin(s);
        s.binEndNs = c.tNs + std::max(kMinBinNs, c.tNs / kBinsPerRun);
    }
    if (++s.inBin <= kExactPerBin) {
        s.kept << c;
        return;
    }
    if (s.inBin == kExactPerBin + 1) s.lo = s.hi = c;
    if (c.level < s.lo.level) s.lo = c;
    if (c.level > s.hi.level) s.hi = c;
    s.last = c;
}

void LevelTrace::closeBin(Series &s)
{
    if (s.inBin > kExactPerBin) {
        // The bin's lowest, highest and last, in their order.
        QList<Change> ends{s.lo, s.hi, s.last};
        std::ranges::stable_sort(ends, {}, &Change::tNs);
        for (const Change &c : ends)
            if (s.kept.isEmpty() || s.kept.last().tNs != c.tNs || s.kept.last().level != c.level)
                s.kept << c;
    }
    s.inBin = 0;
}

QList<LevelTrace::Change> LevelTrace::take(int res, bool closed)
{
    if (res < 0 || size_t(res) >= m_series.size()) return {};
    Series &s = m_series[size_t(res)];
    if (closed) {
        closeBin(s);
        s.binEndNs = 0;
    }
    QList<Change> out;
    out.swap(s.kept);
    return out;
}

} // namespace ipcsim::ui
