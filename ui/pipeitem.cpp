#include "pipeitem.h"
#include "kinds/pipe/model.h"
#include "kinds/pipe/settings.h"
#include "kinds/pipe/state.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>
#include <QPainterPath>

namespace ipcsim::ui {

PipeItem::PipeItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(230, 100))
{
}

bool PipeItem::drawsPages() const
{
    // pagesKnown is false while a program moves bytes on it.
    return pipe().pagesKnown && m_state.capacity > 0 &&
           core::kinds::pipe::pageCount(m_state.capacity) <= 32;
}

void PipeItem::paintBody(QPainter *painter, const QRectF &body)
{
    const qint64 cap = m_state.capacity > 0 ? m_state.capacity
                                            : (core::kinds::pipe::settingsOf(m_spec).capacity > 0
                                                   ? core::kinds::pipe::settingsOf(m_spec).capacity
                                                   : 65536);
    const qreal frac = qBound<qreal>(0, qreal(m_state.level) / qreal(cap), 1);
    // The tube leaves two lines below it: what a program moved, and the level.
    const QRectF tube(body.left(), body.top() + 1, body.width(), 16);
    painter->setPen(QPen(Theme::ink(), 1.5));
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(tube, 8, 8);
    namespace kp = core::kinds::pipe;
    if (drawsPages()) {
        // One cell a page, the oldest at the right (the read end); in each, its bytes from
        // where the reads have reached (the right) to where the writes did.
        const qint64 pages = kp::pageCount(m_state.capacity);
        const qreal cw = (tube.width() - 4) / qreal(pages);
        const QRectF inner = tube.adjusted(2, 2, -2, -2);
        painter->save();
        QPainterPath clip;
        clip.addRoundedRect(inner, 6, 6);
        painter->setClipPath(clip);
        painter->setPen(Qt::NoPen);
        painter->setBrush(accent());
        for (qsizetype i = 0; i < pipe().pages.size(); ++i) {
            const kp::State::Page &pg = pipe().pages[i];
            const qreal right = inner.right() - qreal(i) * cw - cw * pg.offset / qreal(kp::kPage);
            const qreal w = std::max<qreal>(1.5, cw * pg.len / qreal(kp::kPage));
            painter->drawRect(QRectF(right - w, inner.top(), w, inner.height()));
        }
        // Where one page ends and the next begins: a short mark at the top and at the bottom,
        // light, so that the tube reads as one tube and the arrow across it stays clear.
        painter->setPen(QPen(Theme::ink().lighter(pipe().pages.isEmpty() ? 260 : 180), 1));
        for (qint64 k = 1; k < pages; ++k) {
            const qreal x = inner.right() - qreal(k) * cw;
            painter->drawLine(QPointF(x, inner.top()), QPointF(x, inner.top() + 2));
            painter->drawLine(QPointF(x, inner.bottom() - 2), QPointF(x, inner.bottom()));
        }
        painter->restore();
    } else if (m_state.level > 0) {
        // Data leaves at the right (the read end): the fill sits against it.
        const qreal w = qMax<qreal>(6, tube.width() * frac);
        painter->setPen(Qt::NoPen);
        painter->setBrush(accent());
        painter->drawRoundedRect(QRectF(tube.right() - w, tube.top() + 2, w - 2, tube.height() - 4),
                                 6, 6);
    }
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(Theme::kSmallPt));
    // Written minus read goes below zero only when telemetry records of writes were lost: then
    // the level is not known, and the node says so rather than show a negative amount.
    // A program that writes it reports nothing, but the kernel counts its writes; one that
    // reads it reports nothing either, and then the level is not known.
    QString level = pipe().programReads ? QObject::tr("read by a program: level not known")
                    : m_state.level < 0 ? QObject::tr("level unknown (telemetry lost)")
                    : drawsPages()
                        ? QObject::tr("%1 of %2, in %3 of its %4 pages")
                              .arg(core::Texts::bytes(m_state.level), core::Texts::bytes(cap))
                              .arg(pipe().pages.size())
                              .arg(kp::pageCount(cap))
                        : QObject::tr("%1 of %2 buffered")
                              .arg(core::Texts::bytes(m_state.level), core::Texts::bytes(cap));
    if (pipe().programWritten >= 0)
        level = QObject::tr("%1 in from a program · %2")
                    .arg(core::Texts::bytes(pipe().programWritten), level);
    // What the kernel freed, unread, with the buffer when every end was closed.
    if (pipe().freed > 0)
        level = QObject::tr("%1 · %2 freed unread").arg(level, core::Texts::bytes(pipe().freed));
    Theme::drawTextIn(painter,
                      QRectF(body.left(), tube.bottom() + 2, body.width(),
                             body.bottom() - tube.bottom() - 2 + (footFree() ? 16 : 0)),
                      Qt::AlignLeft | Qt::AlignTop, level);
    // Which way the bytes go: in at the left (write end), out at the right (read end).
    painter->setPen(QPen(Theme::ink().lighter(170), 1.2));
    const qreal ay = tube.center().y();
    painter->drawLine(QPointF(tube.left() + 8, ay), QPointF(tube.left() + 26, ay));
    painter->drawLine(QPointF(tube.left() + 26, ay), QPointF(tube.left() + 22, ay - 3));
    painter->drawLine(QPointF(tube.left() + 26, ay), QPointF(tube.left() + 22, ay + 3));
}

void PipeItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("buffered bytes"), QString::number(m_state.level),
                         core::Texts::sourceName(core::Source::Derived)};
    rows << InspectorRow{QObject::tr("capacity"), QString::number(m_state.capacity),
                         core::Texts::sourceName(core::Source::Kernel)};
    if (pipe().pagesKnown) {
        QStringList held; // each page's bytes, the oldest first
        for (const auto &pg : pipe().pages)
            held << QString::number(pg.len);
        rows << InspectorRow{
            QObject::tr("pages of 4 KiB in use"),
            QObject::tr("%1 of %2%3")
                .arg(pipe().pages.size())
                .arg(core::kinds::pipe::pageCount(m_state.capacity))
                .arg(held.isEmpty()
                         ? QString()
                         : QObject::tr(" (bytes: %1, oldest first)").arg(held.join(", "))),
            core::Texts::sourceName(core::Source::Derived)};
    }
    if (pipe().programWritten >= 0)
        rows << InspectorRow{QObject::tr("bytes written by programs"),
                             QString::number(pipe().programWritten),
                             QObject::tr("kernel: the programs' wchar")};
    rows << InspectorRow{QObject::tr("bytes written by scripts"),
                         QString::number(m_state.bytesWritten),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes read by scripts"), QString::number(m_state.bytesRead),
                         core::Texts::sourceName(core::Source::Reported)};
    if (pipe().programReads)
        rows << InspectorRow{
            QObject::tr("bytes read by programs"), QObject::tr("not reported"), {}};
    rows << InspectorRow{QObject::tr("write ends open"), QString::number(pipe().writersOpen),
                         core::Texts::sourceName(core::Source::Derived)};
    if (pipe().freed > 0)
        rows << InspectorRow{QObject::tr("bytes freed unread (with its last end)"),
                             QString::number(pipe().freed),
                             core::Texts::sourceName(core::Source::Derived)};
}

QString PipeItem::tooltipText() const
{
    QString text =
        QObject::tr(
            "%1 %2\nbuffered: %3 bytes (derived: written − read)\ncapacity: %4 bytes (kernel)\n"
            "written: %5, read: %6 bytes (reported)\nwrite ends open: %7")
            .arg(core::Texts::resourceKind(m_spec.type), m_state.name)
            .arg(m_state.level)
            .arg(m_state.capacity)
            .arg(m_state.bytesWritten)
            .arg(m_state.bytesRead)
            .arg(pipe().writersOpen);
    if (pipe().freed > 0)
        text += QObject::tr("\nfreed unread: %1 bytes, when every end was closed (derived; not "
                            "counted as buffered)")
                    .arg(pipe().freed);
    return text;
}

namespace kinds::pipe {
extern const KindItem item = {
    .make = makeItem<PipeItem>, .accent = Theme::skyBlue, .throughput = true};
} // namespace kinds::pipe

namespace kinds::fifo {
extern const KindItem item = {
    .make = makeItem<PipeItem>, .accent = Theme::skyBlue, .throughput = true};
} // namespace kinds::fifo

} // namespace ipcsim::ui
