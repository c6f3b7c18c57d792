// The Scripts dock: every process's script side by side, each in its own column with its
// current line highlighted, its state, what its next step will do and its registers, so a
// class can follow all of them at once. Each column is a ScriptView held to one process.
#pragma once

#include "model/worldstate.h"

#include <QList>
#include <QScrollArea>

class QHBoxLayout;

namespace ipcsim::ui {

class ScriptView;

class ScriptsView : public QScrollArea
{
    Q_OBJECT
public:
    explicit ScriptsView(QWidget *parent = nullptr);

    void setScenario(const core::Scenario &scenario);
    // Every column from the world; cheap when the dock is hidden (done when it is shown).
    void updateWorld(const core::WorldState &w);
    void setPresentation(bool on);

    const QList<ScriptView *> &columns() const { return m_columns; }

protected:
    void showEvent(QShowEvent *event) override;

private:
    QWidget *m_inner;
    QHBoxLayout *m_row;
    QList<ScriptView *> m_columns;
    core::WorldState m_last;
    bool m_presentation = false;
};

} // namespace ipcsim::ui
