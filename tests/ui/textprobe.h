// What a widget really paints as text, measured on the way to the screen: the widget is
// rendered into a paint device whose engine draws nothing and records every text item with its
// font and the painter's transform at that moment. So "the smallest text on screen" is what was
// painted, whichever way an item chose its font (Theme, a hard-coded QFont, a shrink-to-fit loop).
#pragma once

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QGraphicsView>
#include <QPaintDevice>
#include <QPaintEngine>
#include <QString>
#include <QStringList>
#include <QTextItem>
#include <QWidget>
#include <cmath>
#include <limits>

namespace ipcsim::test {

struct PaintedText
{
    qreal points = std::numeric_limits<qreal>::max(); // as seen on the screen
    QString text;                                     // the smallest one
    int items = 0;                                    // text items painted in all
    QStringList cut;     // texts cut at the edge of their box, or shortened with an ellipsis
    QStringList all;     // every text painted, one entry per text item (a line of wrapped text)
    QList<QRectF> boxes; // where each of them was painted, on the device
};

class TextProbeEngine final : public QPaintEngine
{
public:
    TextProbeEngine() : QPaintEngine(QPaintEngine::AllFeatures) {}
    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    void updateState(const QPaintEngineState &) override {}
    void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override {}
    void drawPolygon(const QPointF *, int, PolygonDrawMode) override {}
    void drawPath(const QPainterPath &) override {}
    void drawRects(const QRectF *, int) override {}
    void drawLines(const QLineF *, int) override {}
    void drawEllipse(const QRectF &) override {}
    void drawImage(const QRectF &, const QImage &, const QRectF &,
                   Qt::ImageConversionFlags) override
    {
    }
    void drawTextItem(const QPointF &p, const QTextItem &item) override
    {
        const QString text = item.text().trimmed();
        if (text.isEmpty()) return;
        const QTransform t = painter()->combinedTransform();
        const qreal scale = std::sqrt(std::abs(t.determinant()));
        const QFont f = item.font();
        // Pixel-sized fonts are converted at the device's 96 dpi (72 points per inch).
        const qreal pt = f.pointSizeF() > 0 ? f.pointSizeF() : f.pixelSize() * 72.0 / 96.0;
        const qreal onScreen = pt * scale;
        ++found.items;
        found.all << text;
        found.boxes << t.mapRect(
            QRectF(p.x(), p.y() - item.ascent(), item.width(), item.ascent() + item.descent()));
        // drawText(rect, ...) clips a text that does not fit its rect (and only then).
        if (text.contains(QChar(0x2026))) {
            found.cut << text;
        } else if (painter()->hasClipping()) {
            const QRectF box(p.x(), p.y() - item.ascent(), item.width(),
                             item.ascent() + item.descent());
            const QRectF clip = painter()->clipBoundingRect();
            if (box.left() < clip.left() - 0.5 || box.right() > clip.right() + 0.5)
                found.cut << text;
        }
        if (onScreen < found.points) {
            found.points = onScreen;
            found.text = text;
        }
    }
    Type type() const override { return QPaintEngine::User; }

    PaintedText found;
};

class TextProbe final : public QPaintDevice
{
public:
    explicit TextProbe(QSize size) : m_size(size) {}
    QPaintEngine *paintEngine() const override { return &m_engine; }
    PaintedText found() const { return m_engine.found; }

protected:
    int metric(PaintDeviceMetric m) const override
    {
        switch (m) {
        case PdmWidth:
            return m_size.width();
        case PdmHeight:
            return m_size.height();
        case PdmWidthMM:
            return m_size.width() * 254 / 960;
        case PdmHeightMM:
            return m_size.height() * 254 / 960;
        case PdmNumColors:
            return std::numeric_limits<int>::max();
        case PdmDepth:
            return 32;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return 96;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(QPaintDevice::devicePixelRatioFScale());
        }
        return 0;
    }

private:
    QSize m_size;
    mutable TextProbeEngine m_engine;
};

// The smallest text the widget paints as it stands (its children included).
inline PaintedText smallestText(QWidget *w)
{
    TextProbe probe(w->size());
    w->render(&probe, QPoint(), QRegion(), QWidget::DrawChildren);
    return probe.found();
}

// The smallest text a diagram view shows: its items are painted without their caches (a cached
// item reaches the screen as a bitmap, its text unseen), through the view's own transform.
inline PaintedText smallestText(QGraphicsView *view)
{
    QList<QPair<QGraphicsItem *, QGraphicsItem::CacheMode>> cached;
    for (QGraphicsItem *i : view->scene()->items())
        if (i->cacheMode() != QGraphicsItem::NoCache) {
            cached.append({i, i->cacheMode()});
            i->setCacheMode(QGraphicsItem::NoCache);
        }
    const PaintedText found = smallestText(view->viewport());
    for (const auto &c : cached)
        c.first->setCacheMode(c.second);
    return found;
}

} // namespace ipcsim::test
