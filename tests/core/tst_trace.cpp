// Traces: the JSON Lines writer and reader (round trip), and the Chrome trace export.
#include "model/event.h"
#include "model/worldmodel.h"
#include "scenario/scenarioloader.h"
#include "trace/chrometracewriter.h"
#include "trace/tracenames.h"
#include "trace/tracereader.h"
#include "trace/tracewriter.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <cerrno>
#include <csignal>

using namespace ipcsim::core;

// Declared before the test data: moc misreads \" inside the raw strings below.
class TraceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void headerEmbedsScenarioAndSchedule();
    void stepEventsNameProcessesAndResources();
    void endCarriesResults();
    void errorsAndExitsUseSymbolicNames();
    void deadlockListsWaitsAndCycle();
    void invalidUtf8TextSurvivesRoundTrip();
    void roundTripReproducesEvents();
    void replayedTraceFeedsTheSameReducerInput();
    void readerReportsLineOfBadInput();
    void readerRejectsFileThatIsNotATrace();
    void chromeTraceIsValidJsonWithoutOverlaps();
    void chromeTracePairsFlowsForDataAndSignals();
    void chromeTraceEndsUnfinishedStepAtExit();
    void realRunTracesEveryStepInOrder_data();
    void realRunTracesEveryStepInOrder();
    void realDeadlockIsTracedWithWaitsAndCycle();
    void chromeTraceJoinsAWriteToEachReadThatTookItsBytes();
    void aConditionWaitsHandoverOfItsMutexIsTraced_data();
    void aConditionWaitsHandoverOfItsMutexIsTraced();
    void aTraceIsWrittenWholeOrNotAtAll();
    void tracePathsAreCheckedBeforeTheRun();
    void aPlantedLinkIsReplacedNotFollowed();

private:
    QByteArray writeTrace(const Scenario &sc, const EventBatch &events);
    // Runs `ipcsim run` on json with the extra arguments; false (after QSKIP or a failure)
    // when there is no trace to look at. *exitCode gets the command's exit code.
    bool runIpcsim(const QByteArray &json, const QStringList &args, const QTemporaryDir &dir,
                   int *exitCode);
};

namespace {

const char *kScenario = R"({
  "format": 1,
  "title": "Trace test",
  "schedule": "round-robin",
  "resources": [
    { "name": "p1", "type": "pipe" },
    { "name": "q", "type": "mqueue" },
    { "name": "slots", "type": "shm", "cells": 4 },
    { "name": "empty", "type": "semaphore", "initial": 1 },
    { "name": "m", "type": "mutex" }
  ],
  "processes": [
    { "name": "producer", "script": "wait empty\nwrite p1 \"hello\"\nsend q \"m1\" priority 2\nstore slots[3] = 7\nlock m\nunlock m\nsignal consumer SIGUSR1" },
    { "name": "consumer", "script": "read p1 64 -> x\nreceive q -> y\nawait SIGUSR1\nprint \"got\", x" }
  ]
})";

Scenario loadInline(const char *json)
{
    const LoadResult r = loadScenario(json, "inline.json", KernelLimits());
    if (!r.ok()) {
        for (const std::string &e : r.errors)
            qWarning("%s", e.c_str());
        qFatal("the test scenario does not load");
    }
    return *r.scenario;
}

Event step(int proc, Phase phase, qint64 t, quint32 seq, int line, Op op, int res = -1)
{
    Event e;
    e.kind = Event::Step;
    e.phase = phase;
    e.tNs = t;
    e.proc = proc;
    e.pid = 1000 + proc;
    e.seq = seq;
    e.line = line;
    e.op = op;
    e.res = res;
    return e;
}

