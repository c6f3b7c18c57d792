#include "eventlogview.h"
#include "theme.h"

#include <QScrollBar>

namespace ipcsim::ui {

EventLogView::EventLogView(QWidget *parent) : QPlainTextEdit(parent)
{
    setReadOnly(true);
    setLineWrapMode(NoWrap);
    setMaximumBlockCount(5000);
    setFont(Theme::mono(9));
}

void EventLogView::addLines(const QStringList &lines, int unlisted)
{
    if (lines.isEmpty() && unlisted == 0) return;
    QString text;
    if (unlisted > 0)
        text = (unlisted == 1 ? tr("… 1 event not listed (full speed)")
                              : tr("… %1 events not listed (full speed)").arg(unlisted)) +
               QLatin1Char('\n');
    text += lines.join(QLatin1Char('\n'));
    appendPlainText(text);
}

} // namespace ipcsim::ui
