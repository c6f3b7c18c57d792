#include "testsupport.h"

// Every built-in scenario (resources/scenarios/*.json) is a lesson that must load, run and meet
// its own expectations through the real CLI, and appear in `ipcsim list` under its title.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct CliResult
{
    bool finished = false;
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::NormalExit;
    QString out;
    QString err;
    qint64 elapsedMs = 0;

    QString describe(const QStringList &args) const
    {
        QString what = finished ? QStringLiteral("exit code %1%2")
                                      .arg(exitCode)
                                      .arg(exitStatus == QProcess::CrashExit ? " (crashed)" : "")
                                : QStringLiteral("no exit within the deadline (killed)");
        return QStringLiteral("ipcsim %1: %2 after %3 ms\n--- stdout ---\n%4\n--- stderr ---\n%5")
            .arg(args.join(' '), what)
            .arg(elapsedMs)
            .arg(out, err);
    }
};

// Runs the ipcsim CLI and waits for it with a deadline; a run that hangs is killed, not waited on.
CliResult runCli(const QString &bin, const QStringList &args, int deadlineMs)
{
    CliResult r;
    QProcess p;
    QElapsedTimer clock;
    clock.start();
    p.start(bin, args);
    if (!p.waitForStarted(deadlineMs)) {
        r.err = QStringLiteral("could not start %1: %2").arg(bin, p.errorString());
        return r;
    }
    r.finished = p.waitForFinished(deadlineMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(5000);
    }
    r.elapsedMs = clock.elapsed();
    r.exitCode = p.exitCode();
    r.exitStatus = p.exitStatus();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QJsonObject readJson(const QString &path, QString *error)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString();
        return {};
    }
    QJsonParseError pe;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &pe);
    if (pe.error != QJsonParseError::NoError) {
        *error = pe.errorString() + QStringLiteral(" at offset %1").arg(pe.offset);
        return {};
    }
    return doc.object();
}

bool usesExec(const QJsonObject &scenario)
{
    const QJsonArray procs = scenario.value("processes").toArray();
    for (const QJsonValue &p : procs) {
        if (p.toObject().contains("exec")) return true;
    }
    return false;
}

} // namespace

class TestBuiltins : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void builtinsArePresent();
    void builtinIsALesson_data();
    void builtinIsALesson();
    void builtinValidates_data();
    void builtinValidates();
    void compiledInCopyMatchesSource_data();
    void compiledInCopyMatchesSource();
    void builtinRunMeetsItsExpectations_data();
    void builtinRunMeetsItsExpectations();
    void listShowsEveryBuiltinWithItsTitle();
    void cpusOptionRunsTheLessonAndRefusesAnOfflineCpu();
    void checkLooksOnlyAtTheKeysGiven();
    void printedBytesReachTheConsoleWhole();
    void narrateTellsTheRunCausesFirst_data();
    void narrateTellsTheRunCausesFirst();
    void narrationSaysWhichTypeAReceiveWaitsFor();
    void narrationNamesTheCallAProgramSleepsIn();
    void narrationSaysWhichMembersASemopWaitsFor();
    void narrationSaysASignalFromKillHasNoValue();
    void summaryShowsWhatTheKernelHeldAtTheEnd();
    void standardSignalsMergeRealTimeOnesQueue();

private:
    void addRowPerFile();

    QString m_bin;
    QFileInfoList m_files;
};

