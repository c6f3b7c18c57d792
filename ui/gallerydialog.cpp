#include "gallerydialog.h"
#include "scenariocatalog.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMap>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace ipcsim::ui {

namespace {
constexpr int kNameRole = Qt::UserRole + 1;
constexpr int kTextRole = Qt::UserRole + 2;
} // namespace

GalleryDialog::GalleryDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Lessons"));
    resize(900, 560);
    auto *lay = new QVBoxLayout(this);
    auto *split = new QSplitter(this);
    m_tree = new QTreeWidget(split);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Lesson"), tr("Summary")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_details = new QTextBrowser(split);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    lay->addWidget(split, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Open | QDialogButtonBox::Cancel, this);
    lay->addWidget(buttons);

    QMap<QString, QTreeWidgetItem *> topics;
    for (const QString &name : ScenarioCatalog::builtinNames()) {
        const core::LoadResult r = ScenarioCatalog::loadBuiltin(name);
        if (!r.ok()) continue;
        const core::Scenario &s = *r.scenario;
        const QString topic = ScenarioCatalog::topicOf(name, s);
        QTreeWidgetItem *&group = topics[topic];
        if (!group) {
            group = new QTreeWidgetItem(m_tree, {topic});
            QFont f = group->font(0);
            f.setBold(true);
            group->setFont(0, f);
            group->setFlags(Qt::ItemIsEnabled);
            group->setExpanded(true);
        }
        auto *it = new QTreeWidgetItem(
            group, {QString::fromStdString(s.title), QString::fromStdString(s.summary)});
        it->setData(0, kNameRole, name);
        QString html = QStringLiteral("<h3>%1</h3><p>%2</p>")
                           .arg(QString::fromStdString(s.title).toHtmlEscaped(),
                                QString::fromStdString(s.summary).toHtmlEscaped());
        if (!s.lesson.empty())
            html += QStringLiteral("<p><i>%1</i></p>")
                        .arg(QString::fromStdString(s.lesson).toHtmlEscaped());
        html +=
            QStringLiteral("<p>") +
            (s.instances.size() == 1 ? tr("1 process")
                                     : tr("%1 processes").arg(s.instances.size())) +
            QStringLiteral(", ") +
            (s.resources.size() == 1 ? tr("1 object") : tr("%1 objects").arg(s.resources.size())) +
            QStringLiteral(" · ") + tr("built-in name: %1").arg(name) + QStringLiteral("</p>");
        it->setData(0, kTextRole, html);
        it->setToolTip(1, QString::fromStdString(s.summary));
    }
    m_tree->expandAll();
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &GalleryDialog::showDetails);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *it) {
        if (!it->data(0, kNameRole).toString().isEmpty()) accept();
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &QDialog::accepted, this, [this] {
        if (QTreeWidgetItem *it = m_tree->currentItem())
            m_chosen = it->data(0, kNameRole).toString();
    });
}

void GalleryDialog::showDetails()
{
    QTreeWidgetItem *it = m_tree->currentItem();
    m_details->setHtml(it ? it->data(0, kTextRole).toString() : QString());
}

} // namespace ipcsim::ui
