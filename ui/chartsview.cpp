#include "chartsview.h"
#include "resourceitem.h"
#include "theme.h"

#include <QChart>
#include <QChartView>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <cmath>

namespace ipcsim::ui {

namespace {
constexpr int kMaxPoints = 600;
constexpr int kMaxLevelPoints = 8000; // a flood's steps over a minute or more (leveltrace.h)
const QList<QColor> &seriesColors()
{
    static const QList<QColor> c{Theme::blue(),   Theme::vermillion(),        Theme::bluishGreen(),
                                 Theme::orange(), Theme::reddishPurple(),     Theme::skyBlue(),
                                 Theme::ink(),    Theme::yellow().darker(130)};
    return c;
}
} // namespace

ChartsView::ChartsView(QWidget *parent) : QTabWidget(parent)
{
    m_throughput = makePlot(tr("Throughput per channel"), tr("bytes per second"),
                            tr("this scenario has no pipe, FIFO, socket or file"));
    m_levels = makePlot(tr("Queue depth and semaphore values"), tr("count"),
                        tr("this scenario has no queue or semaphore"));
    m_steps = makePlot(tr("Steps per second per process"), tr("steps per second"));
    addTab(new QChartView(m_throughput.chart), tr("Throughput"));
    addTab(new QChartView(m_levels.chart), tr("Depth / values"));
    m_cpu =
        makePlot(tr("CPU use per process (kernel: each one's CPU-time clock)"), tr("% of one CPU"));
    addTab(new QChartView(m_steps.chart), tr("Steps"));
    addTab(new QChartView(m_cpu.chart), tr("CPU"));
    for (int i = 0; i < count(); ++i)
        static_cast<QChartView *>(widget(i))->setRenderHint(QPainter::Antialiasing);
    // The dock is short: enough height for a readable plot, and every other pixel to the plot.
    setMinimumHeight(200);
}

ChartsView::Plot ChartsView::makePlot(const QString &title, const QString &yTitle,
                                      const QString &emptyReason)
{
    Plot p;
    p.chart = new QChart;
    p.title = title;
    p.emptyReason = emptyReason;
    p.chart->setTitle(title); // completed by setScenario
    // Every text at the diagram's smallest type, which a class reads on a projector.
    const QFont small = Theme::font(Theme::kSmallPt);
    p.chart->setTitleFont(small);
    p.chart->legend()->setFont(small);
    p.chart->legend()->setAlignment(Qt::AlignRight); // beside the plot, not under it
    p.chart->setMargins(QMargins(4, 0, 4, 0));
    p.chart->layout()->setContentsMargins(0, 0, 0, 0);
    p.chart->setBackgroundRoundness(0);
    p.x = new QValueAxis;
    p.x->setLabelFormat(QStringLiteral("%.1f"));
    p.y = new QValueAxis;
    p.y->setTitleText(yTitle);
    p.y->setLabelFormat(QStringLiteral("%.0f"));
    for (QValueAxis *a : {p.x, p.y}) {
        a->setLabelsFont(small);
        a->setTitleFont(Theme::font(Theme::kSmallPt, true));
    }
    p.chart->addAxis(p.x, Qt::AlignBottom);
    p.chart->addAxis(p.y, Qt::AlignLeft);
    return p;
}

void ChartsView::setScenario(const core::Scenario &scenario)
{
    m_scenario = scenario;
    for (Plot *p : {&m_throughput, &m_levels, &m_steps, &m_cpu}) {
        p->chart->removeAllSeries();
        p->series.clear();
        p->keys.clear();
    }
    auto add = [](Plot &p, const QString &name, int key) {
        auto *s = new QLineSeries;
        s->setName(name);
        QPen pen(seriesColors().at(p.series.size() % seriesColors().size()), 2);
        // Dashes as well as colours, so series differ without colour vision.
        if ((p.series.size() / seriesColors().size()) % 2 == 1 || p.series.size() % 2 == 1)
            pen.setStyle(p.series.size() % 2 ? Qt::DashLine : Qt::SolidLine);
        s->setPen(pen);
        p.chart->addSeries(s);
        s->attachAxis(p.x);
        s->attachAxis(p.y);
        p.series << s;
        p.keys << key;
    };
    for (size_t r = 0; r < scenario.resources.size(); ++r) {
        const auto &spec = scenario.resources[r];
        const QString name = QString::fromStdString(spec.name);
        const KindItem &kind = kindItem(spec.type);
        if (kind.throughput) add(m_throughput, name, int(r));
        if (kind.level) add(m_levels, name, int(r));
    }
    for (size_t i = 0; i < scenario.instances.size() && i < 16; ++i) {
        add(m_steps, QString::fromStdString(scenario.instances[i].name), int(i));
        add(m_cpu, QString::fromStdString(scenario.instances[i].name), int(i));
    }
    for (Plot *p : {&m_throughput, &m_levels, &m_steps, &m_cpu}) {
        // The x axis is always seconds since the start: said once in the title, not under the
        // axis. A chart the scenario leaves empty says why, rather than leave the class waiting.
        const bool empty = p->series.isEmpty() && !p->emptyReason.isEmpty();
        const QString over = p == &m_levels
                                 ? tr("over seconds since the start")
                                 : tr("over seconds since the start, each over the second before");
        p->chart->setTitle(tr("%1 — %2").arg(p->title, empty ? p->emptyReason : over));
    }
    reset();
}

void ChartsView::reset()
{
    for (Plot *p : {&m_throughput, &m_levels, &m_steps, &m_cpu}) {
        for (QLineSeries *s : std::as_const(p->series))
            s->clear();
        p->maxY = 1;
        setTicked(p->x, 0, 5);
        setTicked(p->y, 0, 1);
    }
    m_levelsHeldTo.fill(false, m_levels.series.size());
    m_readings.assign(1, Reading{});
}

// The range lo..hi, with a tick at every multiple of a round step (1, 2 or 5 times a power of
// ten) that gives two to six of them, each labelled with the decimals that step has: every
// label reads its gridline's value. (Five ticks spread evenly over any range fell between
// round numbers, and one decimal labelled 0.25 as "0.3".)
void ChartsView::setTicked(QValueAxis *axis, qreal lo, qreal hi)
{
    const qreal raw = std::max(hi - lo, 1e-9) / 5; // the step is raw to 2.5 × raw
    const qreal power = std::pow(10.0, std::floor(std::log10(raw)));
    const qreal unit = raw / power;
    const qreal step = (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
    const int decimals = std::max(0, int(-std::floor(std::log10(step) + 1e-9)));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(step);
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
    axis->setRange(lo, hi);
}

void ChartsView::addPoint(Plot &plot, int i, qreal x, qreal y)
{
    QLineSeries *s = plot.series[i];
    if (s->count() >= kMaxPoints) s->removePoints(0, s->count() - kMaxPoints + 1);
    s->append(x, y);
    plot.maxY = qMax(plot.maxY, y);
}

void ChartsView::rescale(Plot &plot, qreal x)
{
    // From the oldest point kept; a chart with none (the scenario gives it no series) spans
    // the run so far, rather than a second that rolls on.
    qreal minX = x;
    bool any = false;
    for (QLineSeries *s : std::as_const(plot.series))
        if (s->count()) {
            minX = qMin(minX, s->at(0).x());
            any = true;
        }
    if (!any) minX = 0;
    setTicked(plot.x, qMin(minX, x - 0.001), qMax(x, minX + 1));
    setTicked(plot.y, 0, plot.maxY * 1.1);
}

// A level holds until it changes: a step at each change, and a last point at now, moved on
// at each sample, for the level still held.
void ChartsView::addSteps(int i, const QList<LevelTrace::Change> &changes, qreal now)
{
    QLineSeries *s = m_levels.series[i];
    if (s->count() > 0 && m_levelsHeldTo[i]) s->remove(s->count() - 1);
    QList<QPointF> steps;
    steps.reserve(2 * changes.size() + 1);
    qreal x = s->count() ? s->at(s->count() - 1).x() : 0;
    qreal y = s->count() ? s->at(s->count() - 1).y() : 0;
    for (const LevelTrace::Change &c : changes) {
        x = std::max(x, c.tNs / 1e9);
        if (s->count() || !steps.isEmpty()) steps << QPointF(x, y);
        y = qreal(c.level);
        steps << QPointF(x, y);
        m_levels.maxY = qMax(m_levels.maxY, y);
    }
    m_levelsHeldTo[i] = s->count() || !steps.isEmpty();
    if (m_levelsHeldTo[i]) steps << QPointF(std::max(x, now), y);
    if (s->count() + steps.size() > kMaxLevelPoints)
        s->removePoints(0, std::min<int>(s->count(), s->count() + steps.size() - kMaxLevelPoints));
    s->append(steps);
}

ChartsView::Reading ChartsView::read(const core::WorldState &w) const
{
    Reading r{w.nowNs, {}};
    for (int res : m_throughput.keys)
        r.counts << (res < w.resources.size() ? w.resources[res].bytesWritten : -1);
    for (int p : m_steps.keys)
        r.counts << (p < w.processes.size() ? qint64(w.processes[p].steps) : -1);
    for (int p : m_cpu.keys)
        r.counts << (p < w.processes.size() ? w.processes[p].cpuNs : -1);
    return r;
}

void ChartsView::sample(const core::WorldState &w, LevelTrace &levels, bool last)
{
    const qreal x = w.nowNs / 1e9;
    // Every change told, the last ones as well (at the end, however soon after the last
    // point).
    for (int i = 0; i < m_levels.series.size(); ++i)
        addSteps(i, levels.take(m_levels.keys[i], last), x);
    rescale(m_levels, x);
    const qint64 lastNs = m_readings.back().ns;
    if (w.nowNs <= lastNs || (!last && w.nowNs - lastNs < kSampleNs)) return;
    const Reading now = read(w);
    while (m_readings.size() > 1 && m_readings[1].ns <= now.ns - kRateWindowNs)
        m_readings.pop_front();
    const Reading &from = m_readings.front();
    const qreal dt = (now.ns - from.ns) / 1e9;
    int c = 0; // the counter's place in a reading
    // CPU: nanoseconds of it a second, as a percentage of one CPU.
    for (auto [plot, perUnit] : {std::pair{&m_throughput, 1.0}, {&m_steps, 1.0}, {&m_cpu, 1e-7}})
        for (int i = 0; i < plot->series.size(); ++i, ++c)
            if (now.counts[c] >= 0 && from.counts.value(c, 0) >= 0)
                addPoint(*plot, i, x, perUnit * (now.counts[c] - from.counts.value(c, 0)) / dt);
    m_readings.push_back(now);
    rescale(m_cpu, x);
    rescale(m_throughput, x);
    rescale(m_steps, x);
}

void ChartsView::fitToData()
{
    for (Plot *p : {&m_throughput, &m_levels, &m_steps, &m_cpu}) {
        qreal lo = 0, hi = 0;
        bool any = false;
        for (QLineSeries *s : std::as_const(p->series)) {
            if (s->count() == 0) continue;
            lo = any ? qMin(lo, s->at(0).x()) : s->at(0).x();
            hi = any ? qMax(hi, s->at(s->count() - 1).x()) : s->at(s->count() - 1).x();
            any = true;
        }
        if (any && hi > lo) setTicked(p->x, lo, hi);
    }
}

int ChartsView::pointCount() const
{
    int n = 0;
    for (const Plot *p : {&m_throughput, &m_levels, &m_steps, &m_cpu})
        for (QLineSeries *s : p->series)
            n += s->count();
    return n;
}

} // namespace ipcsim::ui
