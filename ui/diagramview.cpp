#include "diagramview.h"
#include "diagramscene.h"

#include <QWheelEvent>

namespace ipcsim::ui {

DiagramView::DiagramView(QWidget *parent) : QGraphicsView(parent)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(ScrollHandDrag);
    setViewportUpdateMode(SmartViewportUpdate);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setFrameShape(QFrame::NoFrame);
    setFocusPolicy(Qt::StrongFocus);
}

void DiagramView::fitAll()
{
    m_autoFit = true;
    if (!scene()) return;
    const QRectF r = scene()->sceneRect();
    fitInView(r, Qt::KeepAspectRatio);
    // Never blow small diagrams up too far: a two-node scenario should not look cartoonish.
    if (transform().m11() > m_maxFitScale)
        setTransform(QTransform::fromScale(m_maxFitScale, m_maxFitScale));
    centerOn(r.center());
}

void DiagramView::zoomBy(qreal factor)
{
    m_autoFit = false;
    const qreal s = transform().m11() * factor;
    if (s < 0.1 || s > 6) return;
    scale(factor, factor);
}

void DiagramView::setMaxFitScale(qreal s)
{
    m_maxFitScale = s;
    tellScene();
}

void DiagramView::tellScene()
{
    // The scene picks its layout (columns or rows) for the room the view has.
    if (auto *s = qobject_cast<DiagramScene *>(scene()))
        s->setViewSize(viewport()->size(), m_maxFitScale);
}

void DiagramView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    tellScene();
    if (m_autoFit) fitAll();
}

void DiagramView::wheelEvent(QWheelEvent *event)
{
    const int d = event->angleDelta().y();
    if (d == 0) return;
    zoomBy(d > 0 ? 1.15 : 1 / 1.15);
    event->accept();
}

} // namespace ipcsim::ui
