#include "fileitem.h"
#include "kinds/file/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

FileItem::FileItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(250, 100))
{
}

QString FileItem::holderText() const
{
    if (shownOwner() >= 0)
        return (showsDeadlockLine() ? QObject::tr("locked by %1 at the deadlock")
                                    : QObject::tr("locked by %1"))
            .arg(procName(shownOwner()));
    if (const QList<int> &shared = core::kinds::file::stateOf(m_state).sharedHolders;
        !shared.isEmpty())
        return QObject::tr("read-locked by %1").arg(procNames(shared));
    return QObject::tr("not locked");
}

void FileItem::paintBody(QPainter *painter, const QRectF &body)
{
    // A page with a folded corner.
    const QRectF page(body.left() + 1, body.top() + 1, 18, 24);
    QPolygonF p;
    p << page.topLeft() << QPointF(page.right() - 7, page.top())
      << QPointF(page.right(), page.top() + 7) << page.bottomRight() << page.bottomLeft();
    const bool locked =
        shownOwner() >= 0 || !core::kinds::file::stateOf(m_state).sharedHolders.isEmpty();
    painter->setPen(QPen(Theme::ink(), 1.3));
    painter->setBrush(locked ? Theme::tint(accent(), 0.5) : QColor(Qt::white));
    painter->drawPolygon(p);
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(9.5, locked));
    const QString holders = holderText();
    qreal next = body.top() + 18; // where the line below the holders goes
    if (QFontMetricsF(painter->font()).horizontalAdvance(holders) <= body.width() - 26) {
        painter->drawText(QRectF(body.left() + 26, body.top(), body.width() - 26, 18),
                          Qt::AlignLeft | Qt::AlignVCenter, holders);
    } else {
        // Several readers share the lock: every name counts, so two smaller lines, not "…".
        painter->setFont(Theme::font(Theme::kSmallPt, locked));
        const QRectF t(body.left() + 26, body.top() + 1, body.width() - 26, 30);
        painter->drawText(t, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, holders);
        next = body.top() + 31;
    }
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->setPen(Theme::ink().lighter(150));
    painter->drawText(QRectF(body.left() + 26, next, body.width() - 26, 16),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QFontMetricsF(painter->font())
                          .elidedText(QObject::tr("written %1 · read %2")
                                          .arg(core::Texts::bytes(m_state.bytesWritten),
                                               core::Texts::bytes(m_state.bytesRead)),
                                      Qt::ElideRight, body.width() - 26));
}

void FileItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("lock"), holderText(),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes written"), QString::number(m_state.bytesWritten),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes read"), QString::number(m_state.bytesRead),
                         core::Texts::sourceName(core::Source::Reported)};
}

QString FileItem::tooltipText() const
{
    return QObject::tr("file %1\n%2 (reported)\nwritten %3, read %4 bytes (reported)")
        .arg(m_state.name, holderText())
        .arg(m_state.bytesWritten)
        .arg(m_state.bytesRead);
}

namespace kinds::file {
extern const KindItem item = {.make = makeItem<FileItem>,
                              .accent = Theme::reddishPurple,
                              .kernelValue = "size at the end (stat)",
                              .throughput = true};
} // namespace kinds::file

} // namespace ipcsim::ui
