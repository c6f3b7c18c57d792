#include "trace/chrometracewriter.h"

#include "model/flowmatcher.h"
#include "scenario/statements.h"
#include "trace/outputfile.h"
#include "trace/tracenames.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <algorithm>
#include <optional>

namespace ipcsim::core {

namespace {

// Timestamps go out in microseconds with a fraction, and a reader may round each of ts and
// dur by a nanosecond on its own. Keeping this gap between neighbouring slices means no
// rounding can make them overlap.
constexpr qint64 kGapNs = 2;

struct Slice
{
    int proc = -1;
    qint64 start = 0;
    qint64 end = 0;
    bool open = false;
    quint32 seq = 0;
    QString name;
    QString cat;
    QJsonObject args;
};

struct Instant
{
    int pid = 0;
    qint64 t = 0;
    QString name;
    bool global = false;
    QJsonObject args;
};

double toUs(qint64 ns)
{
    return double(ns) / 1000.0;
}

QString shortText(const QByteArray &bytes)
{
    QString s = QString::fromUtf8(bytes);
    if (s.size() > 200) s = s.left(200) + QStringLiteral("…");
    return s;
}

} // namespace

ChromeTraceWriter::ChromeTraceWriter(const Scenario &scenario) : m_scenario(scenario)
{
    for (const Instance &i : m_scenario.instances)
        m_procNames << QString::fromStdString(i.name);
    for (const ResourceSpec &r : m_scenario.resources)
        m_resNames << QString::fromStdString(r.name);
}

void ChromeTraceWriter::add(const Event &event)
{
    m_events.append(event);
}

void ChromeTraceWriter::add(const EventBatch &batch)
{
    m_events.append(batch);
}

QString ChromeTraceWriter::procName(int instance) const
{
    return instance >= 0 && instance < m_procNames.size()
               ? m_procNames.at(instance)
               : QStringLiteral("process %1").arg(instance);
}

QString ChromeTraceWriter::resName(int resource) const
{
    return resource >= 0 && resource < m_resNames.size() ? m_resNames.at(resource) : QString();
}

QByteArray ChromeTraceWriter::toJson() const
{
    const int nProcs = std::max<int>(m_procNames.size(), 1);
    const int enginePid = m_procNames.size() + 1;
    auto trackPid = [](int instance) { return instance + 1; };

    QList<Slice> slices;
    // Which step's data or signal reached which: the matcher the timeline uses, fed the same
    // events in the same order. A step's slice is found by its process and number.
    FlowMatcher matcher(m_scenario);
    QVector<FlowMatcher::Flow> flows;
    QHash<quint64, int> sliceOfStep; // proc << 32 | seq -> slice
    auto stepKey = [](int proc, quint32 seq) { return quint64(quint32(proc)) << 32 | seq; };
    QList<Instant> instants;
    struct Counter
    {
        int pid;
        QString name;
        qint64 t;
        QJsonObject args;
    };
    QList<Counter> counters;   // kernel readings: CPU time per process, queue depth, semaphore
    QHash<int, int> openStep;  // instance -> slice index
    QHash<int, int> lastStep;  // instance -> last closed step slice (for Partial ends)
    QHash<int, qint64> gateAt; // instance -> time it reached its gate
    QHash<int, int> realPid;
    qint64 lastT = 0;

    auto closeOpen = [&](int proc, qint64 t, bool unfinished) {
        const auto it = openStep.find(proc);
        if (it == openStep.end()) return;
        Slice &s = slices[*it];
        s.end = std::max(s.start, t);
        s.open = false;
        if (unfinished) s.args.insert(QStringLiteral("unfinished"), true);
        lastStep.insert(proc, *it);
        openStep.erase(it);
    };

    auto stepName = [&](const Event &e) {
        QString name = QString::fromLatin1(opName(e.op));
        if (e.op == Op::Signal) {
            if (e.target >= 0) name += QLatin1Char(' ') + procName(e.target);
            if (e.sig) name += QLatin1Char(' ') + TraceNames::signalName(e.sig);
        } else if (e.op == Op::Await) {
            if (e.sig) name += QLatin1Char(' ') + TraceNames::signalName(e.sig);
        } else if (e.res >= 0) {
            name += QLatin1Char(' ') + resName(e.res);
        }
        return name;
    };

    auto addResult = [&](Slice &s, const Event &e) {
        if (e.phase == Phase::Error) {
            s.args.insert(QStringLiteral("errno"),
                          e.err ? TraceNames::errnoName(e.err) : QStringLiteral("script error"));
            if (!e.text.isEmpty()) s.args.insert(QStringLiteral("message"), shortText(e.text));
            s.cat = QStringLiteral("error");
            return;
        }
        s.args.insert(QStringLiteral("result"), e.recordValue());
        if (statementInfo(e.op).result == StepResult::Cell)
            s.args.insert(QStringLiteral("cell"), e.cell());
        if (!e.text.isEmpty()) s.args.insert(QStringLiteral("text"), shortText(e.text));
        if (e.ownerDied) s.args.insert(QStringLiteral("owner_died"), true);
        if (e.eof) s.args.insert(QStringLiteral("eof"), true);
        if (e.waitedForRoom) s.args.insert(QStringLiteral("waited_for_room"), true);
    };

    for (const Event &e : m_events) {
        matcher.apply(e, flows);
        lastT = std::max(lastT, e.tNs);
        if (e.proc >= 0 && e.pid > 0 && !realPid.contains(e.proc)) realPid.insert(e.proc, e.pid);
        switch (e.kind) {
        case Event::Step:
            switch (e.phase) {
            case Phase::Gate:
                if (!openStep.contains(e.proc)) gateAt.insert(e.proc, e.tNs);
                break;
            case Phase::Begin: {
                closeOpen(e.proc, e.tNs, true);
                const auto g = gateAt.find(e.proc);
                if (g != gateAt.end()) {
                    if (*g < e.tNs) {
                        Slice gate;
                        gate.proc = e.proc;
                        gate.start = *g;
                        gate.end = e.tNs;
                        gate.seq = e.seq;
                        gate.name = QStringLiteral("at gate");
                        gate.cat = QStringLiteral("gate");
                        gate.args.insert(QStringLiteral("line"), e.line);
                        slices << gate;
                    }
                    gateAt.erase(g);
                }
                Slice s;
                s.proc = e.proc;
                s.start = s.end = e.tNs;
                s.open = true;
                s.seq = e.seq;
                s.name = stepName(e);
                s.cat = QStringLiteral("step");
                s.args.insert(QStringLiteral("line"), e.line);
                if (e.spinning) s.args.insert(QStringLiteral("spinning"), true);
                slices << s;
                openStep.insert(e.proc, slices.size() - 1);
                break;
            }
            case Phase::End:
            case Phase::Error: {
                int index = -1;
                const auto open = openStep.constFind(e.proc);
                const auto last = lastStep.constFind(e.proc);
                if (open != openStep.constEnd()) {
                    index = *open;
                    closeOpen(e.proc, e.tNs, false);
                } else if (last != lastStep.constEnd() && slices[*last].seq == e.seq &&
                           e.seq != 0) {
                    // Another End of the same step (a signal to each replica): widen it.
                    index = *last;
                    slices[index].end = std::max(slices[index].end, e.tNs);
                } else {
                    // Its begin was lost (dropped telemetry): show the end alone.
                    Slice s;
                    s.proc = e.proc;
                    s.start = s.end = e.tNs;
                    s.seq = e.seq;
                    s.name = stepName(e);
                    s.cat = QStringLiteral("step");
                    s.args.insert(QStringLiteral("line"), e.line);
                    slices << s;
                    index = slices.size() - 1;
                    lastStep.insert(e.proc, index);
                }
                addResult(slices[index], e);
                sliceOfStep.insert(stepKey(e.proc, e.seq), index);
                break;
            }
            case Phase::Exit:
                break;
            }
            break;
        case Event::Exit: {
            closeOpen(e.proc, e.tNs, true);
            gateAt.remove(e.proc);
            Instant i;
            i.pid = trackPid(e.proc);
            i.t = e.tNs;
            if (e.termSignal > 0) {
                i.name = QStringLiteral("killed by %1").arg(TraceNames::signalName(e.termSignal));
                i.args.insert(QStringLiteral("signal"), TraceNames::signalName(e.termSignal));
            } else {
                i.name = QStringLiteral("exit %1").arg(e.exitCode);
                i.args.insert(QStringLiteral("code"), e.exitCode);
            }
            instants << i;
            break;
        }
        case Event::Blocked: {
            Instant i;
            i.pid = trackPid(e.proc);
            i.t = e.tNs;
            i.name = QStringLiteral("blocked in kernel");
            i.args.insert(QStringLiteral("wchan"), QString::fromUtf8(e.text));
            i.args.insert(QStringLiteral("syscall"), e.syscall);
            instants << i;
            break;
        }
        case Event::Suspended:
        case Event::Continued: {
            Instant i;
            i.pid = trackPid(e.proc);
            i.t = e.tNs;
            i.name = e.kind == Event::Suspended
                         ? QStringLiteral("stopped by %1").arg(TraceNames::signalName(e.sig))
                         : QStringLiteral("continued by SIGCONT");
            i.args.insert(QStringLiteral("signal"), TraceNames::signalName(e.sig));
            instants << i;
            break;
        }
        case Event::Deadlock: {
            Instant i;
            i.pid = enginePid;
            i.t = e.tNs;
            i.global = true;
            i.name = QStringLiteral("deadlock");
            QJsonArray waits;
            for (const DeadlockWait &w : e.deadlock.waits)
                waits << processName(m_scenario, w.proc) + QStringLiteral(" waits on ") +
                             waitedName(m_scenario, w);
            i.args.insert(QStringLiteral("waits"), waits);
            if (!e.deadlock.cycle.isEmpty())
                i.args.insert(
                    QStringLiteral("cycle"),
                    circleNames(m_scenario, e.deadlock.cycle).join(QStringLiteral(" → ")));
            instants << i;
            break;
        }
        case Event::Timeout:
        case Event::Stopped:
        case Event::Dropped: {
            Instant i;
            i.pid = enginePid;
            i.t = e.tNs;
            i.global = true;
            i.name = e.kind == Event::Timeout   ? QStringLiteral("timeout")
                     : e.kind == Event::Stopped ? QStringLiteral("stopped")
                                                : QStringLiteral("telemetry dropped");
            if (e.kind == Event::Dropped) i.args.insert(QStringLiteral("records"), e.records);
            instants << i;
            break;
        }
        case Event::Started:
        case Event::Sample:
            if (e.proc >= 0 && e.ioWritten >= 0)
                counters << Counter{trackPid(e.proc), QStringLiteral("bytes written (kernel)"),
                                    e.tNs,
                                    QJsonObject{{QStringLiteral("bytes"), double(e.ioWritten)}}};
            if (e.proc >= 0 && e.cpuNs >= 0)
                counters << Counter{trackPid(e.proc), QStringLiteral("CPU time (kernel)"), e.tNs,
                                    QJsonObject{{QStringLiteral("ms"), double(e.cpuNs) / 1e6}}};
            else if (e.res >= 0)
                counters << Counter{enginePid, resName(e.res) + QStringLiteral(" (kernel)"), e.tNs,
                                    QJsonObject{{QStringLiteral("value"), double(e.kernelValue)}}};
            break;
        case Event::Unblocked:
        case Event::Released:
            break;
        }
    }
    for (const int proc : openStep.keys())
        closeOpen(proc, lastT, true);

    // Slices of one process are sequential; make sure of it (and of the gap) whatever arrived.
    QMap<int, QList<int>> byProc;
    for (int i = 0; i < slices.size(); ++i)
        byProc[slices[i].proc] << i;
    for (QList<int> &list : byProc) {
        std::stable_sort(list.begin(), list.end(),
                         [&](int a, int b) { return slices[a].start < slices[b].start; });
        for (int k = 0; k + 1 < list.size(); ++k) {
            Slice &prev = slices[list[k]];
            const Slice &next = slices[list[k + 1]];
            if (prev.end > next.start - kGapNs)
                prev.end = std::max(prev.start, next.start - kGapNs);
        }
    }

    QJsonArray out;
    // Metadata: name and order the tracks.
    for (int p = 0; p < m_procNames.size(); ++p) {
        const QString label = realPid.contains(p)
                                  ? QStringLiteral("%1 (pid %2)").arg(procName(p)).arg(realPid[p])
                                  : procName(p);
        out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                           {QStringLiteral("name"), QStringLiteral("process_name")},
                           {QStringLiteral("pid"), trackPid(p)},
                           {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), label}}}};
        out << QJsonObject{
            {QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QStringLiteral("process_sort_index")},
            {QStringLiteral("pid"), trackPid(p)},
            {QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), p}}}};
        out << QJsonObject{
            {QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QStringLiteral("thread_name")},
            {QStringLiteral("pid"), trackPid(p)},
            {QStringLiteral("tid"), trackPid(p)},
            {QStringLiteral("args"), QJsonObject{{QStringLiteral("name"), procName(p)}}}};
    }
    out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("M")},
                       {QStringLiteral("name"), QStringLiteral("process_name")},
                       {QStringLiteral("pid"), enginePid},
                       {QStringLiteral("args"),
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("ipcsim engine")}}}};
    out << QJsonObject{
        {QStringLiteral("ph"), QStringLiteral("M")},
        {QStringLiteral("name"), QStringLiteral("process_sort_index")},
        {QStringLiteral("pid"), enginePid},
        {QStringLiteral("args"), QJsonObject{{QStringLiteral("sort_index"), nProcs}}}};

    for (const Slice &s : slices) {
        out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("X")},
                           {QStringLiteral("name"), s.name},
                           {QStringLiteral("cat"), s.cat},
                           {QStringLiteral("pid"), trackPid(s.proc)},
                           {QStringLiteral("tid"), trackPid(s.proc)},
                           {QStringLiteral("ts"), toUs(s.start)},
                           {QStringLiteral("dur"), toUs(s.end - s.start)},
                           {QStringLiteral("args"), s.args}};
    }
    for (const Counter &c : counters) {
        out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("C")},
                           {QStringLiteral("name"), c.name},
                           {QStringLiteral("pid"), c.pid},
                           {QStringLiteral("ts"), toUs(c.t)},
                           {QStringLiteral("args"), c.args}};
    }
    for (const Instant &i : instants) {
        QJsonObject o{{QStringLiteral("ph"), QStringLiteral("i")},
                      {QStringLiteral("name"), i.name},
                      {QStringLiteral("pid"), i.pid},
                      {QStringLiteral("tid"), i.pid},
                      {QStringLiteral("ts"), toUs(i.t)},
                      {QStringLiteral("s"), i.global ? QStringLiteral("g") : QStringLiteral("t")}};
        if (!i.args.isEmpty()) o.insert(QStringLiteral("args"), i.args);
        out << o;
    }

    // Flows, as the matcher joined them (a death by a signal has no slice to land in, so its
    // flow is left out). The arrow leaves where the timeline's does and arrives as the
    // receive ends, each end 1 ns inside its slice so it binds to it; no arrow points back in
    // time, even to a receiver that was blocked long before.
    int nextId = 1;
    for (const FlowMatcher::Flow &f : flows) {
        const auto from = sliceOfStep.constFind(stepKey(f.from.proc, f.from.seq));
        const auto to = sliceOfStep.constFind(stepKey(f.to.proc, f.to.seq));
        if (f.toDeath || from == sliceOfStep.constEnd() || to == sliceOfStep.constEnd()) continue;
        const Slice &a = slices[*from];
        const Slice &b = slices[*to];
        auto inside = [](const Slice &s, qint64 t) {
            const qint64 first = std::min(s.end, s.start + 1);
            return std::clamp(t, first, std::max(first, s.end - 1));
        };
        const qint64 arrives = inside(b, f.to.endedNs);
        qint64 leaves = inside(a, f.leftNs());
        if (leaves > arrives) leaves = std::min(a.end, a.start + 1);
        const QString name =
            f.kind == FlowMatcher::Kind::Signal ? TraceNames::signalName(f.sig) : resName(f.res);
        const int id = nextId++;
        out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("s")},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("name"), name},
                           {QStringLiteral("cat"), QStringLiteral("flow")},
                           {QStringLiteral("pid"), trackPid(a.proc)},
                           {QStringLiteral("tid"), trackPid(a.proc)},
                           {QStringLiteral("ts"), toUs(leaves)}};
        out << QJsonObject{{QStringLiteral("ph"), QStringLiteral("f")},
                           {QStringLiteral("bp"), QStringLiteral("e")},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("name"), name},
                           {QStringLiteral("cat"), QStringLiteral("flow")},
                           {QStringLiteral("pid"), trackPid(b.proc)},
                           {QStringLiteral("tid"), trackPid(b.proc)},
                           {QStringLiteral("ts"), toUs(arrives)}};
    }

    QJsonObject root{{QStringLiteral("traceEvents"), out},
                     {QStringLiteral("displayTimeUnit"), QStringLiteral("ns")}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

bool ChromeTraceWriter::save(OutputFile &out, QString *error) const
{
    const QByteArray json = toJson();
    if (out.write(json) != json.size() || !out.commit()) {
        if (error) *error = out.errorString();
        return false;
    }
    return true;
}

} // namespace ipcsim::core