void TestBuiltins::initTestCase()
{
    m_bin = qEnvironmentVariable("IPCSIM_BIN");
    const QString source = qEnvironmentVariable("IPCSIM_SOURCE_DIR");
    QVERIFY2(!m_bin.isEmpty() && QFileInfo(m_bin).isExecutable(),
             "IPCSIM_BIN must name the ipcsim executable");
    QVERIFY2(!source.isEmpty(), "IPCSIM_SOURCE_DIR must name the source tree");
    const QDir dir(source + QStringLiteral("/resources/scenarios"));
    m_files = dir.entryInfoList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

void TestBuiltins::addRowPerFile()
{
    QTest::addColumn<QString>("path");
    for (const QFileInfo &fi : std::as_const(m_files))
        QTest::newRow(qPrintable(fi.completeBaseName())) << fi.absoluteFilePath();
}

void TestBuiltins::builtinsArePresent()
{
    QVERIFY2(m_files.size() >= 12, "expected at least one built-in scenario per resource type");
    QStringList names;
    for (const QFileInfo &fi : std::as_const(m_files))
        names << fi.completeBaseName();
    // pipe-hello is the default scenario the GUI opens with.
    QVERIFY2(names.contains("pipe-hello"), qPrintable(names.join(' ')));
}

void TestBuiltins::builtinIsALesson_data()
{
    addRowPerFile();
}

// The parts a teacher projects: a name usable on the command line, a title, a one-line
// summary, a lesson text, and an exit expectation that covers every process.
void TestBuiltins::builtinIsALesson()
{
    QFETCH(QString, path);
    const QString name = QFileInfo(path).completeBaseName();
    static const QRegularExpression nameRx(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
    QVERIFY2(nameRx.match(name).hasMatch(), qPrintable(name + ": use lower case and dashes"));

    QString error;
    const QJsonObject s = readJson(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(path + ": " + error));
    QVERIFY(!s.value("title").toString().trimmed().isEmpty());
    const QString summary = s.value("summary").toString();
    QVERIFY2(!summary.trimmed().isEmpty() && !summary.contains('\n'), qPrintable(summary));
    QVERIFY(!s.value("lesson").toString().trimmed().isEmpty());

    const QJsonObject exits = s.value("expect").toObject().value("exit").toObject();
    if (!exits.contains("*")) {
        for (const QJsonValue &p : s.value("processes").toArray()) {
            const QString proc = p.toObject().value("name").toString();
            bool covered = exits.contains(proc);
            for (auto it = exits.begin(); !covered && it != exits.end(); ++it)
                covered = it.key().startsWith(proc + '[');
            QVERIFY2(covered, qPrintable(name + ": no exit expectation for " + proc));
        }
    }
}

void TestBuiltins::builtinValidates_data()
{
    addRowPerFile();
}

void TestBuiltins::builtinValidates()
{
    QFETCH(QString, path);
    const QStringList args{QStringLiteral("validate"), path};
    const CliResult r = runCli(m_bin, args, 20000);
    QVERIFY2(r.finished && r.exitStatus == QProcess::NormalExit && r.exitCode == 0,
             qPrintable(r.describe(args)));
}

void TestBuiltins::compiledInCopyMatchesSource_data()
{
    addRowPerFile();
}

// `ipcsim run NAME` runs the copy compiled into the binary; a stale build would test old text.
void TestBuiltins::compiledInCopyMatchesSource()
{
    QFETCH(QString, path);
    QFile source(path);
    QVERIFY2(source.open(QIODevice::ReadOnly), qPrintable(source.errorString()));
    QFile compiled(QStringLiteral(":/scenarios/%1.json").arg(QFileInfo(path).completeBaseName()));
    QVERIFY2(compiled.open(QIODevice::ReadOnly),
             qPrintable(compiled.fileName() + " is not compiled in: re-run cmake and rebuild"));
    QVERIFY2(compiled.readAll() == source.readAll(),
             qPrintable(compiled.fileName() + " differs from " + path + ": rebuild ipcsim"));
}

void TestBuiltins::builtinRunMeetsItsExpectations_data()
{
    addRowPerFile();
}

// Runs the compiled-in copy by NAME, as a student would (`ipcsim run NAME --check`).
void TestBuiltins::builtinRunMeetsItsExpectations()
{
    QFETCH(QString, path);
    QString error;
    const QJsonObject s = readJson(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(path + ": " + error));

    QStringList args{QStringLiteral("run"), QFileInfo(path).completeBaseName(),
                     QStringLiteral("--check")};
    if (usesExec(s)) args << QStringLiteral("--allow-exec");
    // The file's own timeout stops a stuck run; the deadline here only guards against the
    // CLI itself hanging.
    const int timeoutMs = s.value("timeout_ms").toInt(10000);
    const CliResult r = runCli(m_bin, args, timeoutMs + 20000);
    QVERIFY2(r.finished && r.exitStatus == QProcess::NormalExit && r.exitCode == 0,
             qPrintable(r.describe(args)));
    qInfo("%s: %lld ms", qPrintable(QFileInfo(path).completeBaseName()), r.elapsedMs);
}

void TestBuiltins::listShowsEveryBuiltinWithItsTitle()
{
    const QStringList args{QStringLiteral("list")};
    const CliResult r = runCli(m_bin, args, 20000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));

    QHash<QString, QString> listed; // name -> title
    const QStringList lines = r.out.split('\n', Qt::SkipEmptyParts);
    for (const QString &line : lines) {
        const qsizetype tab = line.indexOf('\t');
        QVERIFY2(tab > 0, qPrintable("not NAME<TAB>title: " + line));
        listed.insert(line.left(tab), line.mid(tab + 1));
    }
    for (const QFileInfo &fi : std::as_const(m_files)) {
        QString error;
        const QJsonObject s = readJson(fi.absoluteFilePath(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        const QString name = fi.completeBaseName();
        QVERIFY2(listed.contains(name), qPrintable(name + " missing from:\n" + r.out));
        QCOMPARE(listed.value(name), s.value("title").toString());
    }
}

void TestBuiltins::cpusOptionRunsTheLessonAndRefusesAnOfflineCpu()
{
    const QStringList ok{QStringLiteral("run"), QStringLiteral("pipe-hello"),
                         QStringLiteral("--check"), QStringLiteral("--cpus"), QStringLiteral("0")};
    const CliResult r = runCli(m_bin, ok, 30000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(ok)));

    // Bad input: exit 2, a message that names the option and the CPU, and nothing launched.
    const QStringList offline{QStringLiteral("run"), QStringLiteral("pipe-hello"),
                              QStringLiteral("--cpus"), QStringLiteral("0,1000")};
    const CliResult bad = runCli(m_bin, offline, 20000);
    QVERIFY2(bad.finished && bad.exitCode == 2, qPrintable(bad.describe(offline)));
    QVERIFY2(bad.err.contains(QLatin1String("--cpus")) &&
                 bad.err.contains(QLatin1String("CPU 1000 is not online")),
             qPrintable(bad.describe(offline)));
    QVERIFY2(bad.out.isEmpty(), qPrintable(bad.describe(offline)));
}

void TestBuiltins::checkLooksOnlyAtTheKeysGiven()
{
    // A deadlock the file does not mention: without --check the run fails (exit 1); with it,
    // only the expectations given count, and this one (w killed by ipcsim) holds.
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(dir, QStringLiteral("stuck.json"),
                                                 R"({"format": 1, "title": "stuck",
                "timeout_ms": 10000, "resources": [{"name": "s", "type": "semaphore"}],
                "expect": {"exit": {"w": "SIGKILL"}},
                "processes": [{"name": "w", "script": "wait s\n"}]})");
    QVERIFY(!path.isEmpty());
    const QStringList plain{QStringLiteral("run"), path};
    const CliResult r = runCli(m_bin, plain, 20000);
    QVERIFY2(r.finished && r.exitCode == 1, qPrintable(r.describe(plain)));
    const QStringList checked{QStringLiteral("run"), path, QStringLiteral("--check")};
    const CliResult c = runCli(m_bin, checked, 20000);
    QVERIFY2(c.finished && c.exitCode == 0, qPrintable(c.describe(checked)));
    QVERIFY2(c.out.contains(QLatin1String("deadlock: w waits on s")) &&
                 c.out.contains(QLatin1String("check: every expectation holds")),
             qPrintable(c.describe(checked)));
}

void TestBuiltins::printedBytesReachTheConsoleWhole()
{
    QTemporaryDir dir;
    const QString path =
        ipcsim::test::writeFile(dir, QStringLiteral("nul.json"), R"({"format": 1, "title": "nul",
                "resources": [],
                "processes": [{"name": "w", "script": "print \"x\u0000y\"\n"}]})");
    QVERIFY(!path.isEmpty());
    QProcess p;
    p.start(m_bin, {QStringLiteral("run"), path});
    QVERIFY(p.waitForFinished(20000));
    QCOMPARE(p.exitCode(), 0);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(out.contains(QByteArray("w: x\0y\n", 7)), out.toHex().constData());
}

