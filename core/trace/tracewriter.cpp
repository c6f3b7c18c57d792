#include "trace/tracewriter.h"

#include "trace/outputfile.h"
#include "trace/tracenames.h"

#include "model/kindmodel.h"
#include "scenario/kind.h"
#include "scenario/statements.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace ipcsim::core {

namespace {

// Builds one JSON object with its keys in the order given: QJsonObject sorts keys, and a trace
// read by a person is clearer with "t" and "proc" first.
class OrderedJson
{
public:
    void raw(const char *key, const QByteArray &json)
    {
        m_out += m_out.isEmpty() ? "{" : ", ";
        m_out += '"';
        m_out += key;
        m_out += "\": ";
        m_out += json;
    }
    void add(const char *key, qint64 v) { raw(key, QByteArray::number(v)); }
    void add(const char *key, bool v) { raw(key, v ? "true" : "false"); }
    void add(const char *key, const QString &s) { raw(key, quote(s)); }
    void add(const char *key, const char *s) { raw(key, quote(QString::fromLatin1(s))); }
    QByteArray finish() const { return m_out.isEmpty() ? QByteArray("{}") : m_out + '}'; }

    // UTF-8 continuation bytes are all >= 0x80, so escaping byte by byte is safe.
    static QByteArray quote(const QString &s)
    {
        const QByteArray utf8 = s.toUtf8();
        QByteArray out;
        out.reserve(utf8.size() + 2);
        out += '"';
        for (const char c : utf8) {
            switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (uchar(c) < 0x20) {
                    out += "\\u";
                    out += QByteArray::number(uchar(c), 16).rightJustified(4, '0');
                } else {
                    out += c;
                }
            }
        }
        out += '"';
        return out;
    }

private:
    QByteArray m_out;
};

const char *engineEventName(Event::Kind k)
{
    switch (k) {
    case Event::Started:
        return "started";
    case Event::Blocked:
        return "blocked";
    case Event::Unblocked:
        return "unblocked";
    case Event::Deadlock:
        return "deadlock";
    case Event::Timeout:
        return "timeout";
    case Event::Stopped:
        return "stopped";
    case Event::Dropped:
        return "dropped";
    case Event::Released:
        return "released";
    case Event::Sample:
        return "sample";
    case Event::Suspended:
        return "suspended";
    case Event::Continued:
        return "continued";
    case Event::Step:
    case Event::Exit:
        break;
    }
    return "unknown";
}

// Text is bytes; JSON strings are Unicode. Valid UTF-8 goes as it is; anything else goes as a
// readable approximation plus the exact bytes in base64, so nothing is lost on the way back.
void addText(OrderedJson &j, const char *key, const QByteArray &bytes)
{
    const QString s = QString::fromUtf8(bytes);
    j.add(key, s);
    if (s.toUtf8() != bytes)
        j.add((QByteArray(key) + "_base64").constData(), QString::fromLatin1(bytes.toBase64()));
}

} // namespace

TraceWriter::TraceWriter(const Scenario &scenario) : m_scenario(scenario)
{
    for (const Instance &i : m_scenario.instances)
        m_procNames << QString::fromStdString(i.name);
    for (const ResourceSpec &r : m_scenario.resources)
        m_resNames << QString::fromStdString(r.name);
}

TraceWriter::~TraceWriter()
{
    close();
}

bool TraceWriter::open(const QString &path, const Schedule &schedule, const QStringList &inputs)
{
    close();
    auto file = std::make_unique<OutputFile>();
    if (!file->create(path, inputs)) {
        m_error = QStringLiteral("cannot write trace: %1").arg(file->errorString());
        return false;
    }
    m_ownedDevice = std::move(file);
    return open(m_ownedDevice.get(), schedule);
}

bool TraceWriter::open(QIODevice *device, const Schedule &schedule)
{
    m_error.clear();
    m_device = device;
    const QByteArray header = headerLine(schedule);
    if (header.isEmpty()) {
        m_error = QStringLiteral("cannot embed the scenario in the trace: its JSON text is "
                                 "missing or not an object");
        m_device = nullptr;
        m_ownedDevice.reset();
        return false;
    }
    return writeLine(header);
}