// A small but complete run of kScenario: producer 0, consumer 1.
EventBatch sampleRun()
{
    enum
    {
        P1,
        Q,
        Slots,
        Empty,
        M
    };
    EventBatch b;
    Event started;
    started.kind = Event::Started;
    started.proc = 0;
    started.pid = 1000;
    b << started;
    b << step(0, Phase::Gate, 100, 1, 1, Op::Wait, Empty);
    b << step(0, Phase::Begin, 200, 1, 1, Op::Wait, Empty);
    Event e = step(0, Phase::End, 300, 1, 1, Op::Wait, Empty);
    e.setRecord(0, 0);
    b << e;
    b << step(1, Phase::Begin, 350, 1, 1, Op::Read, P1);
    b << step(0, Phase::Begin, 400, 2, 2, Op::Write, P1);
    e = step(0, Phase::End, 500, 2, 2, Op::Write, P1);
    e.setRecord(5, 0);
    e.text = "hello";
    b << e;
    e = step(1, Phase::End, 600, 1, 1, Op::Read, P1);
    e.setRecord(5, 0);
    e.text = "hello";
    b << e;
    b << step(0, Phase::Begin, 700, 3, 3, Op::Send, Q);
    e = step(0, Phase::End, 800, 3, 3, Op::Send, Q);
    e.setRecord(2, 2);
    e.text = "m1";
    e.waitedForRoom = true; // as a socket's send that found no room
    b << e;
    e.waitedForRoom = false;
    b << step(1, Phase::Begin, 820, 2, 2, Op::Receive, Q);
    e = step(1, Phase::End, 900, 2, 2, Op::Receive, Q);
    e.setRecord(2, 2);
    e.text = "m1";
    b << e;
    b << step(0, Phase::Begin, 1000, 4, 4, Op::Store, Slots);
    e = step(0, Phase::End, 1100, 4, 4, Op::Store, Slots);
    e.setRecord(7, 3);
    b << e;
    b << step(0, Phase::Begin, 1200, 5, 5, Op::Lock, M);
    e = step(0, Phase::End, 1300, 5, 5, Op::Lock, M);
    e.ownerDied = true;
    b << e;
    b << step(0, Phase::Begin, 1400, 6, 6, Op::Unlock, M);
    e = step(0, Phase::Error, 1500, 6, 6, Op::Unlock, M);
    e.err = EPERM;
    b << e;
    b << step(1, Phase::Begin, 1550, 3, 3, Op::Await);
    b.last().sig = SIGUSR1;
    e = step(0, Phase::Begin, 1600, 7, 7, Op::Signal);
    e.target = 1;
    e.sig = SIGUSR1;
    b << e;
    e.phase = Phase::End;
    e.tNs = 1700;
    b << e;
    e = step(1, Phase::End, 1800, 3, 3, Op::Await);
    e.sig = SIGUSR1;
    b << e;
    b << step(1, Phase::Begin, 1900, 4, 4, Op::Print);
    e = step(1, Phase::End, 2000, 4, 4, Op::Print);
    e.text = "got hello";
    b << e;
    Event blocked;
    blocked.kind = Event::Blocked;
    blocked.tNs = 2050;
    blocked.proc = 1;
    blocked.pid = 1001;
    blocked.text = "anon_pipe_read";
    blocked.syscall = 0; // read
    b << blocked;
    Event cpu; // the engine's readings
    cpu.kind = Event::Sample;
    cpu.tNs = 2055;
    cpu.proc = 1;
    cpu.pid = 1001;
    cpu.cpuNs = 1200000;
    cpu.switches = 17;
    b << cpu;
    Event depth;
    depth.kind = Event::Sample;
    depth.tNs = 2056;
    depth.res = 1; // q
    depth.kernelValue = 3;
    b << depth;
    Event lost;
    lost.kind = Event::Dropped;
    lost.tNs = 2057;
    lost.proc = 0;
    lost.pid = 1000;
    lost.records = 12;
    b << lost;
    Event stop; // a SIGSTOP from outside, then SIGCONT
    stop.kind = Event::Suspended;
    stop.tNs = 2060;
    stop.proc = 1;
    stop.pid = 1001;
    stop.seq = 4;
    stop.line = 4;
    stop.op = Op::Print;
    stop.sig = SIGSTOP;
    b << stop;
    Event cont = stop;
    cont.kind = Event::Continued;
    cont.tNs = 2070;
    cont.sig = SIGCONT;
    b << cont;
    Event exit;
    exit.kind = Event::Exit;
    exit.phase = Phase::Exit;
    exit.tNs = 2100;
    exit.proc = 0;
    exit.pid = 1000;
    exit.exitCode = 1;
    b << exit;
    exit.tNs = 2200;
    exit.proc = 1;
    exit.pid = 1001;
    exit.exitCode = -1;
    exit.termSignal = SIGKILL;
    b << exit;
    Event dl;
    dl.kind = Event::Deadlock;
    dl.tNs = 2150;
    // producer awaits SIGUSR1; consumer waits on p1 (resource 0), a circle of one.
    dl.deadlock.waits = {{0, -1, SIGUSR1}, {1, 0, 0}};
    dl.deadlock.cycle = {{1, 0, 0}};
    b << dl;
    return b;
}

QJsonObject parseLine(const QByteArray &line)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &err);
    if (err.error != QJsonParseError::NoError)
        qWarning("bad JSON line: %s (%s)", line.constData(), qPrintable(err.errorString()));
    return doc.object();
}

QString deadlockText(const QList<DeadlockWait> &waits)
{
    QStringList s;
    for (const DeadlockWait &w : waits)
        s << QStringLiteral("%1:%2:%3").arg(w.proc).arg(w.res).arg(w.sig);
    return s.join(QLatin1Char('|'));
}

QString describe(const Event &e)
{
    return QStringLiteral("kind=%1 phase=%2 t=%3 proc=%4 pid=%5 seq=%6 line=%7 op=%8 res=%9 "
                          "target=%10 err=%11 value=%12 aux=%13 sig=%14 flags=%15 text=%16 "
                          "exit=%17 term=%18 core=%19 waits=%20 cycle=%21")
               .arg(int(e.kind))
               .arg(int(e.phase))
               .arg(e.tNs)
               .arg(e.proc)
               .arg(e.pid)
               .arg(e.seq)
               .arg(e.line)
               .arg(int(e.op))
               .arg(e.res)
               .arg(e.target)
               .arg(e.err)
               .arg(e.recordValue())
               .arg(e.recordAux())
               .arg(e.sig)
               .arg(QStringLiteral("%1%2%3%4%5%6%7")
                        .arg(e.ownerDied)
                        .arg(e.spinning)
                        .arg(e.partial)
                        .arg(e.eof)
                        .arg(e.shared)
                        .arg(e.scriptError)
                        .arg(e.waitedForRoom))
               .arg(QString::fromLatin1(e.text.toHex()))
               .arg(e.exitCode)
               .arg(e.termSignal)
               .arg(e.coreDumped)
               .arg(deadlockText(e.deadlock.waits), deadlockText(e.deadlock.cycle)) +
           QStringLiteral(" syscall=%1 records=%2 cpu=%3 switches=%4 kernel=%5 io=%6/%7")
               .arg(e.syscall)
               .arg(e.records)
               .arg(e.cpuNs)
               .arg(e.switches)
               .arg(e.kernelValue)
               .arg(e.ioRead)
               .arg(e.ioWritten);
}

struct Span
{
    double ts, end;
};

} // namespace

QByteArray TraceTest::writeTrace(const Scenario &sc, const EventBatch &events)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    TraceWriter w(sc);
    if (!w.open(&buffer, sc.schedule)) qWarning("%s", qPrintable(w.errorString()));
    // Delivered in two batches, as the engine does.
    w.write(events.mid(0, events.size() / 2));
    w.write(events.mid(events.size() / 2));
    w.close();
    return buffer.data();
}

void TraceTest::headerEmbedsScenarioAndSchedule()
{
    const Scenario sc = loadInline(kScenario);
    const QByteArray trace = writeTrace(sc, {});
    const QList<QByteArray> lines = trace.split('\n');
    QCOMPARE(lines.size(), 2); // the header and the final newline
    const QJsonObject h = parseLine(lines[0]);
    QCOMPARE(h.value("ipcsim_trace").toInt(), 1);
    QCOMPARE(h.value("schedule").toString(), QStringLiteral("round-robin"));
    QCOMPARE(h.value("scenario").toObject(), QJsonDocument::fromJson(kScenario).object());
}

