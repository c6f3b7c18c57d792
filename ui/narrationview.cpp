#include "narrationview.h"
#include "theme.h"

#include <QLabel>
#include <QListWidget>
#include <QScrollBar>
#include <QVBoxLayout>

namespace ipcsim::ui {

namespace {
constexpr int kMaxSentences = 1500;
}

NarrationView::NarrationView(QWidget *parent) : QWidget(parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    m_lesson = new QLabel(this);
    m_lesson->setWordWrap(true);
    m_lesson->setTextFormat(Qt::RichText);
    m_lesson->setStyleSheet(
        QStringLiteral("QLabel { background: #fff8e1; border: 1px solid #e0c070; padding: 6px; }"));
    m_list = new QListWidget(this);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setAlternatingRowColors(true);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    lay->addWidget(m_lesson);
    lay->addWidget(m_list, 1);
}

void NarrationView::setLesson(const QString &title, const QString &summary, const QString &lesson)
{
    QString html = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
    if (!summary.isEmpty()) html += QStringLiteral("<br>") + summary.toHtmlEscaped();
    if (!lesson.isEmpty())
        html += QStringLiteral("<br><i>") +
                lesson.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")) +
                QStringLiteral("</i>");
    m_lesson->setText(html);
}

void NarrationView::addSentences(const QStringList &sentences, int skipped)
{
    if (sentences.isEmpty() && skipped == 0) return;
    QScrollBar *bar = m_list->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 4;
    if (skipped > 0) {
        auto *it = new QListWidgetItem(
            tr("… %n event(s) went by too fast to tell", nullptr, skipped), m_list);
        it->setForeground(Theme::grey());
    }
    for (const QString &s : sentences)
        m_list->addItem(s);
    while (m_list->count() > kMaxSentences)
        delete m_list->takeItem(0);
    if (atEnd) m_list->scrollToBottom();
}

void NarrationView::addImportant(const QString &sentence)
{
    auto *it = new QListWidgetItem(sentence, m_list);
    QFont f = it->font();
    f.setBold(true);
    it->setFont(f);
    it->setForeground(Theme::vermillion().darker(140));
    m_list->scrollToBottom();
}

void NarrationView::clearSentences()
{
    m_list->clear();
}

QStringList NarrationView::sentences() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

} // namespace ipcsim::ui