void TraceWriter::write(const Event &e)
{
    if (!m_device) return;
    if (e.kind == Event::Exit) m_letGo.remove(e.proc);
    if (e.kind != Event::Step || e.res < 0 || e.res >= int(m_scenario.resources.size())) {
        writeLine(eventLine(e));
        return;
    }
    if (e.phase == Phase::End || e.phase == Phase::Error) {
        // Held again as the call returns, unless it failed (EPERM: it let go of nothing).
        const auto held = m_letGo.constFind(e.proc);
        if (held != m_letGo.constEnd() && e.phase == Phase::End)
            writeLine(withinLine(e, Op::Lock, *held));
        m_letGo.remove(e.proc);
    }
    writeLine(eventLine(e));
    const KindModel &kind = kindModel(m_scenario.resources[size_t(e.res)].type);
    // Its Begin tells who held the object then: only its holder lets go of it.
    if (e.phase == Phase::Begin && kind.releasedAsleep && e.holder() == e.proc) {
        if (const int held = kind.releasedAsleep(e.op, e.res, m_scenario); held >= 0) {
            writeLine(withinLine(e, Op::Unlock, held));
            m_letGo.insert(e.proc, held);
        }
    }
}

void TraceWriter::write(const EventBatch &batch)
{
    for (const Event &e : batch)
        write(e);
}

bool TraceWriter::close()
{
    if (!m_device) return m_error.isEmpty();
    if (auto *file = qobject_cast<QFile *>(m_device)) {
        if (!file->flush() && m_error.isEmpty())
            m_error = QStringLiteral("cannot write trace: %1").arg(file->errorString());
    }
    // A file of our own gets its name only now, and only if every line was written.
    if (m_ownedDevice && m_error.isEmpty() && !m_ownedDevice->commit())
        m_error = QStringLiteral("cannot write trace: %1").arg(m_ownedDevice->errorString());
    m_ownedDevice.reset();
    m_device = nullptr;
    return m_error.isEmpty();
}

bool TraceWriter::writeLine(const QByteArray &line)
{
    if (m_device->write(line + '\n') != line.size() + 1) {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot write trace: %1").arg(m_device->errorString());
        return false;
    }
    return true;
}

QByteArray TraceWriter::withinLine(const Event &step, Op op, int res) const
{
    OrderedJson j;
    j.add("t", step.tNs);
    j.add("proc", procName(step.proc));
    if (step.pid) j.add("pid", qint64(step.pid));
    if (step.line) j.add("line", qint64(step.line));
    j.add("op", opName(op));
    j.add("res", resName(res));
    j.add("phase", phaseName(Phase::End));
    j.add("within", QStringLiteral("%1 %2").arg(QLatin1String(opName(step.op)), resName(step.res)));
    return j.finish();
}

QString TraceWriter::procName(int instance) const
{
    return instance >= 0 && instance < m_procNames.size() ? m_procNames.at(instance) : QString();
}

QString TraceWriter::resName(int resource) const
{
    return resource >= 0 && resource < m_resNames.size() ? m_resNames.at(resource) : QString();
}

QByteArray TraceWriter::headerLine(const Schedule &schedule) const
{
    QJsonParseError err;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromStdString(m_scenario.source), &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) return {};
    OrderedJson j;
    j.add("ipcsim_trace", qint64(1));
    j.raw("scenario", doc.toJson(QJsonDocument::Compact));
    j.add("schedule", TraceNames::scheduleText(schedule));
    if (!m_scenario.fileName.empty()) j.add("file", QString::fromStdString(m_scenario.fileName));
    return j.finish();
}

