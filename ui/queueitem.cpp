#include "queueitem.h"
#include "kinds/mqueue/settings.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

namespace {
constexpr int kMaxSlotsDrawn = 5;
constexpr qreal kRowH = 17;

int slotsDrawn(const core::ResourceSpec &spec)
{
    return int(qMin<int64_t>(kMaxSlotsDrawn, core::kinds::mqueue::settingsOf(spec).maxMessages));
}
} // namespace

QueueItem::QueueItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(260, 30 + slotsDrawn(spec) * kRowH + 18 + 24))
{
    m_state.capacity = core::kinds::mqueue::settingsOf(spec).maxMessages;
}

QStringList QueueItem::shownMessages() const
{
    QStringList out;
    for (const auto &m : messages())
        out << QString::fromUtf8(m.text);
    return out;
}

void QueueItem::paintBody(QPainter *painter, const QRectF &body)
{
    // The slots from top to bottom in the order the kernel hands the messages out (highest
    // priority first): the top one leaves with the next receive.
    const int slots = slotsDrawn(m_spec);
    const QList<core::kinds::mqueue::Message> &queued = messages();
    const int n = queued.size();
    const qreal prioW = 44;
    for (int i = 0; i < slots; ++i) {
        const QRectF row(body.left(), body.top() + i * kRowH, body.width(), kRowH - 2);
        const bool full = i < n;
        painter->setPen(QPen(Theme::ink().lighter(150), 1));
        painter->setBrush(full ? Theme::tint(accent(), 0.3) : QColor(Qt::white));
        painter->drawRect(row);
        if (!full) continue;
        const bool last = i == slots - 1 && n > slots;
        const auto &m = queued[i];
        painter->setFont(Theme::font(Theme::kSmallPt));
        painter->setPen(Theme::ink().lighter(130));
        painter->drawText(QRectF(row.left() + 3, row.top(), prioW, row.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, last ? QString() : tag(m));
        painter->setPen(Theme::ink());
        painter->setFont(Theme::font(Theme::kSmallPt, true));
        const QRectF textR(row.left() + prioW, row.top(), row.width() - prioW - 4, row.height());
        const QString text =
            last ? QObject::tr("and %n more", nullptr, n - slots + 1) : QString::fromUtf8(m.text);
        painter->drawText(
            textR, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(painter->font()).elidedText(text, Qt::ElideRight, textR.width()));
    }
    if (n > 0) {
        // "next out" marker at the first slot.
        painter->setPen(QPen(accent().darker(150), 2));
        const qreal y = body.top() + kRowH / 2 - 1;
        painter->drawLine(QPointF(body.right() - 14, y), QPointF(body.right() - 3, y));
        painter->drawLine(QPointF(body.right() - 3, y), QPointF(body.right() - 7, y - 4));
        painter->drawLine(QPointF(body.right() - 3, y), QPointF(body.right() - 7, y + 4));
    }
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->drawText(QRectF(body.left(), body.top() + slots * kRowH + 1, body.width(), 16),
                      Qt::AlignLeft | Qt::AlignVCenter, caption());
}

QString QueueItem::tag(const core::kinds::mqueue::Message &m) const
{
    return QObject::tr("prio %1").arg(m.priority);
}

QString QueueItem::caption() const
{
    const int cap = int(core::kinds::mqueue::settingsOf(m_spec).maxMessages);
    return QObject::tr("%1 of %2 messages · top one leaves next").arg(messages().size()).arg(cap);
}

void QueueItem::addRows(QList<InspectorRow> &rows) const
{
    const QString der = keptSource(core::Source::Derived);
    rows << InspectorRow{QObject::tr("messages"), QString::number(messages().size()), der};
    rows << InspectorRow{QObject::tr("max messages"),
                         QString::number(core::kinds::mqueue::settingsOf(m_spec).maxMessages),
                         core::Texts::sourceName(core::Source::Kernel)};
    rows << InspectorRow{QObject::tr("message size"),
                         QString::number(core::kinds::mqueue::settingsOf(m_spec).messageSize),
                         core::Texts::sourceName(core::Source::Kernel)};
    int i = 0;
    for (const auto &m : messages())
        rows << InspectorRow{QObject::tr("message %1").arg(++i),
                             QObject::tr("\"%1\" priority %2 from %3")
                                 .arg(QString::fromUtf8(m.text))
                                 .arg(m.priority)
                                 .arg(procName(m.sender)),
                             der};
}

QString QueueItem::tooltipText() const
{
    QString t = QObject::tr("message queue %1: %2 of %3 messages (%4)")
                    .arg(m_state.name)
                    .arg(messages().size())
                    .arg(core::kinds::mqueue::settingsOf(m_spec).maxMessages)
                    .arg(keptHow(QObject::tr("derived from reported sends and receives")));
    for (const auto &m : messages())
        t += QObject::tr("\n  \"%1\" (priority %2)").arg(QString::fromUtf8(m.text)).arg(m.priority);
    return t;
}

namespace kinds::mqueue {
extern const KindItem item = {.make = makeItem<QueueItem>,
                              .accent = Theme::blue,
                              .kernelValue = "messages (mq_getattr)",
                              .level = [](const core::ResourceState &r) {
                                  return qint64(core::kinds::mqueue::stateOf(r).messages.size());
                              }};
} // namespace kinds::mqueue

} // namespace ipcsim::ui
