#include "theme.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>

namespace ipcsim::ui {

namespace {
bool g_presentation = false;
}

QColor Theme::stateColor(core::ProcState s)
{
    using core::ProcState;
    switch (s) {
    case ProcState::NotStarted:
    case ProcState::Starting:
        return grey();
    case ProcState::Running:
        return bluishGreen();
    case ProcState::AtGate:
        return yellow();
    case ProcState::InStep:
        return skyBlue();
    case ProcState::Blocked:
        return vermillion();
    case ProcState::Spinning:
        return orange();
    case ProcState::Exited:
        return blue();
    case ProcState::Killed:
        return reddishPurple();
    }
    return grey();
}

QColor Theme::tint(const QColor &c, qreal amount)
{
    const QColor w(255, 255, 255);
    return QColor::fromRgbF(w.redF() + (c.redF() - w.redF()) * amount,
                            w.greenF() + (c.greenF() - w.greenF()) * amount,
                            w.blueF() + (c.blueF() - w.blueF()) * amount);
}

void Theme::setPresentation(bool on)
{
    g_presentation = on;
}
bool Theme::presentation()
{
    return g_presentation;
}

QFont Theme::font(qreal pointSize, bool bold)
{
    QFont f;
    f.setPointSizeF(pointSize);
    f.setBold(bold);
    return f;
}

void Theme::drawTextIn(QPainter *painter, const QRectF &rect, int alignment, const QString &text,
                       Qt::TextElideMode elide)
{
    const QFontMetricsF fm(painter->font());
    if (!text.contains(QLatin1Char('\n')) && fm.horizontalAdvance(text) <= rect.width()) {
        painter->drawText(rect, alignment, text);
        return;
    }
    const int lines = std::max(1, int(rect.height() / fm.lineSpacing()));
    if (lines > 1 && fits(fm, rect.size(), text)) {
        painter->drawText(rect, alignment | Qt::TextWordWrap, text);
        return;
    }
    // Too long for the lines there are: the first lines wrapped, the last one shortened.
    QString rest = QString(text).replace(QLatin1Char('\n'), QLatin1Char(' '));
    qreal y = rect.top() + (rect.height() - lines * fm.lineSpacing()) / 2;
    for (int i = 0; i < lines; ++i, y += fm.lineSpacing()) {
        const QRectF line(rect.left(), y, rect.width(), fm.lineSpacing());
        const int h = alignment & Qt::AlignHorizontal_Mask;
        if (i == lines - 1 || fm.horizontalAdvance(rest) <= rect.width()) {
            painter->drawText(line, h | Qt::AlignVCenter, fm.elidedText(rest, elide, rect.width()));
            return;
        }
        // As many words as fit on this line.
        int cut = int(rest.size());
        while (cut > 0 && fm.horizontalAdvance(rest.left(cut)) > rect.width())
            cut = int(rest.lastIndexOf(QLatin1Char(' '), cut - 1));
        if (cut <= 0) cut = int(fm.elidedText(rest, Qt::ElideNone, rect.width()).size());
        if (cut <= 0) cut = 1;
        painter->drawText(line, h | Qt::AlignVCenter, rest.left(cut));
        rest = rest.mid(cut).trimmed();
    }
}

void Theme::drawFirstFitting(QPainter *painter, const QRectF &rect, int alignment,
                             const QStringList &ways)
{
    const QFontMetricsF fm(painter->font());
    const auto way = std::find_if(ways.cbegin(), ways.cend(),
                                  [&](const QString &text) { return fits(fm, rect.size(), text); });
    drawTextIn(painter, rect, alignment, way != ways.cend() ? *way : ways.value(ways.size() - 1));
}

bool Theme::fits(const QFontMetricsF &fm, const QSizeF &box, const QString &text)
{
    const QRectF needed = fm.boundingRect(QRectF(QPointF(), box), Qt::TextWordWrap, text);
    return needed.height() <= box.height() + 0.5 && needed.width() <= box.width() + 0.5;
}

QFont Theme::mono(qreal pointSize)
{
    QFont f(QStringLiteral("DejaVu Sans Mono"));
    f.setStyleHint(QFont::Monospace);
    f.setPointSizeF(pointSize);
    return f;
}

} // namespace ipcsim::ui