void TestBuiltins::narrateTellsTheRunCausesFirst_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("cause");
    QTest::addColumn<QString>("effect");
    QTest::newRow("pipe-hello") << "pipe-hello"
                                << "writer wrote \"Hello\""
                                << "reader read 5 bytes from pipe1: \"Hello\"";
    QTest::newRow("mqueue-priorities") << "mqueue-priorities"
                                       << "sender called sem_post(ready)"
                                       << "reader called sem_wait(ready)";
    QTest::newRow("robust-mutex") << "robust-mutex"
                                  << "holder was killed by SIGABRT"
                                  << "heir locked m, but its previous owner had died";
    // SEM_UNDO: the crasher's death gives the token back, which lets the next one through.
    QTest::newRow("sysv-semaphore-undo")
        << "sysv-semaphore-undo"
        << "crasher was killed by SIGABRT. It crashed (abort). The kernel undid its semops on "
           "printer (SEM_UNDO): printer[0] is 1 again."
        << "next printed \"next: got the printer\"";
    QTest::newRow("signals-ping") << "signals-ping"
                                  << "ping sent SIGUSR1 to pong"
                                  << "pong received SIGUSR1 (value 1)";
}

// `ipcsim run --narrate` prints the window's narration, a sentence a line, in causal order,
// then how the run ended and the verdict (for a terminal, a screen reader, and tests).
void TestBuiltins::narrateTellsTheRunCausesFirst()
{
    QFETCH(QString, name);
    QFETCH(QString, cause);
    QFETCH(QString, effect);
    const QStringList args{QStringLiteral("run"), name, QStringLiteral("--narrate")};
    for (int run = 0; run < 5; ++run) { // the order of the records varies from run to run
        const CliResult r = runCli(m_bin, args, 60000);
        QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
        const QStringList lines = r.out.split(QLatin1Char('\n'));
        auto find = [&](const QString &start) {
            for (int i = 0; i < lines.size(); ++i)
                if (lines[i].startsWith(start)) return i;
            return -1;
        };
        const int c = find(cause), e = find(effect);
        QVERIFY2(c >= 0 && e >= 0, qPrintable(r.out));
        QVERIFY2(
            c < e,
            qPrintable(QStringLiteral("run %1: the effect came first:\n%2").arg(run).arg(r.out)));
        QVERIFY2(find(QStringLiteral("Verdict: as the lesson expected (")) > e, qPrintable(r.out));
        // Counted words agree with their number ("1 message", "2 messages"), never "message(s)".
        QVERIFY2(!r.out.contains(QStringLiteral("(s)")), qPrintable(r.out));
    }
}

