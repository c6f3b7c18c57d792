// Writes a run's trace as JSON Lines (SCENARIO-FORMAT.md, "Trace"): a header line embedding the
// whole scenario and the schedule, then one line per event, appended as batches arrive.
#pragma once

#include "model/event.h"
#include "scenario/scenario.h"

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>
#include <memory>

class QIODevice;

namespace ipcsim::core {

class OutputFile;

class TraceWriter
{
public:
    explicit TraceWriter(const Scenario &scenario);
    ~TraceWriter();
    TraceWriter(const TraceWriter &) = delete;
    TraceWriter &operator=(const TraceWriter &) = delete;

    // Checks the path (see OutputFile: never one of inputs) and writes the header line; the
    // file gets its name at close(), complete. False with errorString() set.
    bool open(const QString &path, const Schedule &schedule, const QStringList &inputs = {});
    // Same, on a device the caller owns and has opened for writing.
    bool open(QIODevice *device, const Schedule &schedule);

    void write(const Event &event);
    void write(const EventBatch &batch);
    // Flushes and closes (a device given by the caller is flushed, not closed); a file opened
    // by path is given its name now. False if any write failed since open().
    bool close();

    bool isOpen() const { return m_device != nullptr; }
    QString errorString() const { return m_error; }

    // The lines themselves, without the newline; used by write() and by tests.
    QByteArray headerLine(const Schedule &schedule) const;
    QByteArray eventLine(const Event &event) const;

private:
    // What a call did inside a step, without a step of its own: a condition's wait lets go of
    // its mutex as it sleeps (an unlock written after the wait's begin) and takes it back before
    // it returns (a lock before its end). The line names the step it was within.
    QByteArray withinLine(const Event &step, Op op, int res) const;
    QString procName(int instance) const;
    QString resName(int resource) const;
    bool writeLine(const QByteArray &line);

    Scenario m_scenario; // a copy: the trace may outlive the session that produced it
    QStringList m_procNames;
    QStringList m_resNames;
    QHash<int, int> m_letGo; // process -> the object its step in progress let go of as it slept
    std::unique_ptr<OutputFile> m_ownedDevice; // opened by path; discarded unless committed
    QIODevice *m_device = nullptr;
    QString m_error;
};

} // namespace ipcsim::core
