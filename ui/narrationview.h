// The Narration dock: the scenario's lesson on top, then one plain sentence per event.
#pragma once

#include <QWidget>

class QLabel;
class QListWidget;

namespace ipcsim::ui {

class NarrationView : public QWidget
{
    Q_OBJECT
public:
    explicit NarrationView(QWidget *parent = nullptr);

    void setLesson(const QString &title, const QString &summary, const QString &lesson);
    void addSentences(const QStringList &sentences, int skipped);
    // Shown in bold and colour: deadlock explained, run ended.
    void addImportant(const QString &sentence);
    void clearSentences();
    QStringList sentences() const;

private:
    QLabel *m_lesson;
    QListWidget *m_list;
};

} // namespace ipcsim::ui
