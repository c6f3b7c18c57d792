#include "shmitem.h"
#include "kinds/shm/settings.h"
#include "story/texts.h"
#include "theme.h"

#include <QElapsedTimer>
#include <QPainter>
#include <algorithm>

namespace ipcsim::ui {

namespace {
constexpr int kMaxCellsDrawn = 32;
constexpr int kFlashMs = 700;
constexpr qreal kCellH = 30;

qint64 wallMs()
{
    static QElapsedTimer clock;
    if (!clock.isValid()) clock.start();
    return clock.elapsed() + 1;
}

int cellsOf(const core::ResourceSpec &spec)
{
    return int(qMax<int64_t>(1, core::kinds::shm::settingsOf(spec).cells));
}
int colsOf(int n)
{
    return qMin(n, 8);
}
// As wide as its cells need (36 px each), up to eight cells a row.
qreal widthOf(int n)
{
    return std::clamp<qreal>(colsOf(n) * 36 + 16, 200, 280);
}
int rowsOf(int n)
{
    const int shown = qMin(n, kMaxCellsDrawn);
    return (shown + colsOf(n) - 1) / colsOf(n);
}
} // namespace

ShmItem::ShmItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(
          res, spec,
          QSizeF(widthOf(cellsOf(spec)), 30 + rowsOf(cellsOf(spec)) * (kCellH + 3) + 18 + 24))
{
    core::kinds::shm::stateOf(m_state).cells.resize(cellsOf(spec));
    m_seenTouch.resize(cellsOf(spec));
    m_flashStart.resize(cellsOf(spec));
}

int ShmItem::columns() const
{
    return colsOf(cellsOf(m_spec));
}
int ShmItem::shownCells() const
{
    return qMin<int>(cells().size(), kMaxCellsDrawn);
}

QVector<qint64> ShmItem::shownValues() const
{
    QVector<qint64> v;
    for (const auto &c : cells())
        v << c.value;
    return v;
}

// Who touched the cell last, in the order they did, longest first: "producer stored, consumer
// loaded" (the load got the value shown), "consumer loaded 7, then producer stored" (the cell
// has changed since that load), then the last write alone. An atomic add says "added".
QStringList ShmItem::touches(const core::kinds::shm::CellState &c) const
{
    QStringList ways;
    const QString wrote = c.added ? QObject::tr("added") : QObject::tr("stored");
    const QString w = procName(c.lastWriter);
    const QString r = procName(c.lastReader);
    const QString got = QString::number(c.loaded);
    if (c.lastWriter >= 0 && c.lastReader >= 0) {
        const bool same = c.lastWriter == c.lastReader;
        if (c.loadedLast)
            ways << (same ? QObject::tr("%1 %2, then loaded").arg(w, wrote)
                          : QObject::tr("%1 %2, %3 loaded").arg(w, wrote, r));
        else
            ways << (same ? QObject::tr("%1 loaded %2, then %3").arg(w, got, wrote)
                          : QObject::tr("%1 loaded %2, then %3 %4").arg(r, got, w, wrote));
    }
    if (c.lastWriter >= 0)
        ways << QObject::tr("%1 by %2").arg(wrote, w);
    else if (c.lastReader >= 0)
        ways << QObject::tr("loaded by %1").arg(r);
    return ways;
}

void ShmItem::stateChanged(const core::ResourceState &r)
{
    const QVector<core::kinds::shm::CellState> &now = core::kinds::shm::stateOf(r).cells;
    const int n = int(now.size());
    if (m_seenTouch.size() < n) {
        m_seenTouch.resize(n);
        m_flashStart.resize(n);
    }
    qint64 newest = -1;
    int newestCell = -1;
    for (int i = 0; i < n; ++i) {
        const auto &c = now[i];
        if (c.touchedNs != m_seenTouch[i]) {
            m_seenTouch[i] = c.touchedNs;
            m_flashStart[i] = wallMs();
            if (c.touchedNs > newest) {
                newest = c.touchedNs;
                newestCell = i;
            }
        }
    }
    if (newestCell >= 0) {
        const auto &c = now[newestCell];
        // The writer's value is what the cell shows; its line says who touched it last, in
        // the words that fit, down to the cell and its value alone.
        const QString cell = QObject::tr("[%1] = %2").arg(newestCell).arg(c.value);
        m_lastTouch.clear();
        for (const QString &way : touches(c))
            m_lastTouch << cell + QStringLiteral(" · ") + way;
        m_lastTouch << cell;
    }
}

bool ShmItem::animate()
{
    const qint64 now = wallMs();
    bool any = false;
    for (qint64 &start : m_flashStart) {
        if (start == 0) continue;
        if (now - start > kFlashMs) start = 0;
        any = true;
    }
    if (any) update();
    return any;
}

void ShmItem::paintBody(QPainter *painter, const QRectF &body)
{
    const QVector<core::kinds::shm::CellState> &values = cells();
    const int cols = columns();
    const int shown = shownCells();
    const qreal cw = body.width() / cols;
    const qint64 now = wallMs();
    for (int i = 0; i < shown; ++i) {
        const QRectF cell(body.left() + (i % cols) * cw, body.top() + (i / cols) * (kCellH + 3),
                          cw - 3, kCellH);
        QColor fill = Qt::white;
        if (m_flashStart.value(i) > 0) {
            const qreal a = 1.0 - qreal(now - m_flashStart[i]) / kFlashMs;
            const QColor fc = Theme::orange();
            fill = Theme::tint(fc, qBound<qreal>(0, a, 1) * 0.9);
        }
        painter->setPen(QPen(Theme::ink().lighter(140), 1));
        painter->setBrush(fill);
        painter->drawRect(cell);
        painter->setPen(Theme::ink().lighter(170));
        painter->setFont(Theme::font(Theme::kSmallPt));
        painter->drawText(cell.adjusted(2, 0, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                          QString::number(i));
        painter->setPen(Theme::ink());
        painter->setFont(Theme::font(9, true));
        painter->drawText(cell.adjusted(0, 6, 0, 0), Qt::AlignCenter,
                          core::Texts::compact(values[i].value));
    }
    const qreal y = body.top() + ((shown + cols - 1) / cols) * (kCellH + 3);
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->setPen(Theme::ink().lighter(130));
    const QString more = values.size() > shown
                             ? QObject::tr("(%1 more cells) ").arg(values.size() - shown)
                             : QString();
    const QRectF footBox(body.left(), y, body.width(), footFree() ? 32 : 16);
    QStringList ways;
    for (const QString &touch : m_lastTouch)
        ways << more + touch;
    Theme::drawFirstFitting(painter, footBox, Qt::AlignLeft | Qt::AlignTop,
                            ways.isEmpty() ? QStringList{more} : ways);
}

void ShmItem::addRows(QList<InspectorRow> &rows) const
{
    const QString source = keptSource(core::Source::Reported);
    const QVector<core::kinds::shm::CellState> &values = cells();
    for (int i = 0; i < values.size(); ++i) {
        const auto &c = values[i];
        const QStringList who = touches(c);
        rows << InspectorRow{QStringLiteral("%1[%2]").arg(m_state.name).arg(i),
                             QString::number(c.value) +
                                 (who.isEmpty() ? QString() : QStringLiteral(" · ") + who[0]),
                             source};
    }
}

QString ShmItem::tooltipText() const
{
    QStringList vals;
    for (const auto &c : cells())
        vals << QString::number(c.value);
    return QObject::tr("%1 %2, %3 cells (%5):\n%4")
        .arg(core::Texts::resourceKind(m_spec.type))
        .arg(m_state.name)
        .arg(cells().size())
        .arg(vals.join(QStringLiteral(" ")))
        .arg(keptHow(QObject::tr("values reported by the processes that stored them")));
}

namespace kinds::shm {
extern const KindItem item = {.make = makeItem<ShmItem>, .accent = Theme::bluishGreen};
} // namespace kinds::shm

// A mapped file's cells are drawn as shared memory's: they are the file's bytes.
namespace kinds::mappedfile {
extern const KindItem item = {.make = makeItem<ShmItem>, .accent = Theme::bluishGreen};
} // namespace kinds::mappedfile

} // namespace ipcsim::ui