void TraceTest::stepEventsNameProcessesAndResources()
{
    const Scenario sc = loadInline(kScenario);
    TraceWriter w(sc);
    const QJsonObject o = parseLine(w.eventLine(step(1, Phase::Begin, 4242, 1, 1, Op::Read, 0)));
    QCOMPARE(o.value("t").toInteger(), 4242);
    QCOMPARE(o.value("proc").toString(), QStringLiteral("consumer"));
    QCOMPARE(o.value("pid").toInt(), 1001);
    QCOMPARE(o.value("line").toInt(), 1);
    QCOMPARE(o.value("op").toString(), QStringLiteral("read"));
    QCOMPARE(o.value("res").toString(), QStringLiteral("p1"));
    QCOMPARE(o.value("phase").toString(), QStringLiteral("begin"));
    // The line reads as in the contract: time and process first.
    QVERIFY(
        w.eventLine(step(1, Phase::Gate, 1, 1, 1, Op::Read, 0)).startsWith("{\"t\": 1, \"proc\""));
}

void TraceTest::endCarriesResults()
{
    const Scenario sc = loadInline(kScenario);
    TraceWriter w(sc);
    const EventBatch run = sampleRun();
    QHash<QString, QJsonObject> ends; // "op res" -> end line
    for (const Event &e : run) {
        if (e.kind == Event::Step && e.phase == Phase::End) {
            const QJsonObject o = parseLine(w.eventLine(e));
            ends.insert(o.value("op").toString() + ' ' + o.value("proc").toString(), o);
        }
    }
    QCOMPARE(ends["read consumer"].value("bytes").toInt(), 5);
    QCOMPARE(ends["read consumer"].value("text").toString(), QStringLiteral("hello"));
    QCOMPARE(ends["write producer"].value("bytes").toInt(), 5);
    QCOMPARE(ends["wait producer"].value("value").toInt(), 0);
    QVERIFY(ends["wait producer"].contains("value"));
    QCOMPARE(ends["send producer"].value("priority").toInt(), 2);
    QCOMPARE(ends["receive consumer"].value("text").toString(), QStringLiteral("m1"));
    QCOMPARE(ends["store producer"].value("cell").toInt(), 3);
    QCOMPARE(ends["store producer"].value("value").toInt(), 7);
    QCOMPARE(ends["lock producer"].value("owner_died").toBool(), true);
    QCOMPARE(ends["signal producer"].value("signal").toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(ends["signal producer"].value("target").toString(), QStringLiteral("consumer"));
    QCOMPARE(ends["await consumer"].value("signal").toString(), QStringLiteral("SIGUSR1"));
    QCOMPARE(ends["print consumer"].value("text").toString(), QStringLiteral("got hello"));
}

void TraceTest::errorsAndExitsUseSymbolicNames()
{
    const Scenario sc = loadInline(kScenario);
    TraceWriter w(sc);
    Event e = step(0, Phase::Error, 10, 1, 1, Op::Wait, 3);
    e.err = EAGAIN;
    QJsonObject o = parseLine(w.eventLine(e));
    QCOMPARE(o.value("phase").toString(), QStringLiteral("error"));
    QCOMPARE(o.value("errno").toString(), QStringLiteral("EAGAIN"));

    e.err = 0;
    e.scriptError = true;
    e.text = "division by zero";
    o = parseLine(w.eventLine(e));
    QVERIFY(!o.contains("errno"));
    QCOMPARE(o.value("message").toString(), QStringLiteral("division by zero"));

    Event x;
    x.kind = Event::Exit;
    x.phase = Phase::Exit;
    x.proc = 1;
    x.exitCode = 3;
    o = parseLine(w.eventLine(x));
    QCOMPARE(o.value("phase").toString(), QStringLiteral("exit"));
    QCOMPARE(o.value("code").toInt(), 3);
    x.exitCode = -1;
    x.termSignal = SIGKILL;
    o = parseLine(w.eventLine(x));
    QCOMPARE(o.value("signal").toString(), QStringLiteral("SIGKILL"));
    QVERIFY(!o.contains("code"));
}

void TraceTest::deadlockListsWaitsAndCycle()
{
    const Scenario sc = loadInline(kScenario);
    TraceWriter w(sc);
    Event dl;
    dl.kind = Event::Deadlock;
    dl.tNs = 99;
    dl.deadlock.waits = {{0, sc.resourceIndex("m"), 0}, {1, sc.resourceIndex("empty"), 0}};
    dl.deadlock.cycle = dl.deadlock.waits;
    const QJsonObject o = parseLine(w.eventLine(dl));
    QCOMPARE(o.value("event").toString(), QStringLiteral("deadlock"));
    const QJsonArray waits = o.value("waits").toArray();
    QCOMPARE(waits.size(), 2);
    QCOMPARE(waits[1].toObject().value("proc").toString(), QStringLiteral("consumer"));
    QCOMPARE(waits[1].toObject().value("res").toString(), QStringLiteral("empty"));
    QCOMPARE(o.value("cycle").toArray(),
             (QJsonArray{"producer", "m", "consumer", "empty", "producer"}));
}

void TraceTest::invalidUtf8TextSurvivesRoundTrip()
{
    const Scenario sc = loadInline(kScenario);
    Event e = step(1, Phase::End, 10, 1, 1, Op::Read, 0);
    e.setRecord(6, 0);
    e.text = QByteArray("\xff\xfeok\n\0", 6);
    const QByteArray trace = writeTrace(sc, {e});
    const QJsonObject o = parseLine(trace.split('\n').at(1));
    QVERIFY(o.value("text").isString()); // still readable
    TraceReader r;
    QVERIFY2(r.read(trace), qPrintable(r.errorString()));
    QCOMPARE(r.events().size(), 1);
    QCOMPARE(r.events()[0].text, e.text);
}

void TraceTest::roundTripReproducesEvents()
{
    const Scenario sc = loadInline(kScenario);
    EventBatch run = sampleRun();
    Event bytes = step(0, Phase::End, 3000, 8, 8, Op::WriteBytes, 0); // same keyword as write
    bytes.setRecord(4096, 0);
    run << bytes;
    const QByteArray trace = writeTrace(sc, run);
    TraceReader r;
    QVERIFY2(r.read(trace, "run.jsonl"), qPrintable(r.errorString()));
    QCOMPARE(r.scenario().instances.size(), sc.instances.size());
    QCOMPARE(r.scenario().resources.size(), sc.resources.size());
    QCOMPARE(r.schedule().kind, Schedule::RoundRobin);
    QCOMPARE(r.scheduleText(), QStringLiteral("round-robin"));
    QCOMPARE(r.events().size(), run.size());
    for (int i = 0; i < run.size(); ++i)
        QCOMPARE(describe(r.events()[i]), describe(run[i]));
}

void TraceTest::replayedTraceFeedsTheSameReducerInput()
{
    // Writing what was read gives the same bytes: the trace is a fixed point.
    const Scenario sc = loadInline(kScenario);
    const QByteArray first = writeTrace(sc, sampleRun());
    TraceReader r;
    QVERIFY2(r.read(first), qPrintable(r.errorString()));
    const QList<QByteArray> a = first.split('\n');
    const QList<QByteArray> b = writeTrace(r.scenario(), r.events()).split('\n');
    QCOMPARE(b.size(), a.size());
    for (int i = 1; i < a.size(); ++i) // the header's scenario text is re-serialised
        QCOMPARE(b[i], a[i]);
}

void TraceTest::readerReportsLineOfBadInput()
{
    const Scenario sc = loadInline(kScenario);
    QByteArray trace = writeTrace(sc, sampleRun().mid(0, 3));
    TraceReader r;
    QVERIFY(
        !r.read(trace + "{\"t\": 5, \"proc\": \"consumer\", \"phase\": \"begin\"\n", "x.jsonl"));
    QVERIFY2(r.errorString().startsWith("x.jsonl:5: not JSON"), qPrintable(r.errorString()));
    QVERIFY(!r.read(trace + "{\"t\": 5, \"proc\": \"nobody\", \"phase\": \"begin\"}\n", "x.jsonl"));
    QCOMPARE(r.errorString(), QStringLiteral("x.jsonl:5: unknown process \"nobody\""));
    QVERIFY(
        !r.read(trace + "{\"t\": 5, \"proc\": \"consumer\", \"phase\": \"middle\"}\n", "x.jsonl"));
    QCOMPARE(r.errorString(), QStringLiteral("x.jsonl:5: unknown phase \"middle\""));
    QVERIFY(!r.read(trace + "{\"t\": \"soon\", \"phase\": \"begin\"}\n", "x.jsonl"));
    QCOMPARE(r.errorString(), QStringLiteral("x.jsonl:5: \"t\" must be an integer"));
}

void TraceTest::readerRejectsFileThatIsNotATrace()
{
    TraceReader r;
    QVERIFY(!r.read("", "empty.jsonl"));
    QVERIFY2(r.errorString().contains("empty"), qPrintable(r.errorString()));
    QVERIFY(!r.read(kScenario, "scenario.json"));
    QVERIFY2(r.errorString().startsWith("scenario.json:1:"), qPrintable(r.errorString()));
    QVERIFY(!r.read("{\"format\": 1}\n", "s.jsonl"));
    QVERIFY2(r.errorString().contains("ipcsim_trace"), qPrintable(r.errorString()));
    QVERIFY(!r.read("{\"ipcsim_trace\": 1, \"scenario\": {\"format\": 1}}\n", "bad.jsonl"));
    QVERIFY2(r.errorString().startsWith("bad.jsonl:1: the embedded scenario is invalid"),
             qPrintable(r.errorString()));
}

// Checks what Perfetto insists on: valid JSON, no partial overlap of "X" slices on one track,
// and every flow start paired with a finish that lands inside a slice of its track.
static QJsonArray checkChromeTrace(const QByteArray &json)
{
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &err);
    if (err.error != QJsonParseError::NoError) {
        QTest::qFail(qPrintable(err.errorString()), __FILE__, __LINE__);
        return {};
    }
    const QJsonArray events = doc.object().value("traceEvents").toArray();
    if (doc.object().value("displayTimeUnit").toString() != QLatin1String("ns"))
        QTest::qFail("displayTimeUnit is not ns", __FILE__, __LINE__);
    QHash<QString, QList<Span>> tracks;
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        if (o.value("ph").toString() != QLatin1String("X")) continue;
        const QString track =
            QStringLiteral("%1/%2").arg(o.value("pid").toInt()).arg(o.value("tid").toInt());
        const double ts = o.value("ts").toDouble();
        const double dur = o.value("dur").toDouble();
        if (dur < 0) QTest::qFail("negative duration", __FILE__, __LINE__);
        tracks[track] << Span{ts, ts + dur};
    }
    for (auto it = tracks.begin(); it != tracks.end(); ++it) {
        QList<Span> spans = *it;
        std::sort(spans.begin(), spans.end(), [](const Span &a, const Span &b) {
            return a.ts < b.ts || (a.ts == b.ts && a.end > b.end);
        });
        QList<Span> stack;
        for (const Span &s : spans) {
            while (!stack.isEmpty() && stack.last().end <= s.ts)
                stack.removeLast();
            if (!stack.isEmpty() && s.end > stack.last().end) {
                QTest::qFail(qPrintable(QStringLiteral("overlapping slices on track %1 at %2")
                                            .arg(it.key())
                                            .arg(s.ts, 0, 'f', 3)),
                             __FILE__, __LINE__);
                return {};
            }
            stack << s;
        }
    }
    // Data cannot arrive before it left: no flow arrow points back in time.
    QHash<int, double> flowStart;
    for (const QJsonValue v : events)
        if (v.toObject().value("ph").toString() == QLatin1String("s"))
            flowStart.insert(v.toObject().value("id").toInt(), v.toObject().value("ts").toDouble());
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        if (o.value("ph").toString() == QLatin1String("f") &&
            o.value("ts").toDouble() < flowStart.value(o.value("id").toInt())) {
            QTest::qFail(
                qPrintable(
                    QStringLiteral("flow %1 points back in time").arg(o.value("id").toInt())),
                __FILE__, __LINE__);
            return {};
        }
    }
    return events;
}

