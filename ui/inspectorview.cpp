#include "inspectorview.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ipcsim::ui {

InspectorView::InspectorView(QWidget *parent) : QWidget(parent)
{
    auto *lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(3);
    m_tree->setHeaderLabels({tr("What"), tr("Value"), tr("Source")});
    m_tree->setRootIsDecorated(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->setWordWrap(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    lay->addWidget(m_tree);
    clear();
}

void InspectorView::clear()
{
    m_key.clear();
    m_tree->clear();
    new QTreeWidgetItem(m_tree, {tr("Select a process or an object in the diagram.")});
}

void InspectorView::showRows(const QString &title, const QList<InspectorRow> &rows)
{
    QString key = title;
    for (const auto &r : rows)
        key += r.field + r.value + r.source;
    if (key == m_key) return;
    m_key = key;
    m_tree->clear();
    for (const auto &r : rows)
        new QTreeWidgetItem(m_tree, {r.field, r.value, r.source});
}

} // namespace ipcsim::ui
