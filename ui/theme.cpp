#include "theme.h"

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

QFont Theme::mono(qreal pointSize)
{
    QFont f(QStringLiteral("DejaVu Sans Mono"));
    f.setStyleHint(QFont::Monospace);
    f.setPointSizeF(pointSize);
    return f;
}

} // namespace ipcsim::ui