void TraceTest::chromeTraceIsValidJsonWithoutOverlaps()
{
    const Scenario sc = loadInline(kScenario);
    ChromeTraceWriter w(sc);
    w.add(sampleRun());
    const QJsonArray events = checkChromeTrace(w.toJson());
    QVERIFY(!events.isEmpty());
    QStringList names;
    int exits = 0, deadlocks = 0, gates = 0;
    QSet<int> namedPids;
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        const QString ph = o.value("ph").toString();
        if (ph == "X" && o.value("cat").toString() == "gate")
            ++gates;
        else if (ph == "X")
            names << o.value("name").toString();
        if (ph == "M" && o.value("name").toString() == "process_name")
            namedPids << o.value("pid").toInt();
        if (ph == "i" && o.value("name").toString().startsWith("exit")) ++exits;
        if (ph == "i" && o.value("name").toString() == "deadlock") ++deadlocks;
    }
    QVERIFY(namedPids.contains(1) && namedPids.contains(2));
    QVERIFY2(names.contains("wait empty"), qPrintable(names.join(", ")));
    QVERIFY(names.contains("read p1"));
    QVERIFY(names.contains("signal consumer SIGUSR1"));
    QCOMPARE(names.size(), 11); // every step of sampleRun()
    QCOMPARE(gates, 1);
    QCOMPARE(exits, 1);
    QCOMPARE(deadlocks, 1);
}

