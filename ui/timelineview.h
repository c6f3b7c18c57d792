// The Timeline dock: one lane per process with its states over time as bars (colour, hatching
// and a written label, so the state reads without colour), arrows from lane to lane for every
// piece of data, message or signal that passed, and a time axis. It follows the run live;
// Ctrl+wheel zooms around the mouse, the wheel scrolls the lanes, Shift+wheel scrolls in time.
#pragma once

#include "timelinemodel.h"

#include <QAbstractScrollArea>

namespace ipcsim::ui {

class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setModel(const TimelineModel *model);
    // Picks up what the model gained; cheap when nothing changed or the dock is hidden.
    void refresh();
    void reset();

    // The horizontal axis: time as measured, or steps, one column per step in the order they
    // were told (causes first): time a process spent at its gate waiting for the pace or the
    // student takes no room, and what lessons point at (who waited for whom) stays in view.
    enum class Axis : quint8
    {
        Time,
        Steps
    };
    void setAxis(Axis axis);
    Axis axis() const { return m_axis; }

    // The whole run in view, rescaled as it grows (the default).
    void fitAll();
    void zoomBy(qreal factor);
    // Keep the latest moment at the right edge while zoomed in.
    void setFollowLive(bool on);
    bool followsLive() const { return m_follow; }
    bool isFitting() const { return m_fit; }
    qreal nsPerPixel() const { return m_nsPerPx; }

    // Geometry, for tests and tooltips: the lane's bar rectangle and where a time is drawn.
    QRect laneRect(int lane) const;
    qreal xForTime(qint64 tNs) const;
    qint64 timeForX(qreal x) const;
    // Where the legend's entries are drawn at the present width (they wrap onto more rows when
    // it is narrow), and where the lanes begin below it and the time axis.
    QRect legendBounds() const;
    int headerHeight() const { return headerH(); }
    // How many arrows and segments the last paint drew.
    int paintedArrows() const { return m_paintedArrows; }
    int paintedSegments() const { return m_paintedSegments; }
    // Where the last paint put the arrows' labels ("4096 bytes").
    const QVector<QRectF> &paintedArrowLabels() const { return m_paintedLabels; }
    // Where it wrote what a lane is blocked in, spins on or how it ended.
    const QVector<QRectF> &paintedKeyLaneLabels() const { return m_laneLabels; }
    // The names it wrote beside the lanes, in order (as shown: cut if they had to be).
    const QStringList &paintedLaneNames() const { return m_laneNames; }

Q_SIGNALS:
    void followLiveChanged(bool on);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;
    QSize sizeHint() const override;

private:
    void updateScrollBars();
    bool fitLabelColumn(); // whether the column's width changed
    static QString pidText(int pid);
    void paintAxis(QPainter &p, qint64 t0, qint64 t1) const;
    void paintStepAxis(QPainter &p, qint64 t0, qint64 t1) const;
    void paintAxisLine(QPainter &p, const QString &title) const;
    void paintTick(QPainter &p, qreal x, const QString &label) const; // with its grid line
    qreal endUnits() const; // the run's end along the axis
    int layoutLegend(QPainter *p, QRect *bounds = nullptr) const;
    int legendH() const;
    int headerH() const;
    void paintLane(QPainter &p, int lane, qint64 t0, qint64 t1);
    void paintArrows(QPainter &p, qint64 t0, qint64 t1);
    QString segmentText(int lane, int seg, bool brief) const;
    QStringList segmentWordings(int lane, int seg) const;
    QString callText(const TimelineModel::Segment &s) const;
    qint64 segmentEnd(int lane, int seg) const;
    int laneAtY(int y) const;
    int plotWidth() const;
    int laneH() const;
    int fitMargin() const;
    int barH() const;
    qint64 viewStartNs() const;
    // Where a time is along the axis, in its units (ns, or kUnitsPerStep a step), and back.
    qreal unitsAt(qint64 tNs) const;
    qint64 timeAtUnits(qreal units) const;

    const TimelineModel *m_model = nullptr;
    mutable int m_legendWidth = -1; // what the legend's rows were counted for
    mutable QString m_legendNote;
    mutable bool m_legendForgotten = false;
    mutable int m_legendRows = 1;
    quint64 m_seenRevision = ~0ull;
    qreal m_nsPerPx = 1e6; // 1 ms per pixel (in axis units: ns, or a millionth of a step)
    Axis m_axis = Axis::Time;
    bool m_fit = true;
    bool m_follow = true;
    bool m_settingScroll = false;
    int m_paintedArrows = 0;
    int m_paintedSegments = 0;
    QVector<QRectF> m_paintedLabels;
    QVector<QRectF> m_laneLabels; // where this paint wrote on the lanes' bars
    QStringList m_laneNames;
    int m_labelW = 150;  // the column of names (fitLabelColumn)
    int m_pidW = 0;      // in it, the room of the widest pid
    QString m_arrowNote; // "1234 arrows in view, one in 3 drawn", shown in the header
};

} // namespace ipcsim::ui
