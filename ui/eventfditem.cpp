#include "eventfditem.h"
#include "kinds/eventfd/settings.h"
#include "kinds/eventfd/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

EventfdItem::EventfdItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(220, 100))
{
}

QString EventfdItem::readWill() const
{
    if (core::kinds::eventfd::stateOf(m_state).counter <= 0) return QObject::tr("0: a read sleeps");
    if (core::kinds::eventfd::settingsOf(m_spec).semaphoreMode)
        return QObject::tr("a read takes 1");
    return QObject::tr("a read takes all %1")
        .arg(core::Texts::compact(core::kinds::eventfd::stateOf(m_state).counter));
}

void EventfdItem::paintBody(QPainter *painter, const QRectF &body)
{
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(20, true));
    const QRectF num(body.left(), body.top(), 72, body.height() - 14);
    painter->drawText(num, Qt::AlignCenter,
                      core::Texts::compact(core::kinds::eventfd::stateOf(m_state).counter));
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->drawText(QRectF(num.left(), num.bottom(), num.width(), 14), Qt::AlignCenter,
                      QObject::tr("counter"));
    const QRectF side(body.left() + 80, body.top(), body.width() - 84, body.height());
    const QString mode = core::kinds::eventfd::settingsOf(m_spec).semaphoreMode
                             ? QObject::tr("semaphore mode")
                             : QObject::tr("a write adds to it");
    painter->setPen(
        Theme::ink().lighter(core::kinds::eventfd::stateOf(m_state).counter > 0 ? 100 : 150));
    Theme::drawFirstFitting(painter, side, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                            {readWill() + QLatin1Char('\n') + mode, readWill()});
}

void EventfdItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("counter"),
                         QString::number(core::kinds::eventfd::stateOf(m_state).counter),
                         keptSource(core::Source::Derived)};
    rows << InspectorRow{QObject::tr("initial value"),
                         QString::number(core::kinds::eventfd::settingsOf(m_spec).initial),
                         QObject::tr("scenario")};
    rows << InspectorRow{QObject::tr("semaphore mode (EFD_SEMAPHORE)"),
                         core::kinds::eventfd::settingsOf(m_spec).semaphoreMode ? QObject::tr("yes")
                                                                                : QObject::tr("no"),
                         QObject::tr("scenario")};
}

QString EventfdItem::tooltipText() const
{
    QString t = QObject::tr("eventfd %1\ncounter: %2 (%4)\n%3")
                    .arg(m_state.name)
                    .arg(core::kinds::eventfd::stateOf(m_state).counter)
                    .arg(readWill())
                    .arg(keptHow(QObject::tr("counted from the writes and reads reported")));
    if (m_state.kernelValue >= 0)
        t += QObject::tr("\neventfd-count: %1 (kernel, fdinfo)").arg(m_state.kernelValue);
    return t;
}

namespace kinds::eventfd {
extern const KindItem item = {
    .make = makeItem<EventfdItem>,
    .accent = Theme::orange,
    .kernelValue = "counter (eventfd-count in fdinfo)",
    .level = [](const core::ResourceState &r) { return core::kinds::eventfd::stateOf(r).counter; }};
} // namespace kinds::eventfd

} // namespace ipcsim::ui