void TraceTest::chromeTracePairsFlowsForDataAndSignals()
{
    const Scenario sc = loadInline(kScenario);
    ChromeTraceWriter w(sc);
    w.add(sampleRun());
    const QJsonArray events = checkChromeTrace(w.toJson());
    QHash<int, QJsonObject> starts, finishes;
    QHash<int, QList<Span>> slicesOf; // pid -> slices
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        const QString ph = o.value("ph").toString();
        if (ph == "s")
            starts.insert(o.value("id").toInt(), o);
        else if (ph == "f")
            finishes.insert(o.value("id").toInt(), o);
        else if (ph == "X")
            slicesOf[o.value("pid").toInt()] << Span{
                o.value("ts").toDouble(), o.value("ts").toDouble() + o.value("dur").toDouble()};
    }
    QCOMPARE(starts.size(), 3); // p1, q, SIGUSR1
    QCOMPARE(QSet<int>(starts.keyBegin(), starts.keyEnd()),
             QSet<int>(finishes.keyBegin(), finishes.keyEnd()));
    QStringList flowNames;
    for (auto it = starts.cbegin(); it != starts.cend(); ++it) {
        const QJsonObject &s = *it;
        const QJsonObject &f = finishes[it.key()];
        flowNames << s.value("name").toString();
        QCOMPARE(s.value("pid").toInt(), 1); // producer -> consumer
        QCOMPARE(f.value("pid").toInt(), 2);
        QCOMPARE(f.value("bp").toString(), QStringLiteral("e"));
        for (const QJsonObject &end : {s, f}) {
            const double ts = end.value("ts").toDouble();
            bool inside = false;
            for (const Span &span : slicesOf[end.value("pid").toInt()])
                inside = inside || (span.ts < ts && ts < span.end);
            QVERIFY2(inside, "a flow end is not inside a slice of its track");
        }
    }
    flowNames.sort();
    QCOMPARE(flowNames, QStringList({"SIGUSR1", "p1", "q"}));
}

void TraceTest::chromeTraceEndsUnfinishedStepAtExit()
{
    const Scenario sc = loadInline(kScenario);
    ChromeTraceWriter w(sc);
    w.add(step(1, Phase::Begin, 1000, 1, 1, Op::Read, 0));
    w.add(step(0, Phase::Begin, 1500, 1, 1, Op::Wait, 3));
    Event x;
    x.kind = Event::Exit;
    x.phase = Phase::Exit;
    x.proc = 1;
    x.tNs = 5000;
    x.termSignal = SIGKILL;
    w.add(x);
    w.add(step(0, Phase::End, 6000, 1, 1, Op::Wait, 3));
    const QJsonArray events = checkChromeTrace(w.toJson());
    bool sawRead = false;
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        if (o.value("ph").toString() == "X" && o.value("name").toString() == "read p1") {
            sawRead = true;
            QCOMPARE(o.value("ts").toDouble(), 1.0);
            QCOMPARE(o.value("dur").toDouble(), 4.0);
            QVERIFY(o.value("args").toObject().value("unfinished").toBool());
        }
    }
    QVERIFY(sawRead);
}

bool TraceTest::runIpcsim(const QByteArray &json, const QStringList &args, const QTemporaryDir &dir,
                          int *exitCode)
{
    const QString bin = qEnvironmentVariable("IPCSIM_BIN");
    if (bin.isEmpty() || !QFileInfo(bin).isExecutable()) {
        QTest::qSkip("IPCSIM_BIN is not set to an executable ipcsim", __FILE__, __LINE__);
        return false;
    }
    const QString scenario = dir.filePath("scenario.json");
    QFile f(scenario);
    if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size()) {
        QTest::qFail("cannot write the scenario", __FILE__, __LINE__);
        return false;
    }
    f.close();
    QProcess run;
    run.start(bin, QStringList{"run", scenario, "--trace", dir.filePath("t.jsonl"),
                               "--chrome-trace", dir.filePath("t.json")} +
                       args);
    if (!run.waitForFinished(60000)) {
        QTest::qFail("ipcsim run did not finish within 60 s", __FILE__, __LINE__);
        return false;
    }
    if (run.exitStatus() != QProcess::NormalExit || !QFile::exists(dir.filePath("t.jsonl"))) {
        QTest::qFail(qPrintable("ipcsim run wrote no trace: " + run.readAllStandardError()),
                     __FILE__, __LINE__);
        return false;
    }
    *exitCode = run.exitCode();
    return true;
}

