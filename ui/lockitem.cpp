#include "lockitem.h"
#include "kinds/mutex/settings.h"
#include "kinds/mutex/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>
#include <QPainterPath>

namespace ipcsim::ui {

LockItem::LockItem(int res, const core::ResourceSpec &spec, QSizeF size)
    : ResourceItem(res, spec, size)
{
}

static void paintPadlock(QPainter *painter, const QRectF &r, bool locked, const QColor &c)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF bodyR(r.left(), r.top() + r.height() * 0.45, r.width(), r.height() * 0.55);
    QRectF shackle(r.left() + r.width() * 0.2, r.top(), r.width() * 0.6, r.height() * 0.7);
    if (!locked) shackle.translate(r.width() * 0.25, -r.height() * 0.12);
    painter->setPen(QPen(Theme::ink(), 3));
    painter->setBrush(Qt::NoBrush);
    painter->drawArc(shackle, 0, 180 * 16);
    painter->drawLine(QPointF(shackle.left(), shackle.center().y()),
                      QPointF(shackle.left(), bodyR.top()));
    if (locked)
        painter->drawLine(QPointF(shackle.right(), shackle.center().y()),
                          QPointF(shackle.right(), bodyR.top()));
    painter->setPen(QPen(Theme::ink(), 1.5));
    painter->setBrush(locked ? c : QColor(Qt::white));
    painter->drawRoundedRect(bodyR, 3, 3);
    painter->restore();
}

void LockItem::paintBody(QPainter *painter, const QRectF &body)
{
    // After a deadlock the processes are gone; the lock keeps showing who held it and who
    // stood in line at that moment.
    const int owner = shownOwner();
    const bool shut = held();
    paintPadlock(painter, QRectF(body.left() + 2, body.top() + 2, 28, 34), shut, accent());
    // "held by spinner[0]" on one line if it fits, else on two ("held by" / "spinner[0]"),
    // and the rest of the body one line lower.
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(9.5, shut));
    const QFontMetricsF hfm(painter->font());
    const qreal textWidth = body.width() - 40;
    const bool twoLines = hfm.horizontalAdvance(headline()) > textWidth;
    const qreal lineTop = body.top() + 22 + (twoLines ? 12 : 0); // the queue's line
    if (owner >= 0 && owner == diedHolding() && !hasDeadlockState())
        painter->setPen(Theme::vermillion().darker(130));
    Theme::drawTextIn(painter,
                      QRectF(body.left() + 40, body.top(), textWidth, lineTop - body.top() - 2),
                      Qt::AlignLeft | Qt::AlignVCenter, headline());
    if (const QStringList death = deathLines(); !death.isEmpty()) {
        // In place of the queue: who died holding it is what the lesson is about.
        painter->setFont(Theme::font(Theme::kSmallPt));
        painter->setPen(Theme::vermillion().darker(130));
        Theme::drawFirstFitting(painter, QRectF(body.left() + 40, lineTop, body.width() - 40, 16),
                                Qt::AlignLeft | Qt::AlignVCenter, death);
        return;
    }
    // The waiting line: one box per waiter, first in line nearest the lock.
    QList<int> line;
    for (int w : shownWaiters())
        if (w != owner) line << w;
    painter->setFont(Theme::font(Theme::kSmallPt));
    qreal x = body.left() + 40;
    if (!line.isEmpty()) {
        // Said in words, so the line does not read as more holders under "held by": it is the
        // order they wait in, first nearest the lock.
        const QString waiting = QObject::tr("queue:");
        painter->setPen(Theme::ink().lighter(160));
        painter->drawText(QRectF(x, lineTop, body.right() - x, 16),
                          Qt::AlignLeft | Qt::AlignVCenter, waiting);
        x += QFontMetricsF(painter->font()).horizontalAdvance(waiting) + 5;
    }
    // As many as fit, then how many more ("+2"): the footer names them all.
    const QFontMetricsF qfm(painter->font());
    for (qsizetype k = 0; k < line.size(); ++k) {
        const QString n = procName(line[k]);
        const qreal tw = qfm.horizontalAdvance(n) + 8;
        const qsizetype after = line.size() - k - 1;
        const qreal more =
            after > 0 ? qfm.horizontalAdvance(QStringLiteral("+%1").arg(after)) + 4 : 0;
        if (x + tw + more > body.right()) {
            painter->setPen(Theme::ink());
            painter->drawText(QRectF(x, lineTop, body.right() - x, 16),
                              Qt::AlignLeft | Qt::AlignVCenter,
                              QStringLiteral("+%1").arg(line.size() - k));
            break;
        }
        const QRectF b(x, lineTop, tw, 16);
        painter->setPen(QPen(Theme::vermillion(), 1));
        painter->setBrush(Theme::tint(Theme::vermillion(), 0.15));
        painter->drawRoundedRect(b, 3, 3);
        painter->setPen(Theme::ink());
        painter->drawText(b, Qt::AlignCenter, n);
        x += tw + 4;
    }
    if (line.isEmpty()) {
        painter->setPen(Theme::ink().lighter(160));
        painter->drawText(QRectF(body.left() + 40, lineTop, body.width() - 40, 16),
                          Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("nobody waiting"));
    }
}

