// The Narration dock: the scenario's lesson on top, then one plain sentence per event.
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QScrollArea;

namespace ipcsim::ui {

class NarrationView : public QWidget
{
    Q_OBJECT
public:
    explicit NarrationView(QWidget *parent = nullptr);

    // expected: what the scenario expects at the end, in words (shown under the lesson).
    void setLesson(const QString &title, const QString &summary, const QString &lesson,
                   const QStringList &expected = {});
    void addSentences(const QStringList &sentences, int skipped);
    // Shown in bold and colour: deadlock explained, run ended.
    void addImportant(const QString &sentence);
    // The run's verdict, in bold: green when it did what the lesson expected, else red.
    void addVerdict(const QString &sentence, bool asExpected);
    void clearSentences();
    QStringList sentences() const;
    // Whether the whole lesson text can be read: shown in full, or in a box that scrolls.
    bool lessonReadable() const;
    QFont lessonFont() const;
    QString lessonText() const;       // as plain text
    int visibleSentenceLines() const; // lines of narration the list has room for
    // Whether the newest sentence is in view, whole; and scrolling to sentence i, as a reader
    // does (away from the end, the list stops following until the reader is back there).
    bool newestInView() const;
    void scrollToSentence(int i);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // The lesson box takes the height its text needs, up to three fifths of the dock; beyond
    // that it scrolls, so a short dock (a small screen) never cuts the lesson off.
    void fitLesson();
    void addBold(const QString &sentence, const QColor &colour);
    void followNewest(); // scrolls to the end, as the list, not as the reader

    QLabel *m_lesson;
    QScrollArea *m_lessonArea;
    QListWidget *m_list;
    // Whether the list follows its newest sentence: until the reader scrolls away from the
    // end, and again once they are back there. (Whether it was at its end when a sentence came
    // is no test: the list lays a sentence that wraps out later, which moves its end.)
    bool m_follow = true;
    bool m_scrolling = false; // the list itself moves its scroll bar, not the reader
};

} // namespace ipcsim::ui
