// The Inspector dock: every number of the selected process or resource, with where it comes
// from (reported by the process, read from the kernel, or derived).
#pragma once

#include "diagramitem.h"

#include <QWidget>

class QTreeWidget;

namespace ipcsim::ui {

class InspectorView : public QWidget
{
    Q_OBJECT
public:
    explicit InspectorView(QWidget *parent = nullptr);
    void showRows(const QString &title, const QList<InspectorRow> &rows);
    void clear();

private:
    QTreeWidget *m_tree;
    QString m_key;
};

} // namespace ipcsim::ui
