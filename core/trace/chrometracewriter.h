// Exports a run as Trace Event Format JSON (the "Chrome trace") that Perfetto and
// chrome://tracing open: one track per process, one slice per step, flows for data and signals.
#pragma once

#include "model/event.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace ipcsim::core {

class OutputFile;

class ChromeTraceWriter
{
public:
    explicit ChromeTraceWriter(const Scenario &scenario);

    // Events are kept and laid out at the end: a flow needs both of its ends.
    void add(const Event &event);
    void add(const EventBatch &batch);

    // {"traceEvents": [...], "displayTimeUnit": "ns"}. Slices on one track never overlap
    // (Perfetto rejects that); a step still running at the end ends at the last event.
    QByteArray toJson() const;
    // Into a file created (and its path checked) before the run; commits it.
    bool save(OutputFile &out, QString *error = nullptr) const;

private:
    QString procName(int instance) const;
    QString resName(int resource) const;

    Scenario m_scenario;
    QStringList m_procNames;
    QStringList m_resNames;
    EventBatch m_events;
};

} // namespace ipcsim::core
