#include "resourceitem.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>
#include <array>

namespace ipcsim::ui {

ResourceItem::ResourceItem(int res, const core::ResourceSpec &spec, QSizeF size)
    : DiagramItem(res, size), m_spec(spec)
{
    m_state.name = QString::fromStdString(spec.name);
    m_state.type = spec.type;
}

// Each kind's item, defined beside its class (pipeitem.cpp, lockitem.cpp, ...).
#define IPCSIM_KIND_PART_TYPE KindItem
#define IPCSIM_KIND_PART item
#include "kinds/parts.inc"

const KindItem &kindItem(core::ResourceType type)
{
    return *kKindParts.at(size_t(type));
}

ResourceItem *ResourceItem::create(int res, const core::ResourceSpec &spec)
{
    return kindItem(spec.type).make(res, spec);
}

QString ResourceItem::title() const
{
    return m_state.name;
}

void ResourceItem::worldChanged(const core::WorldState &world)
{
    if (m_index >= world.resources.size()) return;
    const core::ResourceState &r = world.resources[m_index];
    if (m_procNames.size() != world.processes.size()) {
        m_procNames.clear();
        for (const auto &p : world.processes)
            m_procNames << p.name;
    }
    const bool changed = m_first || r.lastTouchNs != m_state.lastTouchNs ||
                         r.level != m_state.level || r.capacity != m_state.capacity ||
                         r.owner != m_state.owner || r.waiters != m_state.waiters ||
                         r.own != m_state.own || r.bytesWritten != m_state.bytesWritten ||
                         r.kernelValue != m_state.kernelValue ||
                         r.readAtTheEnd != m_state.readAtTheEnd;
    if (!changed) return;
    m_first = false;
    m_state = r;
    stateChanged(r);
    setToolTip(tooltipText());
    update();
}

void ResourceItem::setDeadlockState(const core::ResourceState *atDeadlock)
{
    m_hasDeadlockState = atDeadlock != nullptr;
    m_atDeadlock = atDeadlock ? *atDeadlock : core::ResourceState();
    setToolTip(tooltipText());
    update();
}

bool ResourceItem::showsDeadlockLine() const
{
    return m_hasDeadlockState && m_state.waiters.isEmpty() && !m_atDeadlock.waiters.isEmpty();
}

QList<int> ResourceItem::shownWaiters() const
{
    return showsDeadlockLine() ? m_atDeadlock.waiters : m_state.waiters;
}

int ResourceItem::shownOwner() const
{
    return m_hasDeadlockState && m_state.owner < 0 ? m_atDeadlock.owner : m_state.owner;
}

QString ResourceItem::keptHow(const QString &running) const
{
    return m_state.readAtTheEnd ? QObject::tr("read from the kernel at the end") : running;
}

QString ResourceItem::keptSource(core::Source running) const
{
    return keptHow(core::Texts::sourceName(running));
}

QString ResourceItem::procName(int instance) const
{
    if (instance >= 0 && instance < m_procNames.size()) return m_procNames[instance];
    return QStringLiteral("?");
}

QString ResourceItem::procNames(const QList<int> &instances, bool compact) const
{
    QStringList names;
    QString lastBase;
    for (int i : instances) {
        const QString n = procName(i);
        const qsizetype bracket = n.indexOf(QLatin1Char('['));
        const QString base = bracket > 0 ? n.left(bracket) : QString();
        names << (compact && !base.isEmpty() && base == lastBase ? n.mid(bracket) : n);
        lastBase = base;
    }
    return names.join(QStringLiteral(", "));
}

QColor ResourceItem::accent() const
{
    return kindItem(m_spec.type).accent();
}

QList<InspectorRow> ResourceItem::inspectorRows(const core::WorldState &) const
{
    QList<InspectorRow> rows;
    rows << InspectorRow{QObject::tr("resource"), m_state.name, {}};
    rows << InspectorRow{QObject::tr("kind"), core::Texts::resourceKind(m_spec.type), {}};
    addRows(rows);
    if (const char *what = kindItem(m_spec.type).kernelValue; what && m_state.kernelValue >= 0)
        rows << InspectorRow{QObject::tr(what), QString::number(m_state.kernelValue),
                             core::Texts::sourceName(core::Source::Kernel)};
    rows << InspectorRow{QObject::tr("in a call on it"),
                         m_state.waiters.isEmpty() ? QObject::tr("nobody")
                                                   : procNames(m_state.waiters),
                         core::Texts::sourceName(core::Source::Reported)};
    return rows;
}

void ResourceItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QRectF f = frame();
    paintFrame(painter, accent().darker(140), Theme::paper());
    // Header: kind in small letters, name in bold.
    painter->setPen(Qt::NoPen);
    painter->setBrush(Theme::tint(accent(), 0.35));
    QPainterPath head;
    head.addRoundedRect(QRectF(f.left() + 1, f.top() + 1, f.width() - 2, 24), 7, 7);
    painter->drawPath(head);
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(10.5, true));
    QFontMetricsF fm(painter->font());
    const QString name = fm.elidedText(m_state.name, Qt::ElideRight, f.width() * 0.6);
    painter->drawText(QRectF(f.left() + 8, f.top() + 2, f.width() - 16, 22),
                      Qt::AlignLeft | Qt::AlignVCenter, name);
    // The kind in what the name leaves: its noun, or in few letters, or cut short.
    painter->setFont(Theme::font(Theme::kSmallPt));
    painter->setPen(Theme::ink().lighter(160));
    const QFontMetricsF kfm(painter->font());
    const qreal room = f.width() - 16 - fm.horizontalAdvance(name) - 8;
    QString kind = core::Texts::resourceKind(m_spec.type);
    if (kfm.horizontalAdvance(kind) > room) kind = core::Texts::resourceKindShort(m_spec.type);
    painter->drawText(QRectF(f.left() + 8, f.top() + 2, f.width() - 16, 22),
                      Qt::AlignRight | Qt::AlignVCenter,
                      kfm.elidedText(kind, Qt::ElideRight, room));

    const QList<int> waiters = shownWaiters();
    const bool hasWaiters = !waiters.isEmpty();
    QRectF body(f.left() + 8, f.top() + 30, f.width() - 16, f.height() - 36 - 16);
    paintBody(painter, body);

    painter->setFont(Theme::font(Theme::kSmallPt, hasWaiters));
    painter->setPen(hasWaiters ? Theme::vermillion().darker(130) : Theme::ink().lighter(170));
    QString line = !hasWaiters ? QString()
                   : showsDeadlockLine()
                       ? QObject::tr("waiting at the deadlock: %1").arg(procNames(waiters))
                       : QObject::tr("waiting: %1").arg(procNames(waiters));
    // In a narrow node the outline already says deadlock: who waits is the point; then the
    // copies of one process by their numbers ("worker[0], [1]"); then how many.
    const QFontMetricsF lfm(painter->font());
    if (lfm.horizontalAdvance(line) > f.width() - 16)
        line = QObject::tr("waiting: %1").arg(procNames(waiters));
    if (lfm.horizontalAdvance(line) > f.width() - 16)
        line = QObject::tr("waiting: %1").arg(procNames(waiters, true));
    if (lfm.horizontalAdvance(line) > f.width() - 16)
        line = QObject::tr("waiting: %1 processes").arg(waiters.size());
    Theme::drawTextIn(painter, QRectF(f.left() + 8, f.bottom() - 18, f.width() - 16, 16),
                      Qt::AlignLeft | Qt::AlignVCenter, line);
    paintHighlight(painter);
}

} // namespace ipcsim::ui
