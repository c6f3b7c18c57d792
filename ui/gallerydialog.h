// The gallery: the built-in lessons grouped by topic, each with its title and summary.
#pragma once

#include <QDialog>

class QTreeWidget;
class QTextBrowser;

namespace ipcsim::ui {

class GalleryDialog : public QDialog
{
    Q_OBJECT
public:
    explicit GalleryDialog(QWidget *parent = nullptr);
    QString chosenName() const { return m_chosen; }

private:
    void showDetails();

    QTreeWidget *m_tree;
    QTextBrowser *m_details;
    QString m_chosen;
};

} // namespace ipcsim::ui
