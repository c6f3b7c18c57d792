#include "barrieritem.h"
#include "kinds/barrier/settings.h"
#include "kinds/barrier/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

namespace {
int arrivedAt(const core::ResourceState &r)
{
    return core::kinds::barrier::stateOf(r).arrived;
}
int partiesOf(const core::ResourceSpec &spec)
{
    return int(core::kinds::barrier::settingsOf(spec).parties);
}
} // namespace

BarrierItem::BarrierItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(170, 100))
{
}

void BarrierItem::paintBody(QPainter *painter, const QRectF &body)
{
    const int parties = qMax(1, partiesOf(m_spec));
    const int arrived = arrivedAt(m_state);
    const int shown = qMin(parties, 12);
    const qreal d = qMin<qreal>(16, (body.width() - 10) / shown - 4);
    for (int i = 0; i < shown; ++i) {
        const QRectF c(body.left() + i * (d + 4), body.top() + 2, d, d);
        painter->setPen(QPen(Theme::ink(), 1.2));
        painter->setBrush(i < arrived ? accent().darker(115) : QColor(Qt::white));
        painter->drawEllipse(c);
    }
    // The bar itself: processes pass it together.
    painter->setPen(QPen(Theme::ink(), 3));
    const qreal bx = body.left() + shown * (d + 4) + 2;
    if (bx < body.right())
        painter->drawLine(QPointF(bx, body.top()), QPointF(bx, body.top() + d + 4));
    painter->setFont(Theme::font(9.5));
    painter->setPen(Theme::ink());
    painter->drawText(QRectF(body.left(), body.top() + d + 6, body.width(), 18),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QObject::tr("%1 of %2 arrived").arg(arrived).arg(parties));
}

void BarrierItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("arrived"), QString::number(arrivedAt(m_state)),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("parties"), QString::number(partiesOf(m_spec)),
                         QObject::tr("scenario")};
}

QString BarrierItem::tooltipText() const
{
    return QObject::tr("barrier %1: %2 of %3 arrived (reported)")
        .arg(m_state.name)
        .arg(arrivedAt(m_state))
        .arg(partiesOf(m_spec));
}

namespace kinds::barrier {
extern const KindItem item = {.make = makeItem<BarrierItem>, .accent = Theme::yellow};
} // namespace kinds::barrier

} // namespace ipcsim::ui
