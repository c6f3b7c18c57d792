// The scenario format reference (docs/format.md, compiled in), opened from the Help menu: a
// window beside the main one, so a teacher writing a scenario can read while they type.
#pragma once

#include <QDialog>

class QTextBrowser;
class QUrl;

namespace ipcsim::ui {

class ReferenceDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ReferenceDialog(QWidget *parent = nullptr);
    QTextBrowser *browser() const { return m_browser; }
    // Scrolls to the section whose heading reads as this fragment ("limits", "top-level").
    bool showSection(const QString &fragment);

private:
    void follow(const QUrl &url);

    QTextBrowser *m_browser;
};

} // namespace ipcsim::ui
