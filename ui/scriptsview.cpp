#include "scriptsview.h"
#include "scriptview.h"

#include <QHBoxLayout>

namespace ipcsim::ui {

namespace {
constexpr int kColumnWidth = 260; // the least a column gets: more processes scroll sideways
}

ScriptsView::ScriptsView(QWidget *parent) : QScrollArea(parent)
{
    m_inner = new QWidget(this);
    m_row = new QHBoxLayout(m_inner);
    m_row->setContentsMargins(0, 0, 0, 0);
    m_row->setSpacing(2);
    setWidget(m_inner);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
}

void ScriptsView::setScenario(const core::Scenario &scenario)
{
    qDeleteAll(m_columns);
    m_columns.clear();
    m_last = core::WorldState{};
    for (int i = 0; i < int(scenario.instances.size()); ++i) {
        auto *column = new ScriptView(m_inner);
        column->setMinimumWidth(kColumnWidth);
        column->setScenario(scenario);
        column->holdTo(i);
        column->setPresentation(m_presentation);
        m_row->addWidget(column, 1);
        m_columns << column;
    }
}

void ScriptsView::updateWorld(const core::WorldState &w)
{
    m_last = w;
    if (!isVisible()) return;
    for (ScriptView *c : std::as_const(m_columns))
        c->updateWorld(w);
}

void ScriptsView::setPresentation(bool on)
{
    m_presentation = on;
    for (ScriptView *c : std::as_const(m_columns))
        c->setPresentation(on);
}

void ScriptsView::showEvent(QShowEvent *event)
{
    QScrollArea::showEvent(event);
    for (ScriptView *c : std::as_const(m_columns))
        c->updateWorld(m_last);
}

} // namespace ipcsim::ui
