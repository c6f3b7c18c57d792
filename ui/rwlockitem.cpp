#include "rwlockitem.h"
#include "kinds/rwlock/state.h"
#include "story/texts.h"
#include "theme.h"

namespace ipcsim::ui {

QList<int> RwlockItem::readers() const
{
    QList<int> out;
    for (int h : core::kinds::rwlock::stateOf(m_state).readers)
        if (!out.contains(h)) out << h;
    return out;
}

bool RwlockItem::held() const
{
    return shownOwner() >= 0 || !core::kinds::rwlock::stateOf(m_state).readers.isEmpty();
}

QString RwlockItem::headline() const
{
    const int dead = hasDeadlockState() ? -1 : diedHolding();
    if (const int w = shownOwner(); w >= 0)
        return w == dead ? QObject::tr("written by %1, who died").arg(procName(w))
                         : QObject::tr("written by %1").arg(procName(w));
    if (const QList<int> r = readers(); !r.isEmpty())
        return QObject::tr("read by %1").arg(procNames(r, true));
    return QObject::tr("free");
}

// A pthread rwlock is never robust: what a dead process held, it holds for good.
QStringList RwlockItem::deathLines() const
{
    const int dead = diedHolding();
    if (dead < 0 || hasDeadlockState()) return {};
    if (shownOwner() != dead && !core::kinds::rwlock::stateOf(m_state).readers.contains(dead))
        return {};
    return {QObject::tr("%1 died holding it: nobody lets go").arg(procName(dead)),
            QObject::tr("held by the dead for good"), QObject::tr("held by the dead")};
}

void RwlockItem::addRows(QList<InspectorRow> &rows) const
{
    const QString reported = core::Texts::sourceName(core::Source::Reported);
    rows << InspectorRow{QObject::tr("writer"),
                         m_state.owner >= 0 ? procName(m_state.owner) : QObject::tr("nobody"),
                         reported};
    rows << InspectorRow{QObject::tr("readers"),
                         readers().isEmpty() ? QObject::tr("nobody") : procNames(readers()),
                         reported};
    rows << InspectorRow{QObject::tr("read locks held"),
                         QString::number(core::kinds::rwlock::stateOf(m_state).readers.size()),
                         reported};
}

QString RwlockItem::tooltipText() const
{
    const QList<int> waiters = shownWaiters();
    return QObject::tr("rwlock %1\n%2 (reported)\nwaiting: %3\nreaders share it; a writer holds "
                       "it alone")
        .arg(m_state.name, headline(),
             waiters.isEmpty() ? QObject::tr("nobody") : procNames(waiters));
}

namespace kinds::rwlock {
extern const KindItem item = {.make = makeItem<RwlockItem>, .accent = Theme::reddishPurple};
} // namespace kinds::rwlock

} // namespace ipcsim::ui