void TraceTest::realRunTracesEveryStepInOrder_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::newRow("free") << "free";
    QTest::newRow("round-robin") << "round-robin";
}

void TraceTest::realRunTracesEveryStepInOrder()
{
    QFETCH(QString, schedule);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int code = -1;
    if (!runIpcsim(R"({
  "format": 1,
  "title": "Ping pong",
  "resources": [ { "name": "p1", "type": "pipe" }, { "name": "done", "type": "semaphore" } ],
  "processes": [
    { "name": "writer", "script": "repeat 3:\n    write p1 \"x\"\n    wait done\nclose p1" },
    { "name": "reader", "script": "repeat 3:\n    read p1 1 -> c\n    print \"got\", c\n    post done" }
  ]
})",
                   {"--schedule", schedule}, dir, &code))
        return;
    QCOMPARE(code, 0);

    QFile f(dir.filePath("t.jsonl"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');
    QVERIFY(lines.size() > 1);
    const QJsonObject header = parseLine(lines[0]);
    QCOMPARE(header.value("ipcsim_trace").toInt(), 1);
    QCOMPARE(header.value("scenario").toObject().value("title").toString(),
             QStringLiteral("Ping pong"));
    QCOMPARE(header.value("scenario").toObject().value("processes").toArray().size(), 2);
    QCOMPARE(header.value("schedule").toString(), schedule);

    // Every step: begin, then exactly one end (or error), in order, per process; in step
    // mode, a gate before each begin.
    QHash<QString, QString> open;  // proc -> "seq op" of the step begun and not ended
    QHash<QString, QString> gated; // proc -> "seq op" of the gate it waits at
    QHash<QString, int> ended;
    for (int i = 1; i < lines.size(); ++i) {
        const QJsonObject o = parseLine(lines[i]);
        QVERIFY2(o.contains("t"), lines[i].constData());
        const QString proc = o.value("proc").toString();
        const QString phase = o.value("phase").toString();
        const QString key =
            QStringLiteral("%1 %2").arg(o.value("seq").toInt()).arg(o.value("op").toString());
        if (phase == "gate") {
            gated.insert(proc, key);
        } else if (phase == "begin") {
            QVERIFY2(!open.contains(proc), lines[i].constData());
            if (schedule != "free") QVERIFY2(gated.take(proc) == key, lines[i].constData());
            open.insert(proc, key);
        } else if (phase == "end" || phase == "error") {
            QVERIFY2(open.value(proc) == key, lines[i].constData());
            open.remove(proc);
            ++ended[proc];
        }
    }
    QVERIFY2(open.isEmpty(), qPrintable(open.keys().join(',')));
    QCOMPARE(ended.value("writer"), 7);
    QCOMPARE(ended.value("reader"), 9);

    // The trace reads back, and replays into the reducer the window and the CLI use.
    TraceReader reader;
    QVERIFY2(reader.readFile(dir.filePath("t.jsonl")), qPrintable(reader.errorString()));
    QCOMPARE(reader.events().size(), lines.size() - 1);
    QCOMPARE(TraceNames::scheduleText(reader.schedule()), schedule);
    WorldModel model(reader.scenario());
    model.apply(reader.events());
    const int r = reader.scenario().processIndex("reader");
    QCOMPARE(model.state().processes.at(r).printed, QStringList({"got x", "got x", "got x"}));

    QFile chrome(dir.filePath("t.json"));
    QVERIFY(chrome.open(QIODevice::ReadOnly));
    const QJsonArray events = checkChromeTrace(chrome.readAll());
    int flows = 0;
    for (const QJsonValue v : events)
        flows += v.toObject().value("ph").toString() == "f";
    QCOMPARE(flows, 3); // each "x" from writer to reader
}

void TraceTest::realDeadlockIsTracedWithWaitsAndCycle()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int code = -1;
    // Each takes one semaphore token and waits for the other's: a cycle nobody can break.
    if (!runIpcsim(R"({
  "format": 1,
  "title": "Crossed",
  "resources": [ { "name": "a", "type": "mutex" }, { "name": "b", "type": "mutex" },
                 { "name": "ready", "type": "barrier", "parties": 2 } ],
  "processes": [
    { "name": "left", "script": "lock a\narrive ready\nlock b" },
    { "name": "right", "script": "lock b\narrive ready\nlock a" }
  ]
})",
                   {}, dir, &code))
        return;
    QCOMPARE(code, 1);
    TraceReader reader;
    QVERIFY2(reader.readFile(dir.filePath("t.jsonl")), qPrintable(reader.errorString()));
    int deadlocks = 0;
    for (const Event &e : reader.events()) {
        if (e.kind != Event::Deadlock) continue;
        ++deadlocks;
        const Scenario &sc = reader.scenario();
        const int left = sc.instancesNamed("left").front();
        const int right = sc.instancesNamed("right").front();
        QCOMPARE(e.deadlock.waits, (QList<DeadlockWait>{{left, sc.resourceIndex("b"), 0},
                                                        {right, sc.resourceIndex("a"), 0}}));
        QCOMPARE(e.deadlock.cycle.size(), 2);
    }
    QCOMPARE(deadlocks, 1);
    QFile chrome(dir.filePath("t.json"));
    QVERIFY(chrome.open(QIODevice::ReadOnly));
    const QJsonArray events = checkChromeTrace(chrome.readAll());
    bool sawDeadlock = false;
    for (const QJsonValue v : events)
        sawDeadlock = sawDeadlock || v.toObject().value("name").toString() == "deadlock";
    QVERIFY(sawDeadlock);
}

