#include "referencedialog.h"

#include <QAbstractTextDocumentLayout>
#include <QDesktopServices>
#include <QFile>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace ipcsim::ui {

namespace {

// A heading's anchor as Markdown writers make it: "Command line" -> "command-line".
QString slug(const QString &heading)
{
    QString s;
    for (const QChar c : heading.toLower()) {
        if (c.isLetterOrNumber() || c == QLatin1Char('-') || c == QLatin1Char('_'))
            s += c;
        else if (c == QLatin1Char(' '))
            s += QLatin1Char('-');
    }
    return s;
}

} // namespace

ReferenceDialog::ReferenceDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Scenario format reference"));
    setObjectName(QStringLiteral("referenceDialog"));
    m_browser = new QTextBrowser(this);
    m_browser->setOpenLinks(false); // in-page links scroll, others open outside
    m_browser->document()->setDocumentMargin(12);
    QFile f(QStringLiteral(":/docs/format.md"));
    if (f.open(QIODevice::ReadOnly)) m_browser->setMarkdown(QString::fromUtf8(f.readAll()));
    connect(m_browser, &QTextBrowser::anchorClicked, this, &ReferenceDialog::follow);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_browser);
    resize(760, 640);
}

bool ReferenceDialog::showSection(const QString &fragment)
{
    for (QTextBlock b = m_browser->document()->begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() == 0 || slug(b.text()) != fragment) continue;
        // The heading at the top of the view (as far as the end of the page allows).
        m_browser->setTextCursor(QTextCursor(b));
        const qreal top = m_browser->document()->documentLayout()->blockBoundingRect(b).top();
        m_browser->verticalScrollBar()->setValue(int(top));
        return true;
    }
    return false;
}

void ReferenceDialog::follow(const QUrl &url)
{
    if (url.scheme().isEmpty() && url.path().isEmpty())
        showSection(url.fragment());
    else
        QDesktopServices::openUrl(url);
}

} // namespace ipcsim::ui
