// The Charts dock (Qt Charts), fed by a timer from the world state: throughput per channel,
// queue depth and semaphore values over time, steps per second and CPU use per process
// (CPU time read from the kernel: a spinner burns CPU, a sleeper does not).
#pragma once

#include "leveltrace.h"
#include "model/worldstate.h"

#include <QList>
#include <QTabWidget>
#include <deque>

class QChart;
class QLineSeries;
class QValueAxis;

namespace ipcsim::ui {

class ChartsView : public QTabWidget
{
    Q_OBJECT
public:
    explicit ChartsView(QWidget *parent = nullptr);

    void setScenario(const core::Scenario &scenario);
    void reset();
    // The x axes fitted to the points drawn, from the first to the last (at the end of a run).
    void fitToData();
    // Adds one point per rate's series, and the levels' changes since the last call; call a
    // few times a second while a run goes on, and once at its end (last). A rate (bytes, steps
    // or CPU time per second) is the change over the second before its point (kRateWindowNs;
    // from the start, in a run's first second): over a tenth of a second, a process paced at
    // three steps a second read 10 and 0 by turns, and a run's end, a moment after the last
    // point, read as a burst. A level is drawn as it changed, event by event (levels).
    void sample(const core::WorldState &w, LevelTrace &levels, bool last = false);
    static constexpr qint64 kRateWindowNs = 1'000'000'000;
    static constexpr qint64 kSampleNs = 100'000'000; // the least time between two points
    int pointCount() const;

private:
    struct Plot
    {
        QChart *chart = nullptr;
        QValueAxis *x = nullptr;
        QValueAxis *y = nullptr;
        QList<QLineSeries *> series;
        QList<int> keys; // resource or process index per series
        qreal maxY = 1;
        QString title;
        QString emptyReason; // said in the title when the scenario gives it no series
    };
    Plot makePlot(const QString &title, const QString &yTitle, const QString &emptyReason = {});
    void addPoint(Plot &plot, int seriesIndex, qreal x, qreal y);
    void rescale(Plot &plot, qreal x);
    void addSteps(int series, const QList<LevelTrace::Change> &changes, qreal now);
    static void setTicked(QValueAxis *axis, qreal lo, qreal hi);

    core::Scenario m_scenario;
    Plot m_throughput;
    Plot m_levels;
    QList<bool> m_levelsHeldTo; // per level series: its last point is the level held to now
    Plot m_steps;
    Plot m_cpu;
    // The rates' counters (bytes written, steps ended, CPU nanoseconds; -1: not read) as a
    // sample found them, series by series, throughput's, then steps', then CPU's.
    struct Reading
    {
        qint64 ns = 0;
        QList<qint64> counts;
    };
    Reading read(const core::WorldState &w) const;
    // From the newest a window old (or the start's, all 0) to the last.
    std::deque<Reading> m_readings = std::deque<Reading>(1);
};

} // namespace ipcsim::ui