// One write of ten bytes, read five and five: both reads took its bytes, so two flows leave
// the one write, one to each read (the matcher the timeline uses; before it, one write went to
// one read and the second read had no arrow).
void TraceTest::chromeTraceJoinsAWriteToEachReadThatTookItsBytes()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int code = -1;
    if (!runIpcsim(R"({
  "format": 1,
  "title": "Split",
  "resources": [ { "name": "p", "type": "pipe" }, { "name": "sent", "type": "semaphore" } ],
  "processes": [
    { "name": "writer", "script": "write p \"HelloWorld\"\npost sent" },
    { "name": "reader", "script": "wait sent\nread p 5 -> a\nread p 5 -> b" }
  ]
})",
                   {}, dir, &code))
        return;
    QCOMPARE(code, 0);
    QFile chrome(dir.filePath("t.json"));
    QVERIFY(chrome.open(QIODevice::ReadOnly));
    const QJsonArray events = checkChromeTrace(chrome.readAll());
    QList<Span> writes, reads;
    QList<double> starts, finishes;
    for (const QJsonValue v : events) {
        const QJsonObject o = v.toObject();
        const QString ph = o.value("ph").toString();
        const double ts = o.value("ts").toDouble();
        if (ph == "X" && o.value("name").toString() == "write p")
            writes << Span{ts, ts + o.value("dur").toDouble()};
        if (ph == "X" && o.value("name").toString() == "read p")
            reads << Span{ts, ts + o.value("dur").toDouble()};
        if (ph == "s" && o.value("name").toString() == "p") starts << ts;
        if (ph == "f" && o.value("name").toString() == "p") finishes << ts;
    }
    QCOMPARE(writes.size(), 1);
    QCOMPARE(reads.size(), 2);
    QCOMPARE(starts.size(), 2);
    QCOMPARE(finishes.size(), 2);
    for (const double t : starts)
        QVERIFY(writes[0].ts < t && t < writes[0].end);
    std::sort(finishes.begin(), finishes.end());
    for (int i = 0; i < 2; ++i)
        QVERIFY2(reads[i].ts < finishes[i] && finishes[i] < reads[i].end,
                 "each read receives one flow");
}

// The processes whose parent is pid.
void TraceTest::aConditionWaitsHandoverOfItsMutexIsTraced_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::newRow("free") << "free";
    QTest::newRow("round-robin") << "round-robin";
}

// pthread_cond_wait lets go of the mutex as it sleeps and takes it back before it returns: a
// reader of the trace (shared/tools/causal-check among them) sees the producer lock m while
// the consumer is in its wait, and must see that the consumer let go of it first.
void TraceTest::aConditionWaitsHandoverOfItsMutexIsTraced()
{
    QFETCH(QString, schedule);
    QFile lesson(qEnvironmentVariable("IPCSIM_SOURCE_DIR") + "/resources/scenarios/condition.json");
    QVERIFY2(lesson.open(QIODevice::ReadOnly), "IPCSIM_SOURCE_DIR has no condition lesson");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    int code = -1;
    if (!runIpcsim(lesson.readAll(), {"--schedule", schedule}, dir, &code)) return;
    QCOMPARE(code, 0);
    QFile f(dir.filePath("t.jsonl"));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = f.readAll().trimmed().split('\n');

    // causal-check's rule for a mutex: a lock that ends while another live process holds it
    // came before its cause. A lock or unlock within a step belongs to that step, in order.
    QString holder;
    QSet<QString> dead;
    QString waitBegun; // the consumer's wait begun, its unlock not yet seen
    int waits = 0, within = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QJsonObject o = parseLine(lines[i]);
        const QString proc = o.value("proc").toString(), op = o.value("op").toString();
        const QString phase = o.value("phase").toString();
        QVERIFY2(waitBegun.isEmpty() || o.value("within").toString() == "wait nonempty",
                 "the unlock follows its wait's begin at once");
        if (o.contains("within")) {
            ++within;
            QCOMPARE(o.value("res").toString(), QStringLiteral("m"));
            QCOMPARE(phase, QStringLiteral("end"));
            QVERIFY(!o.contains("seq")); // not a step of its own
            if (op == "unlock") {
                QCOMPARE(proc, waitBegun);
                waitBegun.clear();
            } else {
                QCOMPARE(op, QStringLiteral("lock"));
                const QJsonObject next = parseLine(lines.value(i + 1));
                QCOMPARE(next.value("op").toString(), QStringLiteral("wait"));
                QCOMPARE(next.value("phase").toString(), QStringLiteral("end"));
                QCOMPARE(next.value("proc").toString(), proc);
            }
        }
        if (phase == "exit") dead.insert(proc);
        if (op == "wait" && phase == "begin") {
            ++waits;
            waitBegun = proc;
        }
        if (o.value("res").toString() != "m" || phase != "end") continue;
        if (op == "lock") {
            QVERIFY2(holder.isEmpty() || holder == proc || dead.contains(holder),
                     qPrintable(QStringLiteral("line %1: %2 took m while %3 held it: %4")
                                    .arg(i + 1)
                                    .arg(proc, holder, QString::fromUtf8(lines[i]))));
            holder = proc;
        } else if (op == "unlock" && holder == proc) {
            holder.clear();
        }
    }
    QVERIFY(waitBegun.isEmpty());
    QCOMPARE(within, 2 * waits);
    // Round robin: the consumer finds the count at 0 while the producer computes, and waits.
    if (schedule == "round-robin") QVERIFY(waits > 0);

    // A replay reads the wait as one step, as the live run told it.
    TraceReader reader;
    QVERIFY2(reader.readFile(dir.filePath("t.jsonl")), qPrintable(reader.errorString()));
    QCOMPARE(reader.events().size(), lines.size() - 1 - within);
    for (const Event &e : reader.events())
        QVERIFY(e.kind != Event::Step || e.op != Op::Unlock || e.seq != 0);
}