QByteArray TraceWriter::eventLine(const Event &e) const
{
    OrderedJson j;
    j.add("t", e.tNs);
    if (e.proc >= 0) {
        const QString name = procName(e.proc);
        if (name.isEmpty())
            j.add("proc", qint64(e.proc)); // an index the scenario does not know: keep it
        else
            j.add("proc", name);
    }
    if (e.pid) j.add("pid", qint64(e.pid));
    if (e.kind != Event::Step && e.kind != Event::Exit) j.add("event", engineEventName(e.kind));
    if (e.seq) j.add("seq", qint64(e.seq));
    if (e.line) j.add("line", qint64(e.line));
    if (e.op != Op::None) j.add("op", opName(e.op));
    if (e.op == Op::WriteBytes)
        j.add("form", "bytes"); // "write R N bytes": same keyword as a plain write
    if (e.res >= 0) {
        const QString name = resName(e.res);
        if (name.isEmpty())
            j.add("res", qint64(e.res));
        else
            j.add("res", name);
    }

    switch (e.kind) {
    case Event::Step: {
        j.add("phase", phaseName(e.phase));
        if (e.target >= 0)
            j.add("target",
                  procName(e.target).isEmpty() ? QString::number(e.target) : procName(e.target));
        if (e.sig) j.add("signal", TraceNames::signalName(e.sig));
        const bool end = e.phase == Phase::End;
        const StepResult result = statementInfo(e.op).result;
        // A result by its name where it has one; what has none, as the worker sent it.
        if (e.phase == Phase::Gate) {
            if (e.loopIndex() >= 0) j.add("i", e.loopIndex()); // $i of the innermost repeat
        } else if (result == StepResult::Bytes) {
            if (end || e.bytes()) j.add("bytes", e.bytes());
        } else if ((end && result != StepResult::None) || e.recordValue()) {
            j.add("value", e.recordValue());
        }
        const KindFormat *kind = e.res >= 0 && e.res < int(m_scenario.resources.size())
                                     ? &kindFormat(m_scenario.resources[e.res].type)
                                     : nullptr;
        const bool mq = kind && kind->messages;
        if (result == StepResult::Cell)
            j.add("cell", e.cell());
        else if (mq && (e.op == Op::Send || e.op == Op::Receive) && (end || e.recordAux())) {
            if (kind->messageTypes)
                j.add("type", e.messageType()); // a receive's Begin: the type it asks for
            else
                j.add("priority", e.priority());
        } else if (e.recordAux())
            j.add("aux", e.recordAux());
        if (e.ownerDied) j.add("owner_died", true);
        if (e.spinning) j.add("spinning", true);
        if (e.partial) j.add("partial", true);
        if (e.eof) j.add("eof", true);
        if (e.queued) j.add("queued", true);
        if (e.shared) j.add("shared", true);
        if (e.waitedForRoom) j.add("waited_for_room", true);
        if (e.phase == Phase::Error) {
            if (e.err) j.add("errno", TraceNames::errnoName(e.err));
            if (!e.text.isEmpty() || e.scriptError) addText(j, "message", e.text);
        } else if (!e.text.isEmpty()) {
            addText(j, "text", e.text);
        }
        break;
    }
    case Event::Exit:
        j.add("phase", "exit");
        if (e.termSignal > 0)
            j.add("signal", TraceNames::signalName(e.termSignal));
        else
            j.add("code", qint64(e.exitCode));
        if (e.coreDumped) j.add("core_dumped", true);
        break;
    case Event::Blocked:
        if (!e.text.isEmpty()) addText(j, "wchan", e.text);
        j.add("syscall", qint64(e.syscall));
        if (e.spinning) j.add("spinning", true);
        break;
    case Event::Deadlock: {
        QByteArray waits = "[";
        for (const DeadlockWait &w : e.deadlock.waits) {
            OrderedJson o;
            o.add("proc", processName(m_scenario, w.proc));
            o.add("res", waitedName(m_scenario, w));
            waits += (waits.size() > 1 ? ", " : "") + o.finish();
        }
        j.raw("waits", waits + ']');
        if (!e.deadlock.cycle.isEmpty()) {
            QByteArray cycle = "[";
            for (const QString &c : circleNames(m_scenario, e.deadlock.cycle))
                cycle += (cycle.size() > 1 ? ", " : "") + OrderedJson::quote(c);
            j.raw("cycle", cycle + ']');
        }
        break;
    }
    case Event::Dropped:
        j.add("records", e.records);
        break;
    case Event::Sample:
        if (e.proc >= 0) {
            if (e.cpuNs >= 0) {
                j.add("cpu_ns", e.cpuNs);
                j.add("switches", e.switches);
            }
            if (e.ioWritten >= 0) { // a program's /proc/PID/io
                j.add("rchar", e.ioRead);
                j.add("wchar", e.ioWritten);
            }
        } else {
            j.add("value", e.kernelValue);
        }
        break;
    case Event::Suspended:
    case Event::Continued:
        if (e.sig) j.add("signal", TraceNames::signalName(e.sig));
        break;
    case Event::Started:
    case Event::Unblocked:
    case Event::Timeout:
    case Event::Stopped:
    case Event::Released:
        if (!e.text.isEmpty()) addText(j, "text", e.text);
        break;
    }
    return j.finish();
}

} // namespace ipcsim::core
