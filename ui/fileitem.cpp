#include "fileitem.h"
#include "texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

FileItem::FileItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(230, 100))
{
}

QString FileItem::holderText() const
{
    if (m_state.owner >= 0)
        return QObject::tr("locked by %1 (exclusive)").arg(procName(m_state.owner));
    if (!m_state.sharedHolders.isEmpty())
        return QObject::tr("shared lock: %1").arg(procNames(m_state.sharedHolders));
    return QObject::tr("not locked");
}

void FileItem::paintBody(QPainter *painter, const QRectF &body)
{
    // A page with a folded corner.
    const QRectF page(body.left() + 2, body.top(), 24, 32);
    QPolygonF p;
    p << page.topLeft() << QPointF(page.right() - 7, page.top()) << QPointF(page.right(), page.top() + 7)
      << page.bottomRight() << page.bottomLeft();
    const bool locked = m_state.owner >= 0 || !m_state.sharedHolders.isEmpty();
    painter->setPen(QPen(Theme::ink(), 1.3));
    painter->setBrush(locked ? Theme::tint(accent(), 0.5) : QColor(Qt::white));
    painter->drawPolygon(p);
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(9.5, locked));
    const QRectF t(body.left() + 36, body.top(), body.width() - 36, 18);
    painter->drawText(t, Qt::AlignLeft | Qt::AlignVCenter, QFontMetricsF(painter->font()).elidedText(holderText(), Qt::ElideRight, t.width()));
    painter->setFont(Theme::font(8));
    painter->setPen(Theme::ink().lighter(150));
    painter->drawText(QRectF(body.left() + 36, body.top() + 18, body.width() - 36, 16), Qt::AlignLeft | Qt::AlignVCenter,
                      QObject::tr("%1 written, %2 read").arg(Texts::bytes(m_state.bytesWritten), Texts::bytes(m_state.bytesRead)));
}

void FileItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("lock"), holderText(), Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes written"), QString::number(m_state.bytesWritten), Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes read"), QString::number(m_state.bytesRead), Texts::sourceName(core::Source::Reported)};
}

QString FileItem::tooltipText() const
{
    return QObject::tr("file %1\n%2 (reported)\nwritten %3, read %4 bytes (reported)")
        .arg(m_state.name, holderText())
        .arg(m_state.bytesWritten)
        .arg(m_state.bytesRead);
}

} // namespace ipcsim::ui
