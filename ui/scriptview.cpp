#include "scriptview.h"
#include "story/narrator.h"
#include "story/texts.h"
#include "theme.h"

#include <QAbstractTextDocumentLayout>
#include <QComboBox>
#include <QFileInfo>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextEdit>
#include <QTextLayout>
#include <QVBoxLayout>

namespace ipcsim::ui {

namespace {

// Where a line's comment starts: the first # outside a string, or -1.
int commentStart(const QString &line, int from = 0)
{
    bool inString = false;
    for (int k = from; k < line.size(); ++k) {
        const QChar ch = line[k];
        if (ch == QLatin1Char('\\') && inString)
            ++k;
        else if (ch == QLatin1Char('"'))
            inString = !inString;
        else if (ch == QLatin1Char('#') && !inString)
            return k;
    }
    return -1;
}

} // namespace

ScriptView::ScriptView(QWidget *parent) : QWidget(parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    m_which = new QComboBox(this);
    m_which->setToolTip(tr("Which process's script to show (or click a process in the diagram)"));
    m_text = new QTextEdit(this);
    m_text->setReadOnly(true);
    m_text->setUndoRedoEnabled(false); // formats are set again at every resize: keep no history
    // A line too long for the dock (a statement and its comment) wraps under its own text, past
    // the line number, instead of running off the edge where nobody reads the comment.
    m_text->setLineWrapMode(QTextEdit::WidgetWidth);
    m_text->setWordWrapMode(QTextOption::WordWrap); // between words only: "->" stays whole
    setPresentation(false);
    m_state = new QLabel(this);
    m_state->setWordWrap(true);
    m_registers = new QLabel(this);
    m_registers->setWordWrap(true);
    m_registers->setTextInteractionFlags(Qt::TextSelectableByMouse);
    lay->addWidget(m_which);
    lay->addWidget(m_text, 1);
    lay->addWidget(m_state);
    lay->addWidget(m_registers);
    connect(m_which, &QComboBox::currentIndexChanged, this, [this] { refresh(m_last, true); });
}

void ScriptView::setScenario(const core::Scenario &scenario)
{
    m_scenario = scenario;
    m_last = core::WorldState{};
    const QSignalBlocker block(m_which);
    m_which->clear();
    for (const auto &inst : scenario.instances)
        m_which->addItem(QString::fromStdString(inst.name));
    if (scenario.instances.size() > 1) m_which->addItem(tr("every process, one under another"));
    m_which->setCurrentIndex(scenario.instances.empty() ? -1 : 0);
    refresh(m_last, true);
}

int ScriptView::choices() const
{
    const int n = int(m_scenario.instances.size());
    return n > 1 ? n + 1 : n;
}

bool ScriptView::showsEveryProcess() const
{
    return m_scenario.instances.size() > 1 &&
           m_which->currentIndex() == int(m_scenario.instances.size());
}

// Every process, one under another: its state, its current line, what its next step will do
// and its registers, so a class can follow them all at once.
void ScriptView::showEveryProcess(const core::WorldState &w, bool force)
{
    QString html;
    for (int i = 0; i < int(m_scenario.instances.size()); ++i) {
        const core::ProcessSpec &spec = m_scenario.processes[m_scenario.instances[i].spec];
        const core::ProcessState *p = i < w.processes.size() ? &w.processes[i] : nullptr;
        const QString name = QString::fromStdString(m_scenario.instances[i].name);
        const QColor c = p ? Theme::stateColor(p->state) : Theme::grey();
        html += QStringLiteral(
                    "<p style=\"margin:0 0 6px 0\"><span style=\"background:%1\">&nbsp;</span> "
                    "<b>%2</b> — %3")
                    .arg(c.name(), name.toHtmlEscaped(),
                         (p ? core::Texts::stateName(p->state)
                            : core::Texts::stateName(core::ProcState::NotStarted))
                             .toHtmlEscaped());
        if (spec.isExec()) {
            html +=
                QStringLiteral("<br>") +
                tr("a program: %1").arg(QString::fromStdString(spec.exec.front())).toHtmlEscaped();
        } else if (p && p->line > 0) {
            const QStringList lines =
                QString::fromStdString(spec.scriptText).split(QLatin1Char('\n'));
            QString text = p->line <= lines.size() ? lines[p->line - 1] : QString();
            if (const int hash = commentStart(text); hash >= 0) text.truncate(hash);
            html += QStringLiteral("<br><tt>%1&nbsp;&nbsp;%2</tt>")
                        .arg(p->line)
                        .arg(text.trimmed().toHtmlEscaped());
        }
        if (const QString next = core::Narrator::nextStepLine(w, i); !next.isEmpty())
            html += QStringLiteral("<br><i>%1</i>").arg(next.toHtmlEscaped());
        if (p && !p->registers.isEmpty()) {
            QStringList parts;
            for (const auto &r : p->registers)
                parts << QStringLiteral("%1=%2").arg(r.name, QString::fromUtf8(r.value.left(24)));
            html += QStringLiteral("<br>") +
                    tr("registers: %1").arg(parts.join(QStringLiteral("  "))).toHtmlEscaped();
        }
        html += QStringLiteral("</p>");
    }
    if (!force && html == m_key) return;
    m_key = html;
    m_line = -1;
    const int scroll = m_text->verticalScrollBar()->value();
    m_text->setHtml(html);
    m_text->setExtraSelections({});
    m_text->verticalScrollBar()->setValue(scroll);
    m_state->setText(tr("Every process: its current line, and what its next step will do."));
    m_registers->clear();
}

QString ScriptView::plainText() const
{
    return m_text->toPlainText();
}

bool ScriptView::showsLoadErrors() const
{
    return m_which->currentIndex() >= 0 && m_which->currentIndex() >= choices();
}

QString ScriptView::stateText() const
{
    return m_state->text();
}

void ScriptView::showLoadErrors(const QString &path, const QString &text, const QStringList &errors)
{
    const QString name = QFileInfo(path).fileName();
    const QStringList lines = text.split(QLatin1Char('\n'));
    // "PATH:LINE:COL: message" marks that line; "PATH: process P, line N: message" marks the
    // line where process P is given (its script is one string there).
    static const QRegularExpression jsonError(QStringLiteral("^:(\\d+):(\\d+): "));
    static const QRegularExpression scriptError(
        QStringLiteral("^: process ([^,]+), line (\\d+): "));
    QStringList shown;
    m_errorLines.clear();
    for (QString e : errors) {
        if (e.startsWith(path)) e = name + e.mid(path.size());
        const QString rest = e.mid(name.size());
        int line = 0;
        if (const auto m = jsonError.match(rest); m.hasMatch()) {
            line = m.captured(1).toInt();
        } else if (const auto m2 = scriptError.match(rest); m2.hasMatch()) {
            const QRegularExpression named(QStringLiteral("\"name\"\\s*:\\s*\"%1\"")
                                               .arg(QRegularExpression::escape(m2.captured(1))));
            for (int k = 0; k < lines.size() && !line; ++k)
                if (named.match(lines[k]).hasMatch()) line = k + 1;
        }
        if (line > 0 && !m_errorLines.contains(line)) m_errorLines << line;
        shown << e;
    }
    {
        const QSignalBlocker block(m_which);
        while (m_which->count() > choices())
            m_which->removeItem(m_which->count() - 1);
        m_which->addItem(tr("%1 — cannot be opened").arg(name));
        m_which->setCurrentIndex(m_which->count() - 1);
    }
    QStringList numbered;
    for (int n = 0; n < lines.size(); ++n)
        numbered << QStringLiteral("%1  %2").arg(n + 1, 3).arg(lines[n]);
    m_text->setPlainText(numbered.join(QLatin1Char('\n')));
    QList<QTextEdit::ExtraSelection> sels;
    for (int line : std::as_const(m_errorLines)) {
        if (line > m_text->document()->blockCount()) continue;
        QTextEdit::ExtraSelection sel;
        sel.format.setBackground(Theme::tint(Theme::vermillion(), 0.35));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        sel.cursor = QTextCursor(m_text->document()->findBlockByNumber(line - 1));
        sels << sel;
    }
    m_text->setExtraSelections(sels);
    if (!m_errorLines.isEmpty()) {
        m_text->setTextCursor(
            QTextCursor(m_text->document()->findBlockByNumber(m_errorLines.first() - 1)));
        m_text->ensureCursorVisible();
    }
    m_state->setText(QStringLiteral("<span style=\"color:%1\">%2</span>")
                         .arg(Theme::vermillion().darker(140).name(),
                              shown.join(QLatin1Char('\n'))
                                  .toHtmlEscaped()
                                  .replace(QLatin1Char('\n'), QStringLiteral("<br>"))));
    m_registers->setText(m_scenario.instances.empty()
                             ? QString()
                             : tr("Nothing was launched. The scenario open before stays open: "
                                  "choose one of its processes above to see its script."));
    m_key.clear();
}

void ScriptView::holdTo(int instance)
{
    showInstance(instance);
    m_which->setEnabled(false);
    // In a column of a low dock, its state, next step and registers go under its name, above
    // the script, where they stay in view.
    auto *lay = static_cast<QVBoxLayout *>(layout());
    lay->removeWidget(m_state);
    lay->removeWidget(m_registers);
    lay->insertWidget(1, m_state);
    lay->insertWidget(2, m_registers);
}

void ScriptView::showInstance(int instance)
{
    if (instance >= 0 && instance < m_which->count()) m_which->setCurrentIndex(instance);
}

bool ScriptView::showsWholeLines() const
{
    return m_text->horizontalScrollBar()->maximum() == 0;
}

QFont ScriptView::textFont() const
{
    return m_text->font();
}

int ScriptView::shownInstance() const
{
    return m_which->currentIndex();
}

void ScriptView::updateWorld(const core::WorldState &w)
{
    m_last = w;
    refresh(w, false);
}

void ScriptView::refresh(const core::WorldState &w, bool force)
{
    const int i = m_which->currentIndex();
    if (showsLoadErrors()) return; // shown until a process is chosen
    if (i < 0) {
        m_text->clear();
        return;
    }
    if (m_which->count() > choices()) {
        // Back to the scenario: the errors of the file that could not be opened are done.
        const QSignalBlocker block(m_which);
        m_which->removeItem(m_which->count() - 1);
        m_errorLines.clear();
        force = true;
    }
    if (showsEveryProcess()) {
        showEveryProcess(w, force);
        return;
    }
    const auto &spec = m_scenario.processes[m_scenario.instances[i].spec];
    const core::ProcessState *p = i < w.processes.size() ? &w.processes[i] : nullptr;
    const int line = p ? p->line : 0;
    QString regs;
    if (p) {
        QStringList parts;
        for (const auto &r : p->registers)
            // An empty text (what a read gives at end of file) is shown as "", not as nothing.
            parts << QStringLiteral("%1=%2").arg(r.name, r.value.isEmpty()
                                                             ? QStringLiteral("\"\"")
                                                             : QString::fromUtf8(r.value.left(40)));
        if (p->loopIndex() >= 0 && p->state == core::ProcState::AtGate)
            parts.prepend(QStringLiteral("$i=%1").arg(p->loopIndex()));
        const bool ended =
            p->state == core::ProcState::Exited || p->state == core::ProcState::Killed;
        regs = !parts.isEmpty() ? tr("registers: %1").arg(parts.join(QStringLiteral("  ")))
               : ended          ? tr("registers: none were set")
                                : tr("registers: none set yet");
        regs += QStringLiteral("   ") + tr("steps done: %1").arg(p->steps);
    }
    // What its next step will do depends on the others too (a post makes a wait go on).
    const QString next = p ? core::Narrator::nextStepLine(w, i) : QString();
    const QString key =
        QString::number(i) + QLatin1Char('|') + QString::number(line) + QLatin1Char('|') +
        QString::number(int(p ? p->state : core::ProcState::NotStarted)) + regs + next;
    if (!force && key == m_key) return;
    const bool newText = force || m_key.section(QLatin1Char('|'), 0, 0) != QString::number(i);
    m_key = key;
    if (newText) {
        if (spec.isExec()) {
            QStringList argv;
            for (const auto &a : spec.exec)
                argv << QString::fromStdString(a);
            m_text->setPlainText(tr("(runs the program: %1)").arg(argv.join(QLatin1Char(' '))));
        } else {
            const QStringList lines =
                QString::fromStdString(spec.scriptText).split(QLatin1Char('\n'));
            QStringList numbered;
            for (int n = 0; n < lines.size(); ++n)
                numbered << QStringLiteral("%1  %2").arg(n + 1, 3).arg(displayLine(lines[n]));
            m_text->setPlainText(numbered.join(QLatin1Char('\n')));
            markComments();
            hangIndent();
        }
    }
    m_line = line;
    QList<QTextEdit::ExtraSelection> sels;
    if (line > 0 && line <= m_text->document()->blockCount()) {
        QTextEdit::ExtraSelection sel;
        const QColor c = p ? Theme::stateColor(p->state) : Theme::yellow();
        sel.format.setBackground(Theme::tint(c, 0.45));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        const QTextBlock block = m_text->document()->findBlockByNumber(line - 1);
        // Every line the statement wraps onto is highlighted across the whole width.
        m_text->document()->documentLayout()->blockBoundingRect(block); // lays the block out
        const QTextLayout *layout = block.layout();
        const int lines = layout ? std::max(1, layout->lineCount()) : 1;
        for (int k = 0; k < lines; ++k) {
            sel.cursor = QTextCursor(block);
            if (k > 0) sel.cursor.setPosition(block.position() + layout->lineAt(k).textStart());
            sels << sel;
        }
        m_text->setTextCursor(QTextCursor(block));
        m_text->ensureCursorVisible();
    }
    m_text->setExtraSelections(sels);
    if (p) {
        // A program (exec) has no script: no line, no steps, no registers to speak of.
        QString st = spec.isExec()
                         ? tr("%1 — a program — %2").arg(p->name, core::Texts::stateName(p->state))
                         : tr("%1 — line %2 — %3")
                               .arg(p->name)
                               .arg(line)
                               .arg(core::Texts::stateName(p->state));
        if (p->state == core::ProcState::Blocked && !p->wchan.isEmpty())
            st += tr(" (kernel: %1)").arg(p->wchan);
        if (!next.isEmpty()) st += QStringLiteral("\n") + next;
        if (p->state == core::ProcState::Exited) st += tr(", code %1").arg(p->exitCode);
        if (p->state == core::ProcState::Killed)
            st += tr(" by %1").arg(core::Texts::signalName(p->termSignal));
        m_state->setText(st);
    }
    m_registers->setText(spec.isExec() ? QString() : regs);
}

void ScriptView::setPresentation(bool on)
{
    m_text->setFont(Theme::mono(on ? 14 : 10));
    hangIndent();
}

QString ScriptView::displayLine(QString line)
{
    // Where a line wraps, "->" stays whole (an invisible word joiner) and the # stays with the
    // comment's first word (a no-break space).
    const int hash = commentStart(line);
    if (hash >= 0 && hash + 1 < line.size() && line[hash + 1] == QLatin1Char(' '))
        line[hash + 1] = QChar(0x00A0);
    return line.replace(QStringLiteral("->"), QStringLiteral("-") + QChar(0x2060) + u'>');
}

void ScriptView::markComments()
{
    // Comments in grey italics, so a wrapped one reads as a comment, not as a statement.
    QTextCharFormat comment;
    comment.setForeground(Theme::ink().lighter(190));
    comment.setFontItalic(true);
    for (QTextBlock b = m_text->document()->begin(); b.isValid(); b = b.next()) {
        const int hash = commentStart(b.text(), 5); // after "NNN  "
        if (hash < 0) continue;
        QTextCursor c(b);
        c.setPosition(b.position() + hash);
        c.setPosition(b.position() + b.length() - 1, QTextCursor::KeepAnchor);
        c.mergeCharFormat(comment);
    }
}

void ScriptView::hangIndent()
{
    // Each line is "NNN  " and the statement. A wrapped line goes on under its statement's own
    // indentation and four more columns, so it never looks like a statement of its own; on a
    // narrow dock, less, but never left of the statement itself.
    const QFontMetricsF fm(m_text->font());
    const qreal column = fm.horizontalAdvance(QLatin1Char('0'));
    const qreal widest = std::max<qreal>(column * 12, m_text->viewport()->width() / 2.0);
    for (QTextBlock b = m_text->document()->begin(); b.isValid(); b = b.next()) {
        const QString line = b.text();
        int lead = 5;
        while (lead < line.size() && line[lead] == QLatin1Char(' '))
            ++lead;
        QTextBlockFormat f;
        const qreal margin = std::max(std::min(widest, column * (lead + 4)), column * (lead + 2));
        f.setLeftMargin(margin);
        f.setTextIndent(-margin);
        QTextCursor(b).setBlockFormat(f);
    }
}

void ScriptView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    hangIndent(); // the widest indentation depends on the width
}

} // namespace ipcsim::ui