int LockItem::diedHolding() const
{
    return core::kinds::mutex::stateOf(m_state).diedHolding;
}

QString LockItem::headline() const
{
    const int owner = shownOwner();
    if (owner < 0) return QObject::tr("free");
    // After a deadlock, ipcsim ended the processes: the lock is shown as it was at the deadlock.
    if (owner == diedHolding() && !hasDeadlockState())
        return QObject::tr("held by %1, who died").arg(procName(owner));
    return QObject::tr("held by %1").arg(procName(owner));
}

QStringList LockItem::deathLines() const
{
    const int dead = diedHolding();
    if (dead < 0 || hasDeadlockState()) return {};
    if (dead == shownOwner())
        return robust() ? QStringList{QObject::tr("next lock: EOWNERDEAD, then made "
                                                  "consistent"),
                                      QObject::tr("next lock: EOWNERDEAD"),
                                      QObject::tr("next: EOWNERDEAD")}
                        : QStringList{QObject::tr("not robust: nobody can take it now"),
                                      QObject::tr("not robust: stuck")};
    return {QObject::tr("taken from %1, who died holding it").arg(procName(dead)),
            QObject::tr("taken from %1, who died").arg(procName(dead)),
            QObject::tr("taken from the dead")};
}

void LockItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("owner"),
                         m_state.owner >= 0 ? procName(m_state.owner) : QObject::tr("nobody"),
                         core::Texts::sourceName(core::Source::Reported)};
}

QString LockItem::tooltipText() const
{
    const QList<int> waiters = shownWaiters();
    QString t = QObject::tr("%1 %2\nowner: %3 (reported)\nwaiting: %4")
                    .arg(core::Texts::resourceKind(m_spec.type), m_state.name,
                         shownOwner() >= 0 ? procName(shownOwner()) : QObject::tr("nobody"),
                         waiters.isEmpty() ? QObject::tr("nobody") : procNames(waiters));
    if (showsDeadlockLine())
        t +=
            QLatin1Char('\n') +
            QObject::tr("(as it was when the deadlock was found; ipcsim then ended the processes)");
    return t;
}

namespace kinds::mutex {

namespace {

// A mutex is a lock that may be robust: the inspector says whether it is.
class MutexItem final : public LockItem
{
public:
    using LockItem::LockItem;

protected:
    bool robust() const override { return core::kinds::mutex::settingsOf(m_spec).robust; }
    void addRows(QList<InspectorRow> &rows) const override
    {
        LockItem::addRows(rows);
        rows << InspectorRow{QObject::tr("robust"),
                             robust() ? QObject::tr("yes") : QObject::tr("no"),
                             QObject::tr("scenario")};
    }
};

} // namespace

extern const KindItem item = {.make = makeItem<MutexItem>, .accent = Theme::reddishPurple};
} // namespace kinds::mutex

namespace kinds::spinlock {
extern const KindItem item = {.make = makeItem<LockItem>, .accent = Theme::reddishPurple};
} // namespace kinds::spinlock

} // namespace ipcsim::ui