// A System V receive sleeps for a type: the story said only "the type it asks for", and told
// a send of another type as waking it. It names the type, and wakes it only with that type.
void TestBuiltins::narrationSaysWhichTypeAReceiveWaitsFor()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("types.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": 1,
        "title": "types", "resources": [{"name": "q", "type": "sysv-mqueue"}],
        "processes": [{"name": "r", "script": "receive q type 2 -> a\nreceive q type -3 -> b\n"},
                      {"name": "s", "script": "send q 7 type 1\nsend q 8 type 2\n"}],
        "schedule": ["r", "s", "s", "r", "r"]})");
    f.close();
    const QStringList args{QStringLiteral("run"), file, QStringLiteral("--narrate")};
    const CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral("r called msgrcv(q, type 2): the queue is empty, so the "
                                           "kernel put it to sleep until a message of type 2 is "
                                           "sent.")),
             qPrintable(r.out));
    QVERIFY2(lines.contains(QStringLiteral("s sent \"7\" with type 1 to q; it now holds 1 "
                                           "message.")),
             qPrintable(r.out));
    QVERIFY2(lines.contains(QStringLiteral("s sent \"8\" with type 2 to q; it now holds 2 "
                                           "messages. That wakes r, who was asleep in msgrcv.")),
             qPrintable(r.out));
    QVERIFY2(lines.contains(QStringLiteral("r received \"7\" (type 1) from q: the oldest of the "
                                           "lowest type up to 3.")),
             qPrintable(r.out));
}

// A program reports no statement, so the story said it slept "in  (anon_pipe_read)": the
// kernel's /proc/PID/syscall names the call. cat reads a pipe whose writer waits for a signal
// nobody sends: both sleep for good, and the engine confirms cat's sleep before it says so.
void TestBuiltins::narrationNamesTheCallAProgramSleepsIn()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("program.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": 1, "title": "program",
        "resources": [{"name": "p", "type": "pipe"}],
        "processes": [{"name": "cat", "exec": ["cat"], "stdin": "p"},
                      {"name": "w", "script": "await SIGUSR1\nwrite p 1\n"}]})");
    f.close();
    const QStringList args{QStringLiteral("run"), file, QStringLiteral("--narrate"),
                           QStringLiteral("--allow-exec")};
    const CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished, qPrintable(r.describe(args)));
    QVERIFY2(r.out.contains(QStringLiteral("cat is asleep in the kernel in read (")),
             qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral(" in  (")), qPrintable(r.out));
}

