#include "semaphoreitem.h"
#include "kinds/semaphore/settings.h"
#include "kinds/semaphore/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

SemaphoreItem::SemaphoreItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(220, 100))
{
}

void SemaphoreItem::paintBody(QPainter *painter, const QRectF &body)
{
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(20, true));
    const QRectF num(body.left(), body.top(), 56, body.height());
    painter->drawText(num, Qt::AlignCenter,
                      core::Texts::compact(core::kinds::semaphore::stateOf(m_state).value));
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->drawText(QRectF(num.left(), num.bottom() - 14, num.width(), 14), Qt::AlignCenter,
                      QObject::tr("value"));
    // One token per unit of value, up to what fits.
    const qreal d = 14;
    const int perRow = int((body.width() - 64) / (d + 4));
    const int maxTokens = perRow * 2;
    const qint64 v = qMax<qint64>(0, core::kinds::semaphore::stateOf(m_state).value);
    const int drawn = int(qMin<qint64>(v, v > maxTokens ? maxTokens - 1 : maxTokens));
    painter->setPen(QPen(Theme::ink(), 1));
    painter->setBrush(accent());
    for (int i = 0; i < drawn; ++i) {
        const qreal x = body.left() + 64 + (i % perRow) * (d + 4);
        const qreal y = body.top() + 4 + (i / perRow) * (d + 4);
        painter->drawEllipse(QRectF(x, y, d, d));
    }
    if (v > drawn) {
        painter->setFont(Theme::font(Theme::kSmallPt));
        const int i = drawn;
        painter->drawText(QRectF(body.left() + 64 + (i % perRow) * (d + 4) - 4,
                                 body.top() + 4 + (i / perRow) * (d + 4), 30, d),
                          Qt::AlignCenter, QObject::tr("+%1").arg(v - drawn));
    }
    if (v == 0) {
        painter->setFont(Theme::font(Theme::kSmallPt));
        painter->setPen(Theme::ink().lighter(150));
        painter->drawText(QRectF(body.left() + 64, body.top(), body.width() - 64, body.height()),
                          Qt::AlignLeft | Qt::AlignVCenter, QObject::tr("no tokens: wait sleeps"));
    }
}

void SemaphoreItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("value"),
                         QString::number(core::kinds::semaphore::stateOf(m_state).value),
                         keptSource(core::Source::Derived)};
    rows << InspectorRow{QObject::tr("initial value"),
                         QString::number(core::kinds::semaphore::settingsOf(m_spec).initial),
                         QObject::tr("scenario")};
}

QString SemaphoreItem::tooltipText() const
{
    QString t = QObject::tr("semaphore %1\nvalue: %2 (%4)\ninitial: %3")
                    .arg(m_state.name)
                    .arg(core::kinds::semaphore::stateOf(m_state).value)
                    .arg(core::kinds::semaphore::settingsOf(m_spec).initial)
                    .arg(keptHow(QObject::tr("counted from the posts and waits reported")));
    if (m_state.kernelValue >= 0)
        t += QObject::tr("\nsem_getvalue: %1 (kernel)").arg(m_state.kernelValue);
    return t;
}

namespace kinds::semaphore {
extern const KindItem item = {
    .make = makeItem<SemaphoreItem>,
    .accent = Theme::orange,
    .kernelValue = "value (sem_getvalue)",
    .level = [](const core::ResourceState &r) { return core::kinds::semaphore::stateOf(r).value; }};
} // namespace kinds::semaphore

} // namespace ipcsim::ui
