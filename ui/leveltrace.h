// The levels of a run's queues and semaphores as they changed, event by event, for the depth
// chart. Sampled on the chart's timer, a fast run's level is read two or three times and the
// lines between hide every change (bounded-buffer's semaphores, 0 to 3 and back a dozen
// times in 0.17 s, drew flat). Here each change is kept at its event's time, as the reducer
// applies it; a flood keeps, within each bin of time (a two-hundredth of the run so far, at
// least a millisecond), its first changes exactly and then only its lowest, its highest and
// its last: a line no finer than the chart can draw, memory that grows with the log of the
// run's length.
#pragma once

#include "model/event.h"
#include "model/worldstate.h"

#include <QList>
#include <QtGlobal>
#include <vector>

namespace ipcsim::ui {

class LevelTrace
{
public:
    struct Change
    {
        qint64 tNs = 0;
        qint64 level = 0;
    };

    // A run begins: every level as w holds it, at time 0.
    void start(const core::WorldState &w);
    // After e was applied: its object's level, if its kind has one and it changed.
    void apply(const core::Event &e, const core::WorldState &w);
    // The changes of res kept since the last take; closed: also those of the bin still open
    // (at the end of the run).
    QList<Change> take(int res, bool closed = false);

    static constexpr int kExactPerBin = 8;
    static constexpr qint64 kMinBinNs = 1'000'000;
    static constexpr qint64 kBinsPerRun = 200;

private:
    struct Series
    {
        bool seen = false;
        qint64 level = 0;
        qint64 lastNs = 0;
        qint64 binEndNs = 0; // the open bin ends here
        int inBin = 0;       // changes in the open bin
        Change lo, hi, last; // of the open bin, past its first kExactPerBin
        QList<Change> kept;
    };
    void closeBin(Series &s);

    std::vector<Series> m_series; // per resource
};

} // namespace ipcsim::ui
