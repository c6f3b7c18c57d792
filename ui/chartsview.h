// The Charts dock (Qt Charts), fed by a timer from the world state: throughput per channel,
// queue depth and semaphore values over time, steps per second and CPU use per process
// (CPU time read from the kernel: a spinner burns CPU, a sleeper does not).
#pragma once

#include "model/worldstate.h"

#include <QHash>
#include <QTabWidget>

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
    // Adds one point per series; call a few times a second while a run goes on.
    void sample(const core::WorldState &w);
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
    static void setTicked(QValueAxis *axis, qreal lo, qreal hi);

    core::Scenario m_scenario;
    Plot m_throughput;
    Plot m_levels;
    Plot m_steps;
    Plot m_cpu;
    QHash<int, qint64> m_lastBytes;  // per resource
    QHash<int, quint32> m_lastSteps; // per process
    QHash<int, qint64> m_lastCpu;    // per process
    qint64 m_lastNs = -1;
};

} // namespace ipcsim::ui
