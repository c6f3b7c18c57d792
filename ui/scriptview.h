// The Script dock: one process's script with its current line highlighted and its registers
// shown, like a debugger. Follows the process selected in the diagram.
#pragma once

#include "model/worldstate.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QTextEdit;

namespace ipcsim::ui {

class ScriptView : public QWidget
{
    Q_OBJECT
public:
    explicit ScriptView(QWidget *parent = nullptr);

    void setScenario(const core::Scenario &scenario);
    // A file that could not be opened: its text with the lines in error marked, and the errors
    // under it (named by the file's name, not its whole path). The scenario that was open
    // stays: choosing one of its processes above shows its script again.
    void showLoadErrors(const QString &path, const QString &text, const QStringList &errors);
    bool showsLoadErrors() const;
    // The last choice of the list (with more than one process): every process at once.
    bool showsEveryProcess() const;
    QString plainText() const;
    QList<int> markedLines() const { return m_errorLines; } // 1-based lines of the file
    QString stateText() const;
    void updateWorld(const core::WorldState &w);
    void showInstance(int instance);
    // Shows this process only, its name where the list was (a column of the Scripts dock).
    void holdTo(int instance);
    // Larger text for a room (presentation mode), or back to the desk size.
    void setPresentation(bool on);
    int shownInstance() const;
    int highlightedLine() const { return m_line; }
    // No line runs past the right edge: long ones (a statement and its comment) wrap.
    bool showsWholeLines() const;
    QFont textFont() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void refresh(const core::WorldState &w, bool force);
    void showEveryProcess(const core::WorldState &w, bool force);
    int choices() const; // entries of the list that are not a file's errors
    void hangIndent();
    void markComments();
    static QString displayLine(QString line);

    QComboBox *m_which;
    QTextEdit *m_text;
    QLabel *m_state;
    QLabel *m_registers;
    core::Scenario m_scenario;
    core::WorldState m_last;
    int m_line = -1;
    QString m_key;
    QList<int> m_errorLines;
};

} // namespace ipcsim::ui