// "b received SIGUSR1 (value 0)": a signal sent with kill carries no value, and the story
// gave it one. The worker says whether the signal came with its value (sigqueue), and the
// story tells a plain signal as one.
void TestBuiltins::narrationSaysASignalFromKillHasNoValue()
{
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("kill.json"));
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"format": 1, "title": "kill", "resources": [],
        "processes": [{"name": "a", "script": "await SIGUSR2\nsignal b SIGUSR1\nsignal b SIGUSR2 value 7\n"},
                      {"name": "b", "script": "signal a SIGUSR2\nawait SIGUSR1 -> v\nawait SIGUSR2 -> w\n"}]})");
    f.close();
    const QStringList args{QStringLiteral("run"), file, QStringLiteral("--narrate")};
    const CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.contains(QStringLiteral(
                 "b received SIGUSR1 (sent with kill: a signal alone, no value).")) &&
                 lines.contains(QStringLiteral("b received SIGUSR2 (value 7).")),
             qPrintable(r.out));
    QVERIFY2(!r.out.contains(QStringLiteral("(value 0)")), qPrintable(r.out));
}

// Round robin, the producer takes a free slot and the lock first; the consumer's semop then
// finds neither a filled slot nor the lock ("have none", not "has none"), and the producer's
// post of both wakes it.
void TestBuiltins::narrationSaysWhichMembersASemopWaitsFor()
{
    const QStringList args{QStringLiteral("run"), QStringLiteral("sysv-bounded-buffer"),
                           QStringLiteral("--schedule"), QStringLiteral("round-robin"),
                           QStringLiteral("--narrate")};
    const CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    const QString asleep = QStringLiteral(
        "consumer called semop to take a token of sems[1] and sems[2] at once: sems[1] and "
        "sems[2] have none, so the kernel put it to sleep until every member it asks for has "
        "one (it takes none before).");
    const QString wakes = QStringLiteral(
        "producer called semop to give a token to sems[1] and sems[2]; now sems[1] is 1, "
        "sems[2] is 1. That wakes consumer, who was asleep in semop waiting for sems[1] and "
        "sems[2].");
    QVERIFY2(lines.contains(asleep) && lines.contains(wakes), qPrintable(r.out));
    QVERIFY(lines.indexOf(asleep) < lines.indexOf(wakes));
}

// The summary said what the kernel held only in shared memory; semaphores and queues too now.
void TestBuiltins::summaryShowsWhatTheKernelHeldAtTheEnd()
{
    QStringList args{QStringLiteral("run"), QStringLiteral("bounded-buffer")};
    CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    QVERIFY2(r.out.contains(QStringLiteral("  empty = 4  (kernel: sem_getvalue at the end)")) &&
                 r.out.contains(QStringLiteral("  full = 0  (kernel: sem_getvalue at the end)")),
             qPrintable(r.out));
    QTemporaryDir dir;
    const QString path = ipcsim::test::writeFile(
        dir, QStringLiteral("left.json"),
        R"({"format": 1, "title": "left", "resources": [{"name": "q", "type": "mqueue"}],
            "processes": [{"name": "p", "script": "send q \"a\"\nsend q \"b\" priority 5\n"}]})");
    args = {QStringLiteral("run"), path};
    r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    QVERIFY2(r.out.contains(
                 QStringLiteral("  q: 2 messages left: \"b\", \"a\"  (kernel: taken at the end)")),
             qPrintable(r.out));
}

// rt-signals: SIGUSR1 sent three times to a process that blocks it is one pending signal, and
// the story says the other two were lost; SIGRTMIN+1 sent three times is three, queued, taken
// in order with their values. The receiver's second await of SIGUSR1 never returns (the run's
// deadlock): the kernel kept one.
void TestBuiltins::standardSignalsMergeRealTimeOnesQueue()
{
    const QStringList args{QStringLiteral("run"), QStringLiteral("rt-signals"),
                           QStringLiteral("--narrate"), QStringLiteral("--check")};
    const CliResult r = runCli(m_bin, args, 60000);
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe(args)));
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.filter(QStringLiteral("a standard signal does not queue")).size(), 2);
    QCOMPARE(lines.filter(QStringLiteral("receiver has 3 of them waiting now")).size(), 1);
    QStringList took;
    for (const QString &l : lines)
        if (l.startsWith(QStringLiteral("receiver received "))) took << l;
    QCOMPARE(took, (QStringList{QStringLiteral("receiver received SIGRTMIN+1 (value 0)."),
                                QStringLiteral("receiver received SIGRTMIN+1 (value 1)."),
                                QStringLiteral("receiver received SIGRTMIN+1 (value 2)."),
                                QStringLiteral("receiver received SIGUSR1 (sent with kill: a "
                                               "signal alone, no value).")}));
    QVERIFY2(r.out.contains(QStringLiteral("deadlock: receiver waits on SIGUSR1")),
             qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestBuiltins)
#include "tst_builtins.moc"
