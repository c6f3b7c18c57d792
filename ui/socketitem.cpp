#include "socketitem.h"
#include "story/texts.h"
#include "theme.h"

#include <QPainter>

namespace ipcsim::ui {

using core::kinds::socket::SocketDomain;
using core::kinds::socket::SocketKind;

// Tall enough for its kind and connections on two lines above the waiting line.
SocketItem::SocketItem(int res, const core::ResourceSpec &spec)
    : ResourceItem(res, spec, QSizeF(230, 116))
{
}

QString SocketItem::flavour() const
{
    const QString d = settings().domain == SocketDomain::Unix ? QObject::tr("unix")
                                                              : QObject::tr("tcp 127.0.0.1");
    const QString k =
        settings().kind == SocketKind::Stream ? QObject::tr("stream") : QObject::tr("datagram");
    return d + QLatin1Char(' ') + k;
}

void SocketItem::paintBody(QPainter *painter, const QRectF &body)
{
    // Two plugs joined by a line: the connection; dots on it are bytes in flight.
    const qreal y = body.top() + 10;
    painter->setPen(QPen(Theme::ink(), 1.5));
    painter->setBrush(accent());
    painter->drawRect(QRectF(body.left(), y - 7, 12, 14));
    painter->drawRect(QRectF(body.right() - 12, y - 7, 12, 14));
    // Solid while a connection is open (a datagram socket is always ready), dashed before the
    // first and after the last has closed.
    const bool live = state().openEnds() > 0 || settings().kind == SocketKind::Datagram;
    painter->setPen(
        QPen(live ? Theme::ink() : Theme::grey(), 2, live ? Qt::SolidLine : Qt::DashLine));
    painter->drawLine(QPointF(body.left() + 12, y), QPointF(body.right() - 12, y));
    if (m_state.level > 0) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(Theme::blue());
        const int dots = int(qMin<qint64>(8, 1 + m_state.level / 64));
        for (int i = 0; i < dots; ++i)
            painter->drawEllipse(QPointF(body.right() - 24 - i * 14, y), 4, 4);
    }
    painter->setPen(Theme::ink());
    painter->setFont(Theme::font(Theme::kSmallPt));
    const bool stream = settings().kind == SocketKind::Stream;
    // "5 bytes in flight · 3 ends open" / "tcp 127.0.0.1 stream · 2 connections"
    const QString ends =
        stream ? QObject::tr(" · %1 open")
                     .arg(state().openEnds() == 1 ? QObject::tr("1 end")
                                                  : QObject::tr("%1 ends").arg(state().openEnds()))
               : QString();
    Theme::drawTextIn(painter, QRectF(body.left(), y + 10, body.width(), 16),
                      Qt::AlignLeft | Qt::AlignVCenter,
                      QObject::tr("%1 in flight").arg(core::Texts::bytes(m_state.level)) + ends);
    painter->setPen(Theme::ink().lighter(160));
    painter->setFont(Theme::font(Theme::kSmallPt));
    const QString made = !stream ? QString()
                         : state().connections == 1
                             ? QObject::tr(" · 1 connection")
                             : QObject::tr(" · %1 connections").arg(state().connections);
    Theme::drawTextIn(
        painter,
        QRectF(body.left(), y + 24, body.width(), body.bottom() - y - 24 + (footFree() ? 16 : 0)),
        Qt::AlignLeft | Qt::AlignTop, flavour() + made);
}

void SocketItem::addRows(QList<InspectorRow> &rows) const
{
    rows << InspectorRow{QObject::tr("type"), flavour(), QObject::tr("scenario")};
    rows << InspectorRow{QObject::tr("bytes in flight"), QString::number(m_state.level),
                         core::Texts::sourceName(core::Source::Derived)};
    rows << InspectorRow{QObject::tr("bytes sent"), QString::number(m_state.bytesWritten),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("bytes received"), QString::number(m_state.bytesRead),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("connections made"), QString::number(state().connections),
                         core::Texts::sourceName(core::Source::Reported)};
    rows << InspectorRow{QObject::tr("connection ends open"), QString::number(state().openEnds()),
                         core::Texts::sourceName(core::Source::Derived)};
    if (state().dropped() > 0)
        rows << InspectorRow{QObject::tr("bytes discarded unread (their receiver closed)"),
                             QString::number(state().dropped()),
                             core::Texts::sourceName(core::Source::Derived)};
}

QString SocketItem::tooltipText() const
{
    QString text =
        QObject::tr("socket %1 (%2)\nin flight: %3 bytes (derived)\nsent %4, received %5 bytes "
                    "(reported)\nconnections made: %6 (reported)\nconnection ends open: %7 "
                    "(derived: accepts and connects, less closes and exits)")
            .arg(m_state.name, flavour())
            .arg(m_state.level)
            .arg(m_state.bytesWritten)
            .arg(m_state.bytesRead)
            .arg(state().connections)
            .arg(state().openEnds());
    if (state().dropped() > 0)
        text += QObject::tr("\ndiscarded unread: %1 bytes, when the end they went to was closed "
                            "(derived; not in flight)")
                    .arg(state().dropped());
    return text;
}

namespace kinds::socket {
extern const KindItem item = {
    .make = makeItem<SocketItem>, .accent = Theme::skyBlue, .throughput = true};
} // namespace kinds::socket

} // namespace ipcsim::ui
