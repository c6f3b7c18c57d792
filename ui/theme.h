// Colours, pens and fonts of the diagram: the Okabe-Ito palette (safe for colour-blind viewers),
// and a presentation switch that makes text and strokes larger for a projector.
#pragma once

#include "model/worldstate.h"

#include <QColor>
#include <QFont>
#include <QFontMetricsF>
#include <QSizeF>

class QPainter;

namespace ipcsim::ui {

class Theme
{
public:
    // Okabe & Ito, "Color Universal Design" (2008).
    static QColor orange() { return QColor(0xE6, 0x9F, 0x00); }
    static QColor skyBlue() { return QColor(0x56, 0xB4, 0xE9); }
    static QColor bluishGreen() { return QColor(0x00, 0x9E, 0x73); }
    static QColor yellow() { return QColor(0xF0, 0xE4, 0x42); }
    static QColor blue() { return QColor(0x00, 0x72, 0xB2); }
    static QColor vermillion() { return QColor(0xD5, 0x5E, 0x00); }
    static QColor reddishPurple() { return QColor(0xCC, 0x79, 0xA7); }
    static QColor grey() { return QColor(0x88, 0x88, 0x88); }
    // A process stopped by SIGSTOP (beside the eight above: a slate violet)
    static QColor stoppedColor() { return QColor(0x75, 0x70, 0xB3); }
    static QColor ink() { return QColor(0x20, 0x20, 0x20); }
    static QColor paper() { return QColor(0xFB, 0xFB, 0xF8); }

    static QColor stateColor(core::ProcState s);
    // A light tint of a colour for filling a node behind dark text.
    static QColor tint(const QColor &c, qreal amount = 0.22);

    // Presentation mode: larger fonts and strokes (the view also zooms).
    static void setPresentation(bool on);
    static bool presentation();
    static qreal strokeScale() { return presentation() ? 1.8 : 1.0; }
    static QFont font(qreal pointSize, bool bold = false);
    static QFont mono(qreal pointSize);
    // Draws text in the painter's font within rect, never cut at its edge: on one line if it
    // fits, else wrapped at spaces on as many lines as the rect holds, else with the last line
    // shortened by an ellipsis (at `elide`).
    static void drawTextIn(QPainter *painter, const QRectF &rect, int alignment,
                           const QString &text, Qt::TextElideMode elide = Qt::ElideRight);
    // Draws the first of ways (longest wording first) that fits rect, wrapped at spaces; when
    // none does, the last, as drawTextIn draws it.
    static void drawFirstFitting(QPainter *painter, const QRectF &rect, int alignment,
                                 const QStringList &ways);
    // Whether text, wrapped at spaces, fits a box of that size in that font.
    static bool fits(const QFontMetricsF &fm, const QSizeF &box, const QString &text);
    // The smallest type of the diagram, in points at scale 1: details, labels, cell indices.
    // The layout fits the lessons at scale 1 or more at 1024 x 768 in presentation mode, so
    // no text of the diagram is under 9 pt on a projector.
    static constexpr qreal kSmallPt = 9;
};

} // namespace ipcsim::ui
