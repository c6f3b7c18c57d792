#include "trace/tracereader.h"

#include "scenario/scenarioloader.h"
#include "trace/tracenames.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <limits>

namespace ipcsim::core {

namespace {

std::optional<Phase> phaseFromName(const QString &name)
{
    for (Phase p : {Phase::Gate, Phase::Begin, Phase::End, Phase::Error, Phase::Exit}) {
        if (name == QLatin1String(phaseName(p))) return p;
    }
    return std::nullopt;
}

std::optional<Event::Kind> engineKindFromName(const QString &name)
{
    static const struct
    {
        const char *name;
        Event::Kind kind;
    } kinds[] = {
        {"started", Event::Started},     {"blocked", Event::Blocked},
        {"unblocked", Event::Unblocked}, {"deadlock", Event::Deadlock},
        {"timeout", Event::Timeout},     {"stopped", Event::Stopped},
        {"dropped", Event::Dropped},     {"released", Event::Released},
        {"sample", Event::Sample},       {"suspended", Event::Suspended},
        {"continued", Event::Continued},
    };
    for (const auto &k : kinds) {
        if (name == QLatin1String(k.name)) return k.kind;
    }
    return std::nullopt;
}

// JSON numbers are doubles to QJsonValue only when they are not integers; traces hold integers.
bool readInt(const QJsonObject &o, const char *key, qint64 *out)
{
    const QJsonValue v = o.value(QLatin1String(key));
    if (v.isUndefined()) return true;
    if (!v.isDouble()) return false;
    *out = v.toInteger(qint64(v.toDouble()));
    return true;
}

QByteArray readText(const QJsonObject &o, const char *key)
{
    const QJsonValue exact = o.value(QLatin1String(key) + QLatin1String("_base64"));
    if (exact.isString()) return QByteArray::fromBase64(exact.toString().toLatin1());
    return o.value(QLatin1String(key)).toString().toUtf8();
}

} // namespace

TraceReader::TraceReader(const KernelLimits &limits) : m_limits(limits)
{
    // Write and WriteBytes share the keyword "write"; the trace tells them apart by "form".
    for (int i = int(Op::None) + 1; i < int(Op::Count_); ++i) {
        const QString name = QString::fromLatin1(opName(Op(i)));
        if (!m_opIndex.contains(name)) m_opIndex.insert(name, Op(i));
    }
}

KernelLimits TraceReader::replayLimits()
{
    KernelLimits l;
    const int64_t big = std::numeric_limits<int32_t>::max();
    l.mqMsgMax = big;
    l.mqMsgsizeMax = big;
    l.mqQueuesMax = big;
    l.pipeMaxSize = big;
    return l;
}

bool TraceReader::fail(int line, const QString &message)
{
    m_error = line > 0 ? QStringLiteral("%1:%2: %3").arg(m_fileName).arg(line).arg(message)
                       : QStringLiteral("%1: %2").arg(m_fileName, message);
    return false;
}

bool TraceReader::readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        m_fileName = path;
        return fail(0, QStringLiteral("cannot read: %1").arg(f.errorString()));
    }
    return read(f.readAll(), path);
}

bool TraceReader::read(const QByteArray &data, const QString &fileName)
{
    m_fileName = fileName;
    m_scenario.reset();
    m_events.clear();
    m_error.clear();
    m_scheduleText.clear();
    m_procIndex.clear();
    m_resIndex.clear();

    int lineNo = 0;
    qsizetype pos = 0;
    bool haveHeader = false;
    while (pos < data.size()) {
        qsizetype nl = data.indexOf('\n', pos);
        if (nl < 0) nl = data.size();
        const QByteArray line = data.mid(pos, nl - pos).trimmed();
        pos = nl + 1;
        ++lineNo;
        if (line.isEmpty()) continue;
        QJsonParseError perr;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &perr);
        if (perr.error != QJsonParseError::NoError)
            return fail(lineNo, QStringLiteral("not JSON: %1 (at byte %2)")
                                    .arg(perr.errorString())
                                    .arg(perr.offset + 1));
        if (!doc.isObject()) return fail(lineNo, QStringLiteral("expected a JSON object"));
        if (!haveHeader) {
            if (!readHeader(doc.object(), lineNo)) return false;
            haveHeader = true;
            continue;
        }
        // What a call did inside a step (a condition's wait letting go of its mutex) is part
        // of that step: the model draws it from the step itself.
        if (doc.object().contains(QLatin1String("within"))) continue;
        std::optional<Event> e = readEvent(doc.object(), lineNo);
        if (!e) return false;
        m_events.append(*e);
    }
    if (!haveHeader) return fail(0, QStringLiteral("empty file: not an ipcsim trace"));
    return true;
}

