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
    const bool mine = owner != m_mutexOwner;
    m_mutexOwner = owner;
    ResourceItem::worldChanged(world); // redraws, with the tooltip, when its own state changed
    if (mine) {
        setToolTip(tooltipText());
        update();
    }
}

const core::kinds::condition::Sleepers &ConditionItem::sleepers() const
{
    return core::kinds::condition::stateOf(m_state).sleepers;
}

QString ConditionItem::mutexName() const
{
    return QString::fromStdString(core::kinds::condition::settingsOf(m_spec).mutex);
}

QString ConditionItem::mutexLine() const
{
    const QString m = mutexName();
    return m_mutexOwner >= 0 ? QObject::tr("mutex %1: held by %2").arg(m, procName(m_mutexOwner))
                             : QObject::tr("mutex %1: free").arg(m);
}

QString ConditionItem::asleepLine(int form) const
{
    const auto &s = sleepers();
    if (s.asleep.isEmpty()) return QObject::tr("nobody asleep in wait");
    const QString who = form == 0   ? QObject::tr("asleep in wait: %1").arg(procNames(s.asleep))
                        : form == 1 ? QObject::tr("asleep: %1").arg(procNames(s.asleep, true))
                                    : QObject::tr("asleep: %1").arg(s.asleep.size());
    if (s.unnamed == 0) return who;
    return form == 0 ? QObject::tr("%1 (%2 of them woken)").arg(who).arg(s.unnamed)
                     : QObject::tr("%1 (%2 woken)").arg(who).arg(s.unnamed);
}

QString ConditionItem::wokenLine() const
{
    const auto &s = sleepers();
    if (s.woken.isEmpty()) return {};
    return QObject::tr("woken, waits for %1: %2").arg(mutexName(), procNames(s.woken));
}

void ConditionItem::paintBody(QPainter *painter, const QRectF &body)
{
    const auto &s = sleepers();
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(9.5, !s.asleep.isEmpty()));
    Theme::drawFirstFitting(painter, QRectF(body.left(), body.top(), body.width(), 18),
                            Qt::AlignLeft | Qt::AlignVCenter,
                            {asleepLine(0), asleepLine(1), asleepLine(2)});
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->setPen(m_mutexOwner >= 0 ? Theme::ink() : Theme::ink().lighter(150));
    Theme::drawFirstFitting(painter, QRectF(body.left(), body.top() + 20, body.width(), 16),
                            Qt::AlignLeft | Qt::AlignVCenter, {mutexLine(), mutexName()});
    // The handover: who was woken and now waits for the mutex; else how often it was notified.
    const QRectF third(body.left(), body.top() + 36, body.width(), 16);
    if (!s.woken.isEmpty()) {
        painter->setPen(Theme::vermillion().darker(130));
        Theme::drawFirstFitting(painter, third, Qt::AlignLeft | Qt::AlignVCenter,
                                {wokenLine(),
                                 QObject::tr("woken: %1").arg(procNames(s.woken, true)),
                                 QObject::tr("woken: %1 processes").arg(s.woken.size())});
        return;
    }
    painter->setPen(Theme::ink().lighter(150));
    painter->drawText(third, Qt::AlignLeft | Qt::AlignVCenter,
                      core::kinds::condition::stateOf(m_state).notifications == 1
                          ? QObject::tr("notified once")
                          : QObject::tr("notified %1 times")
                                .arg(core::kinds::condition::stateOf(m_state).notifications));
}

void ConditionItem::addRows(QList<InspectorRow> &rows) const
{
    const QString reported = core::Texts::sourceName(core::Source::Reported);
    const QString derived = core::Texts::sourceName(core::Source::Derived);
    const auto &s = sleepers();
    rows << InspectorRow{QObject::tr("mutex"), mutexName(), QObject::tr("scenario")};
    rows << InspectorRow{QObject::tr("asleep in wait"),
                         s.asleep.isEmpty() ? QObject::tr("nobody") : procNames(s.asleep), derived};
    if (s.unnamed > 0)
        rows << InspectorRow{QObject::tr("of them, woken by a notify"),
                             QObject::tr("%1 (the kernel picks which)").arg(s.unnamed), derived};
    rows << InspectorRow{QObject::tr("woken, waiting to take the mutex back"),
                         s.woken.isEmpty() ? QObject::tr("nobody") : procNames(s.woken), derived};
    rows << InspectorRow{QObject::tr("notify and broadcast calls"),
                         QString::number(core::kinds::condition::stateOf(m_state).notifications),
                         reported};
}

QString ConditionItem::tooltipText() const
{
    const auto &s = sleepers();
    QString t = QObject::tr("condition variable %1\n%2 (reported)\n%3 (derived)")
                    .arg(m_state.name, mutexLine(), asleepLine());
    if (!s.woken.isEmpty()) t += QObject::tr("\n%1 (derived)").arg(wokenLine());
    return t + QObject::tr("\nnotified %1 times (reported)\na wait lets go of the mutex, "
                           "sleeps, and, once woken, waits to take it back")
                   .arg(core::kinds::condition::stateOf(m_state).notifications);
}

namespace kinds::condition {
extern const KindItem item = {.make = makeItem<ConditionItem>, .accent = Theme::reddishPurple};
} // namespace kinds::condition

} // namespace ipcsim::ui
