#include "conditionitem.h"
#include "kinds/condition/settings.h"
#include "kinds/condition/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

ConditionItem::ConditionItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(220, 100))
{
}

void ConditionItem::worldChanged(const core::WorldState &world)
{
    // Its mutex's owner changes with steps on the mutex, which its own state does not show.
    if (m_index >= world.resources.size()) return;
    const core::ResourceState &r = world.resources[m_index];
    const int mutex = core::kinds::condition::stateOf(r).mutex;
    const int owner =
        mutex >= 0 && mutex < world.resources.size() ? world.resources[mutex].owner : -1;
    QList<int> asleep;
    for (int w : r.waiters)
        if (w >= 0 && w < world.processes.size() && world.processes[w].op == core::Op::Wait)
            asleep << w;
    const bool mine = owner != m_mutexOwner || asleep != m_asleep;
    m_mutexOwner = owner;
    m_asleep = asleep;
    ResourceItem::worldChanged(world); // redraws, with the tooltip, when its own state changed
    if (mine) {
        setToolTip(tooltipText());
        update();
    }
}

QString ConditionItem::mutexLine() const
{
    const QString m = QString::fromStdString(core::kinds::condition::settingsOf(m_spec).mutex);
    return m_mutexOwner >= 0 ? QObject::tr("mutex %1: held by %2").arg(m, procName(m_mutexOwner))
                             : QObject::tr("mutex %1: free").arg(m);
}

void ConditionItem::paintBody(QPainter *painter, const QRectF &body)
{
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(9.5, !m_asleep.isEmpty()));
    const QString asleep = m_asleep.isEmpty()
                               ? QObject::tr("nobody asleep in wait")
                               : QObject::tr("asleep in wait: %1").arg(procNames(m_asleep));
    Theme::drawFirstFitting(painter, QRectF(body.left(), body.top(), body.width(), 18),
                            Qt::AlignLeft | Qt::AlignVCenter,
                            {asleep, QObject::tr("asleep: %1").arg(procNames(m_asleep, true)),
                             QObject::tr("asleep: %1 processes").arg(m_asleep.size())});
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->setPen(m_mutexOwner >= 0 ? Theme::ink() : Theme::ink().lighter(150));
    Theme::drawFirstFitting(
        painter, QRectF(body.left(), body.top() + 20, body.width(), 16),
        Qt::AlignLeft | Qt::AlignVCenter,
        {mutexLine(), QString::fromStdString(core::kinds::condition::settingsOf(m_spec).mutex)});
    painter->setPen(Theme::ink().lighter(150));
    painter->drawText(QRectF(body.left(), body.top() + 36, body.width(), 16),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      core::kinds::condition::stateOf(m_state).notifications == 1
                          ? QObject::tr("notified once")
                          : QObject::tr("notified %1 times")
                                .arg(core::kinds::condition::stateOf(m_state).notifications));
}

void ConditionItem::addRows(QList<InspectorRow> &rows) const
{
    const QString reported = core::Texts::sourceName(core::Source::Reported);
    rows << InspectorRow{QObject::tr("mutex"),
                         QString::fromStdString(core::kinds::condition::settingsOf(m_spec).mutex),
                         QObject::tr("scenario")};
    rows << InspectorRow{QObject::tr("asleep in wait"),
                         m_asleep.isEmpty() ? QObject::tr("nobody") : procNames(m_asleep),
                         reported};
    rows << InspectorRow{QObject::tr("notify and broadcast calls"),
                         QString::number(core::kinds::condition::stateOf(m_state).notifications),
                         reported};
}

QString ConditionItem::tooltipText() const
{
    return QObject::tr("condition variable %1\n%2 (reported)\nasleep in wait: %3\nnotified %4 "
                       "times (reported)\na wait lets go of the mutex, sleeps, and takes it "
                       "back")
        .arg(m_state.name, mutexLine(),
             m_asleep.isEmpty() ? QObject::tr("nobody") : procNames(m_asleep))
        .arg(core::kinds::condition::stateOf(m_state).notifications);
}

namespace kinds::condition {
extern const KindItem item = {.make = makeItem<ConditionItem>, .accent = Theme::reddishPurple};
} // namespace kinds::condition

} // namespace ipcsim::ui
