// Reads a JSON Lines trace written by TraceWriter back into its scenario, schedule and events,
// so a saved run replays into the same reducer (WorldModel) as a live one.
#pragma once

#include "model/event.h"
#include "scenario/kernellimits.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QString>
#include <optional>

namespace ipcsim::core {

class TraceReader
{
public:
    // A replay creates no kernel object, so by default it accepts any limits the recording
    // machine had (see replayLimits()).
    explicit TraceReader(const KernelLimits &limits = replayLimits());

    // False with errorString() set: "FILE:LINE: what is wrong".
    bool readFile(const QString &path);
    bool read(const QByteArray &data, const QString &fileName = QStringLiteral("trace"));

    const Scenario &scenario() const { return *m_scenario; }
    bool hasScenario() const { return m_scenario.has_value(); }
    QString scheduleText() const { return m_scheduleText; }
    // The schedule of the recorded run (the scenario's if the header names none).
    Schedule schedule() const { return m_schedule; }
    const EventBatch &events() const { return m_events; }
    QString errorString() const { return m_error; }

    static KernelLimits replayLimits();

private:
    bool fail(int line, const QString &message);
    bool readHeader(const QJsonObject &header, int line);
    std::optional<Event> readEvent(const QJsonObject &o, int line);
    int procIndex(const QJsonValue &v, int line, bool *ok);
    // A deadlock's wait, read from the names the writer gave it.
    DeadlockWait deadlockWait(const QJsonValue &proc, const QJsonValue &waitedOn, int line,
                              bool *ok);
    int resIndex(const QJsonValue &v, int line, bool *ok);

    KernelLimits m_limits;
    QString m_fileName;
    std::optional<Scenario> m_scenario;
    QString m_scheduleText;
    Schedule m_schedule;
    EventBatch m_events;
    QString m_error;
    QHash<QString, int> m_procIndex;
    QHash<QString, int> m_resIndex;
    QHash<QString, Op> m_opIndex;
};

} // namespace ipcsim::core
