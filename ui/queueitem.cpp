#include "queueitem.h"
#include "texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

namespace {
constexpr int kMaxSlotsDrawn = 6;
}

QueueItem::QueueItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(280, 104))
{
    m_state.capacity = spec.maxMessages;
}

QStringList QueueItem::shownMessages() const
{
    QStringList out;
    for (const auto &m : m_state.messages)
        out << QString::fromUtf8(m.text);
    return out;
}

void QueueItem::paintBody(QPainter *painter, const QRectF &body)
{
    const int cap = int(m_spec.maxMessages > 0 ? m_spec.maxMessages : 10);
    const int slots = qMin(cap, kMaxSlotsDrawn);
    const qreal moreW = cap > slots ? 34 : 0;
    const qreal sw = (body.width() - moreW) / slots;
    const qreal h = 36;
    for (int i = 0; i < slots; ++i) {
        const QRectF s(body.left() + i * sw, body.top(), sw - 3, h);
        const bool full = i < m_state.messages.size();
        painter->setPen(QPen(Theme::ink().lighter(140), 1));
        painter->setBrush(full ? Theme::tint(accent(), 0.35) : QColor(Qt::white));
        painter->drawRect(s);
        if (!full)
            continue;
        const auto &m = m_state.messages[i];
        painter->setPen(Theme::ink());
        painter->setFont(Theme::font(8, true));
        painter->drawText(s.adjusted(2, 1, -2, -h / 2), Qt::AlignCenter,
                          QFontMetricsF(painter->font()).elidedText(QString::fromUtf8(m.text), Qt::ElideRight, s.width() - 4));
        painter->setFont(Theme::font(7));
        painter->setPen(Theme::ink().lighter(150));
        painter->drawText(s.adjusted(2, h / 2, -2, -1), Qt::AlignCenter, QObject::tr("prio %1").arg(m.priority));
    }
    if (cap > slots) {
        const int hidden = qMax(0, int(m_state.messages.size()) - slots);
        painter->setPen(Theme::ink());
        painter->setFont(Theme::font(7.5));
        painter->drawText(QRectF(body.right() - moreW, body.top(), moreW, h), Qt::AlignCenter,
                          hidden > 0 ? QObject::tr("+%1\nmore").arg(hidden) : QObject::tr("+%1\nslots").arg(cap - slots));
    }
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(8.5));
    painter->drawText(QRectF(body.left(), body.top() + h + 2, body.width(), 16), Qt::AlignLeft | Qt::AlignVCenter,
                      QObject::tr("%1 of %2 messages; next out on the left").arg(m_state.messages.size()).arg(cap));
}

void QueueItem::addRows(QList<InspectorRow> &rows) const
{
    const QString der = Texts::sourceName(core::Source::Derived);
    rows << InspectorRow{QObject::tr("messages"), QString::number(m_state.messages.size()), der};
    rows << InspectorRow{QObject::tr("max messages"), QString::number(m_spec.maxMessages), Texts::sourceName(core::Source::Kernel)};
    rows << InspectorRow{QObject::tr("message size"), QString::number(m_spec.messageSize), Texts::sourceName(core::Source::Kernel)};
    int i = 0;
    for (const auto &m : m_state.messages)
        rows << InspectorRow{QObject::tr("message %1").arg(++i),
                             QObject::tr("\"%1\" priority %2 from %3").arg(QString::fromUtf8(m.text)).arg(m.priority).arg(procName(m.sender)),
                             der};
}

QString QueueItem::tooltipText() const
{
    QString t = QObject::tr("message queue %1: %2 of %3 messages (derived from reported sends and receives)")
                    .arg(m_state.name)
                    .arg(m_state.messages.size())
                    .arg(m_spec.maxMessages);
    for (const auto &m : m_state.messages)
        t += QObject::tr("\n  \"%1\" (priority %2)").arg(QString::fromUtf8(m.text)).arg(m.priority);
    return t;
}

} // namespace ipcsim::ui
