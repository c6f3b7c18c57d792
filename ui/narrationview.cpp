#include "narrationview.h"
#include "theme.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QScrollBar>
#include <QTextDocument>
#include <QVBoxLayout>

namespace ipcsim::ui {

namespace {
constexpr int kMaxSentences = 1500;
}

NarrationView::NarrationView(QWidget *parent) : QWidget(parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    m_lessonArea = new QScrollArea(this);
    m_lessonArea->setWidgetResizable(true);
    m_lessonArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_lessonArea->setFrameShape(QFrame::NoFrame);
    m_lesson = new QLabel(m_lessonArea);
    m_lesson->setWordWrap(true);
    m_lesson->setTextFormat(Qt::RichText);
    m_lesson->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_lesson->setStyleSheet(
        QStringLiteral("QLabel { background: #fff8e1; border: 1px solid #e0c070; padding: 6px; }"));
    m_lessonArea->setWidget(m_lesson);
    m_list = new QListWidget(this);
    m_list->setWordWrap(true);
    m_list->setUniformItemSizes(false);
    m_list->setAlternatingRowColors(true);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    // Sentences wrap to the dock's width, whatever it becomes: nothing runs off to the right.
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);
    QScrollBar *bar = m_list->verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_scrolling) m_follow = value >= bar->maximum() - 4;
    });
    // The end moves when a sentence is laid out (a long one wraps), after it was added.
    connect(bar, &QScrollBar::rangeChanged, this, [this](int, int) {
        if (m_follow) followNewest();
    });
    lay->addWidget(m_lessonArea);
    lay->addWidget(m_list, 1);
}

void NarrationView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLesson();
}

void NarrationView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    // The lesson box has a style sheet, which keeps the font it was polished with: give it the
    // window's font when that changes (presentation mode makes it larger), and its new height.
    if (event->type() == QEvent::FontChange) {
        m_lesson->setFont(font());
        fitLesson();
    }
}

void NarrationView::fitLesson()
{
    // Before a run the lesson is what there is to read; once the run is told, the narration
    // gets the larger part and the lesson scrolls in a third of the dock.
    const int cap = std::max(48, m_list->count() > 0 ? height() / 3 : height() * 3 / 5);
    auto needFor = [this](int width) {
        const int h = m_lesson->heightForWidth(width);
        return h > 0 ? h : m_lesson->sizeHint().height();
    };
    int need = needFor(m_lessonArea->width());
    if (need > cap) // it will scroll: the bar takes some of the width
        need =
            needFor(m_lessonArea->width() - m_lessonArea->verticalScrollBar()->sizeHint().width());
    m_lessonArea->setFixedHeight(std::min(need, cap));
}

QFont NarrationView::lessonFont() const
{
    return m_lesson->font();
}

bool NarrationView::lessonReadable() const
{
    // Never squeezed below the height its words need: what the box does not show, it scrolls to.
    const bool whole = m_lesson->height() >= m_lesson->heightForWidth(m_lesson->width());
    const bool shown = m_lesson->height() <= m_lessonArea->viewport()->height() ||
                       m_lessonArea->verticalScrollBar()->isVisible();
    return whole && shown;
}

int NarrationView::visibleSentenceLines() const
{
    return m_list->viewport()->height() / std::max(1, m_list->fontMetrics().lineSpacing());
}

QString NarrationView::lessonText() const
{
    QTextDocument doc;
    doc.setHtml(m_lesson->text());
    return doc.toPlainText();
}

void NarrationView::setLesson(const QString &title, const QString &summary, const QString &lesson,
                              const QStringList &expected)
{
    QString html = QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped());
    if (!summary.isEmpty()) html += QStringLiteral("<br>") + summary.toHtmlEscaped();
    if (!lesson.isEmpty())
        html += QStringLiteral("<br><i>") +
                lesson.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")) +
                QStringLiteral("</i>");
    if (!expected.isEmpty())
        html += QStringLiteral("<br><b>%1</b> %2")
                    .arg(tr("Expected at the end:").toHtmlEscaped(),
                         expected.join(QStringLiteral("; ")).toHtmlEscaped() + QLatin1Char('.'));
    m_lesson->setText(html);
    fitLesson();
}

void NarrationView::addSentences(const QStringList &sentences, int skipped)
{
    if (sentences.isEmpty() && skipped == 0) return;
    const bool first = m_list->count() == 0;
    if (skipped > 0) {
        auto *it = new QListWidgetItem(
            (skipped == 1 ? tr("… 1 event went by too fast to tell")
                          : tr("… %1 events went by too fast to tell").arg(skipped)),
            m_list);
        it->setForeground(Theme::grey());
    }
    for (const QString &s : sentences)
        m_list->addItem(s);
    while (m_list->count() > kMaxSentences)
        delete m_list->takeItem(0);
    if (first) fitLesson();
    if (m_follow) followNewest();
}

void NarrationView::addImportant(const QString &sentence)
{
    addBold(sentence, Theme::vermillion().darker(140));
}

void NarrationView::addVerdict(const QString &sentence, bool asExpected)
{
    addBold(sentence,
            asExpected ? Theme::bluishGreen().darker(150) : Theme::vermillion().darker(140));
}

void NarrationView::addBold(const QString &sentence, const QColor &colour)
{
    auto *it = new QListWidgetItem(sentence, m_list);
    QFont f = it->font();
    f.setBold(true);
    it->setFont(f);
    it->setForeground(colour);
    m_follow = true; // what the run came to is always shown
    followNewest();
}

void NarrationView::clearSentences()
{
    m_list->clear();
    m_follow = true;
    fitLesson(); // the lesson has its room back until the next run is told
}

void NarrationView::followNewest()
{
    m_scrolling = true;
    m_list->scrollToBottom();
    m_scrolling = false;
}

bool NarrationView::newestInView() const
{
    if (m_list->count() == 0) return true;
    const QRect newest = m_list->visualItemRect(m_list->item(m_list->count() - 1));
    return newest.top() >= 0 && newest.bottom() <= m_list->viewport()->height();
}

void NarrationView::scrollToSentence(int i)
{
    if (QListWidgetItem *it = m_list->item(i))
        m_list->scrollToItem(it, QAbstractItemView::PositionAtTop);
}

QStringList NarrationView::sentences() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->text();
    return out;
}

} // namespace ipcsim::ui