bool TraceReader::readHeader(const QJsonObject &h, int line)
{
    const QJsonValue version = h.value(QLatin1String("ipcsim_trace"));
    if (version.isUndefined())
        return fail(line, QStringLiteral("not an ipcsim trace: the first line has no "
                                         "\"ipcsim_trace\" key"));
    if (version.toInt() != 1)
        return fail(line, QStringLiteral("unsupported trace version %1 (this ipcsim reads 1)")
                              .arg(version.toVariant().toString()));
    const QJsonValue sc = h.value(QLatin1String("scenario"));
    if (!sc.isObject())
        return fail(line, QStringLiteral("\"scenario\" must be the scenario's JSON object"));
    const QString scenarioName = m_fileName + QStringLiteral(" (embedded scenario)");
    const LoadResult loaded =
        loadScenario(QJsonDocument(sc.toObject()).toJson(QJsonDocument::Indented).toStdString(),
                     scenarioName.toStdString(), m_limits);
    if (!loaded.ok()) {
        QStringList errors;
        for (const std::string &e : loaded.errors)
            errors << QString::fromStdString(e);
        return fail(line, QStringLiteral("the embedded scenario is invalid:\n  %1")
                              .arg(errors.join(QStringLiteral("\n  "))));
    }
    m_scenario = *loaded.scenario;
    for (int i = 0; i < int(m_scenario->instances.size()); ++i)
        m_procIndex.insert(QString::fromStdString(m_scenario->instances[i].name), i);
    for (int i = 0; i < int(m_scenario->resources.size()); ++i)
        m_resIndex.insert(QString::fromStdString(m_scenario->resources[i].name), i);

    m_schedule = m_scenario->schedule;
    const QJsonValue sched = h.value(QLatin1String("schedule"));
    if (sched.isString()) {
        m_scheduleText = sched.toString();
        std::string error;
        const std::optional<Schedule> s =
            parseSchedule(m_scheduleText.toStdString(), *m_scenario, &error);
        if (!s)
            return fail(line, QStringLiteral("bad \"schedule\" \"%1\": %2")
                                  .arg(m_scheduleText, QString::fromStdString(error)));
        m_schedule = *s;
    } else if (!sched.isUndefined()) {
        return fail(line, QStringLiteral("\"schedule\" must be a string"));
    }
    return true;
}

int TraceReader::procIndex(const QJsonValue &v, int line, bool *ok)
{
    if (v.isDouble()) return v.toInt();
    const auto it = m_procIndex.constFind(v.toString());
    if (it == m_procIndex.constEnd()) {
        *ok = fail(line, QStringLiteral("unknown process \"%1\"").arg(v.toString()));
        return -1;
    }
    return *it;
}

DeadlockWait TraceReader::deadlockWait(const QJsonValue &proc, const QJsonValue &waitedOn, int line,
                                       bool *ok)
{
    DeadlockWait w;
    w.proc = procIndex(proc, line, ok);
    const QString name = waitedOn.toString();
    if (m_resIndex.contains(name))
        w.res = m_resIndex.value(name);
    else if (name != QLatin1String("?") && !(w.sig = TraceNames::signalFromName(name)))
        *ok = fail(line,
                   QStringLiteral("a deadlock waits on \"%1\", no resource or signal").arg(name));
    return w;
}

int TraceReader::resIndex(const QJsonValue &v, int line, bool *ok)
{
    if (v.isDouble()) return v.toInt();
    const auto it = m_resIndex.constFind(v.toString());
    if (it == m_resIndex.constEnd()) {
        *ok = fail(line, QStringLiteral("unknown resource \"%1\"").arg(v.toString()));
        return -1;
    }
    return *it;
}