static QList<qint64> childrenOf(qint64 pid)
{
    QList<qint64> kids;
    for (const QString &e : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
        QFile st(QStringLiteral("/proc/%1/stat").arg(e));
        if (!st.open(QIODevice::ReadOnly)) continue;
        const QByteArray t = st.readAll();
        const QList<QByteArray> f = t.mid(t.lastIndexOf(')') + 2).split(' ');
        if (f.size() > 1 && f.at(1).toLongLong() == pid) kids << e.toLongLong();
    }
    return kids;
}

// ipcsim run with these arguments; its exit code and what it wrote on stderr.
static int runCli(const QStringList &args, QByteArray *err = nullptr)
{
    QProcess p;
    p.start(qEnvironmentVariable("IPCSIM_BIN"), args);
    if (!p.waitForFinished(60000)) return -1;
    if (err) *err = p.readAllStandardError();
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
}

// A run killed midway leaves the old trace as it was (it was emptied at the start and stayed
// 0 bytes) and no half file or temporary one beside it.
void TraceTest::aTraceIsWrittenWholeOrNotAtAll()
{
    if (qEnvironmentVariable("IPCSIM_BIN").isEmpty()) QSKIP("IPCSIM_BIN is not set");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString trace = dir.filePath("t.jsonl");
    QFile old(trace);
    QVERIFY(old.open(QIODevice::WriteOnly) && old.write("old\n") == 4);
    old.close();
    QFile sc(dir.filePath("slow.json"));
    QVERIFY(sc.open(QIODevice::WriteOnly));
    sc.write("{\"format\": 1, \"title\": \"Slow\", \"resources\": [], \"processes\": "
             "[{\"name\": \"s\", \"script\": \"repeat 100:\\n    sleep 100\"}]}");
    sc.close();
    QProcess run;
    run.start(qEnvironmentVariable("IPCSIM_BIN"),
              {"run", sc.fileName(), "--trace", trace, "--quiet"});
    QVERIFY(run.waitForStarted(10000));
    // Killed once the trace it is writing (a file with no name yet in that folder) holds a
    // step that began.
    auto traced = [&] {
        const QString fds = QStringLiteral("/proc/%1/fd").arg(run.processId());
        for (const QString &fd : QDir(fds).entryList(QDir::Files | QDir::System)) {
            const QString to = QFile::symLinkTarget(fds + '/' + fd);
            if (!to.startsWith(dir.path()) || to.endsWith("slow.json")) continue;
            QFile t(fds + '/' + fd);
            if (t.open(QIODevice::ReadOnly) && t.readAll().contains("\"begin\"")) return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(traced(), 20000);
    const QList<qint64> kids = childrenOf(run.processId());
    run.kill();
    QVERIFY(run.waitForFinished(10000));
    // Its cleaner ends its processes (and PID 1 reaps them, a moment late).
    for (const qint64 k : kids)
        QTRY_VERIFY_WITH_TIMEOUT(!QFileInfo::exists(QStringLiteral("/proc/%1").arg(k)), 10000);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("old\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System),
             QStringList({"slow.json", "t.jsonl"}));
    // And a run that ends writes it whole.
    QCOMPARE(runCli({"run", "pipe-hello", "--trace", trace, "--quiet"}), 0);
    TraceReader reader;
    QVERIFY2(reader.readFile(trace), qPrintable(reader.errorString()));
}

void TraceTest::tracePathsAreCheckedBeforeTheRun()
{
    if (qEnvironmentVariable("IPCSIM_BIN").isEmpty()) QSKIP("IPCSIM_BIN is not set");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QByteArray err;
    // A folder that is not there: refused before the run (it failed after it, exit 0).
    QCOMPARE(
        runCli({"run", "pipe-hello", "--quiet", "--chrome-trace", dir.filePath("no/such/t.json")},
               &err),
        2);
    QVERIFY2(err.contains("no folder"), err.constData());
    // The scenario itself as the trace: refused, the scenario untouched (it was overwritten).
    const QString scenario = dir.filePath("s.json");
    QVERIFY(QFile::copy(qEnvironmentVariable("IPCSIM_SOURCE_DIR") +
                            "/resources/scenarios/pipe-hello.json",
                        scenario));
    const QByteArray before = [&] {
        QFile f(scenario);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    QCOMPARE(runCli({"run", scenario, "--quiet", "--trace", scenario}, &err), 2);
    QVERIFY2(err.contains("this run reads"), err.constData());
    QFile f(scenario);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(f.readAll(), before);
    // A device that takes nothing: the run fails and says so (it exited 0).
    QVERIFY(runCli({"run", "pipe-hello", "--quiet", "--trace", "/dev/full"}, &err) != 0);
    QVERIFY2(err.contains("No space left"), err.constData());
}

// A symbolic link planted where the trace goes is replaced by the trace; the file it points
// to is not written (it was).
void TraceTest::aPlantedLinkIsReplacedNotFollowed()
{
    if (qEnvironmentVariable("IPCSIM_BIN").isEmpty()) QSKIP("IPCSIM_BIN is not set");
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString victim = dir.filePath("victim");
    QFile v(victim);
    QVERIFY(v.open(QIODevice::WriteOnly) && v.write("precious\n") == 9);
    v.close();
    const QString link = dir.filePath("t.jsonl");
    QVERIFY(QFile::link(victim, link));
    QCOMPARE(runCli({"run", "pipe-hello", "--quiet", "--trace", link}), 0);
    QVERIFY(v.open(QIODevice::ReadOnly));
    QCOMPARE(v.readAll(), QByteArray("precious\n"));
    QVERIFY(!QFileInfo(link).isSymLink());
    TraceReader reader;
    QVERIFY2(reader.readFile(link), qPrintable(reader.errorString()));
}

QTEST_GUILESS_MAIN(TraceTest)
#include "tst_trace.moc"
