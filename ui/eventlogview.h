// The Event log dock: one terse line per event, as the engine delivered them.
#pragma once

#include <QPlainTextEdit>

namespace ipcsim::ui {

class EventLogView : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit EventLogView(QWidget *parent = nullptr);
    void addLines(const QStringList &lines, int unlisted);
};

} // namespace ipcsim::ui