std::optional<Event> TraceReader::readEvent(const QJsonObject &o, int line)
{
    Event e;
    bool ok = true;
    auto integer = [&](const char *key, qint64 *out) {
        if (ok && !readInt(o, key, out))
            ok = fail(line, QStringLiteral("\"%1\" must be an integer").arg(QLatin1String(key)));
    };
    auto flag = [&](const char *key, bool *out) { *out = o.value(QLatin1String(key)).toBool(); };
    auto signal = [&](int *out) { // "signal", when there is one
        if (!ok || !o.contains(QLatin1String("signal"))) return;
        const QString name = o.value(QLatin1String("signal")).toString();
        *out = TraceNames::signalFromName(name);
        if (!*out) ok = fail(line, QStringLiteral("unknown signal \"%1\"").arg(name));
    };

    if (!o.contains(QLatin1String("t")))
        return fail(line, QStringLiteral("event without \"t\"")), std::nullopt;
    qint64 n = 0;
    integer("t", &e.tNs);
    if (o.contains(QLatin1String("proc")))
        e.proc = procIndex(o.value(QLatin1String("proc")), line, &ok);
    n = 0;
    integer("pid", &n);
    e.pid = int(n);
    n = 0;
    integer("seq", &n);
    e.seq = quint32(n);
    n = 0;
    integer("line", &n);
    e.line = int(n);
    if (ok && o.contains(QLatin1String("op"))) {
        const QString op = o.value(QLatin1String("op")).toString();
        const auto it = m_opIndex.constFind(op);
        if (it == m_opIndex.constEnd())
            return fail(line, QStringLiteral("unknown op \"%1\"").arg(op)), std::nullopt;
        e.op = *it;
        if (e.op == Op::Write &&
            o.value(QLatin1String("form")).toString() == QLatin1String("bytes"))
            e.op = Op::WriteBytes;
    }
    if (ok && o.contains(QLatin1String("res")))
        e.res = resIndex(o.value(QLatin1String("res")), line, &ok);
    if (!ok) return std::nullopt;

    const QJsonValue event = o.value(QLatin1String("event"));
    if (event.isString()) {
        const std::optional<Event::Kind> kind = engineKindFromName(event.toString());
        if (!kind)
            return fail(line, QStringLiteral("unknown event \"%1\"").arg(event.toString())),
                   std::nullopt;
        e.kind = *kind;
        switch (e.kind) {
        case Event::Blocked:
            e.text = readText(o, "wchan");
            {
                qint64 syscall = -1;
                integer("syscall", &syscall);
                e.syscall = int(syscall);
            }
            flag("spinning", &e.spinning);
            break;
        case Event::Deadlock:
            for (const QJsonValue w : o.value(QLatin1String("waits")).toArray()) {
                const QJsonObject wo = w.toObject();
                e.deadlock.waits << deadlockWait(wo.value(QLatin1String("proc")),
                                                 wo.value(QLatin1String("res")), line, &ok);
            }
            {
                // Names alternating, closed: process, what it waits on, process, ..., the first.
                const QJsonArray cycle = o.value(QLatin1String("cycle")).toArray();
                for (qsizetype c = 0; c + 1 < cycle.size(); c += 2)
                    e.deadlock.cycle << deadlockWait(cycle[c], cycle[c + 1], line, &ok);
            }
            break;
        case Event::Dropped:
            integer("records", &e.records);
            break;
        case Event::Suspended:
        case Event::Continued:
            signal(&e.sig);
            break;
        case Event::Sample:
            if (e.proc >= 0) {
                if (o.contains(QLatin1String("cpu_ns"))) { // a program's last reading has none
                    integer("cpu_ns", &e.cpuNs);
                    integer("switches", &e.switches);
                }
                if (o.contains(QLatin1String("wchar"))) {
                    integer("rchar", &e.ioRead);
                    integer("wchar", &e.ioWritten);
                }
            } else {
                integer("value", &e.kernelValue);
            }
            break;
        default:
            e.text = readText(o, "text");
            break;
        }
        return ok ? std::optional<Event>(e) : std::nullopt;
    }

    const QJsonValue phaseValue = o.value(QLatin1String("phase"));
    const std::optional<Phase> phase = phaseFromName(phaseValue.toString());
    if (!phase)
        return fail(line, phaseValue.isUndefined()
                              ? QStringLiteral("event with neither \"phase\" nor \"event\"")
                              : QStringLiteral("unknown phase \"%1\"")
                                    .arg(phaseValue.toVariant().toString())),
               std::nullopt;
    e.phase = *phase;
    if (e.phase == Phase::Exit) {
        e.kind = Event::Exit;
        if (o.contains(QLatin1String("signal"))) {
            signal(&e.termSignal);
        } else {
            n = -1;
            integer("code", &n);
            e.exitCode = int(n);
        }
        e.coreDumped = o.value(QLatin1String("core_dumped")).toBool();
        return ok ? std::optional<Event>(e) : std::nullopt;
    }

    e.kind = Event::Step;
    if (o.contains(QLatin1String("target")))
        e.target = procIndex(o.value(QLatin1String("target")), line, &ok);
    signal(&e.sig);
    // The record's two numbers, from the names the trace gives them.
    qint64 value = 0, aux = 0;
    integer("bytes", &value);
    integer("value", &value);
    if (e.phase == Phase::Gate) {
        value = -1; // a gate's value is $i, written as "i" when there is one
        integer("i", &value);
    }
    integer("cell", &aux);
    integer("priority", &aux);
    integer("type", &aux);
    integer("aux", &aux);
    e.setRecord(value, aux);
    flag("owner_died", &e.ownerDied);
    flag("spinning", &e.spinning);
    flag("partial", &e.partial);
    flag("eof", &e.eof);
    flag("queued", &e.queued);
    flag("shared", &e.shared);
    flag("waited_for_room", &e.waitedForRoom);
    if (e.phase == Phase::Error) {
        const QJsonValue err = o.value(QLatin1String("errno"));
        if (!err.isUndefined()) {
            e.err = err.isDouble() ? err.toInt() : TraceNames::errnoFromName(err.toString());
            if (!e.err && ok)
                ok = fail(line, QStringLiteral("unknown errno \"%1\"").arg(err.toString()));
        } else {
            e.scriptError = true; // a script error has a message and no errno
        }
        e.text = readText(o, "message");
    } else {
        e.text = readText(o, "text");
    }
    return ok ? std::optional<Event>(e) : std::nullopt;
}

} // namespace ipcsim::core
