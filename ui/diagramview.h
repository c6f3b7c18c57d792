// The view on the diagram: fits the scenario until the user zooms (wheel) or pans (drag the
// background); antialiased; updates only what changed.
#pragma once

#include <QGraphicsView>

namespace ipcsim::ui {

class DiagramView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit DiagramView(QWidget *parent = nullptr);

    void fitAll(); // fit the whole diagram and follow the window size again
    void zoomBy(qreal factor);
    bool isAutoFit() const { return m_autoFit; }
    void setMaxFitScale(qreal s);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void tellScene();
    bool m_autoFit = true;
    qreal m_maxFitScale = 1.6; // small diagrams stay readable from the back of a classroom
};

} // namespace ipcsim::ui
