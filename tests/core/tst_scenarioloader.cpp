// The scenario loader: every class of mistake is refused with its exact place and the offending
// token quoted, and valid scenarios parse into the expected form.
#include "kinds/file/settings.h"
#include "kinds/mqueue/settings.h"
#include "kinds/mutex/settings.h"
#include "kinds/pipe/settings.h"
#include "kinds/semaphore/settings.h"
#include "kinds/shm/settings.h"
#include "kinds/socket/settings.h"
#include "kinds/sysvsemaphore/settings.h"
#include "scenario/image.h"
#include "scenario/kind.h"
#include "scenario/scenarioloader.h"
#include "scenario/statements.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include "scenario/signalnames.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <sstream>

using namespace ipcsim::core;

namespace {

KernelLimits testLimits()
{
    // Fixed numbers, so the messages do not depend on the machine's /proc settings.
    KernelLimits l;
    l.mqMsgMax = 10;
    l.mqMsgsizeMax = 8192;
    l.mqQueuesMax = 256;
    l.pipeMaxSize = 1048576;
    l.maxProcesses = 64;
    l.rlimitMsgqueue = 819200;
    return l;
}

LoadResult load(const std::string &text, const KernelLimits &limits = testLimits())
{
    return loadScenario(text, "s.json", limits);
}

// A scenario on one line per part, so positions are easy to state: line 1 is "{", line 2 the
// resources, line 3 the processes, line 4 anything extra.
std::string scenario(const std::string &resources, const std::string &processes,
                     const std::string &extra = {})
{
    return "{\"format\": 1, \"title\": \"t\",\n\"resources\": [" + resources +
           "],\n\"processes\": [" + processes + "]" +
           (extra.empty() ? std::string() : ",\n" + extra) + "\n}\n";
}

// A process whose script is given as raw script text (escaped into JSON here).
std::string proc(const std::string &name, const std::string &script)
{
    std::string escaped;
    for (char c : script) {
        if (c == '\n')
            escaped += "\\n";
        else if (c == '\t')
            escaped += "\\t";
        else if (c == '"' || c == '\\')
            escaped += std::string("\\") + c;
        else
            escaped += c;
    }
    return "{\"name\": \"" + name + "\", \"script\": \"" + escaped + "\"}";
}

// "LINE:COL" of the nth occurrence of needle, counting columns in characters.
std::string at(const std::string &text, const std::string &needle, int nth = 1)
{
    size_t pos = std::string::npos;
    size_t from = 0;
    for (int k = 0; k < nth; ++k) {
        pos = text.find(needle, from);
        if (pos == std::string::npos) return "NOT FOUND";
        from = pos + 1;
    }
    int line = 1, col = 1;
    for (size_t i = 0; i < pos; ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++col;
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

QString joined(const LoadResult &r)
{
    QStringList list;
    for (const std::string &e : r.errors)
        list << QString::fromStdString(e);
    return list.join(QLatin1Char('\n'));
}

// The only error of text must be exactly expected.
#define EXPECT_ONE_ERROR(result, expected)                                                         \
    do {                                                                                           \
        const LoadResult r_ = (result);                                                            \
        QVERIFY2(!r_.ok(), "the scenario was accepted");                                           \
        QCOMPARE(joined(r_), QString::fromStdString(expected));                                    \
    } while (0)

const Stmt &stmt(const Script &s, size_t i)
{
    return s.body.at(i);
}

} // namespace

class TestScenarioLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // --- The reference ---
    void theFormatReferenceDescribesEverythingTheLoaderAccepts()
    {
        // docs/format.md (the window's Help opens it) names every key, resource type, option
        // and statement the loader accepts, each as code: `key`.
        QFile f(qEnvironmentVariable("IPCSIM_SOURCE_DIR") + QStringLiteral("/docs/format.md"));
        QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName()));
        const QString doc = QString::fromUtf8(f.readAll());
        QStringList missing;
        auto need = [&](const std::string &word, const char *what) {
            const QString code = QLatin1Char('`') + QString::fromStdString(word);
            // `key`, `write R …`, `forever:`
            if (!doc.contains(code + QLatin1Char('`')) && !doc.contains(code + QLatin1Char(' ')) &&
                !doc.contains(code + QLatin1Char(':')))
                missing << QStringLiteral("%1 %2").arg(QLatin1String(what),
                                                       QString::fromStdString(word));
        };
        for (const std::string &k : topLevelKeys())
            need(k, "top-level key");
        for (const std::string &k : processKeys())
            need(k, "process key");
        for (const std::string &k : expectKeys())
            need(k, "expect key");
        for (const KindFormat *kind : kindFormats()) {
            need(kind->name, "resource type");
            for (const KindOption &o : kind->options)
                need(o.key, "resource option");
        }
        for (const StatementInfo &s : statements()) {
            if (s.op == Op::None) continue;
            // Each statement's whole form, as the reference writes it: `lockfile F [shared]`.
            if (!doc.contains(QLatin1Char('`') + QString::fromUtf8(s.form) + QLatin1Char('`')))
                missing << QStringLiteral("statement %1").arg(QString::fromUtf8(s.form));
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    }

    void everyStatementIsDescribedOnceByItsKeyword()
    {
        for (const StatementInfo &s : statements()) {
            if (s.op == Op::None) continue;
            QCOMPARE(statementInfo(s.op).op, s.op);
            QCOMPARE(opName(s.op), s.keyword);
            // "write R N bytes" begins with write too; its operands tell it apart.
            const Op begun = s.op == Op::WriteBytes ? Op::Write : s.op;
            QCOMPARE(opOfKeyword(s.keyword), std::optional<Op>(begun));
            // A misspelt keyword is suggested back from the same table.
            const std::string typo = std::string(s.keyword) + "q";
            const LoadResult r = load(scenario("", proc("p", typo)));
            QVERIFY2(joined(r).contains(
                         QStringLiteral("(did you mean \"%1\"?)").arg(QLatin1String(s.keyword))),
                     qPrintable(joined(r)));
        }
        QVERIFY(!opOfKeyword("else")); // part of an if, no statement of its own
        QVERIFY(!opOfKeyword("none"));
    }

    // --- JSON ---
    void syntaxErrorReportsExactPosition()
    {
        const std::string text =
            "{\n  \"format\": 1,\n  \"title\": \"x\"\n  \"resources\": []\n}\n";
        EXPECT_ONE_ERROR(load(text),
                         "s.json:4:3: unexpected string \"resources\" (expected \",\" or \"}\")");
    }
    void syntaxErrorColumnCountsCharactersNotBytes()
    {
        // "é" is two bytes in UTF-8 but one column.
        const std::string text = "{\"title\": \"héé\" @}";
        EXPECT_ONE_ERROR(load(text), "s.json:1:17: unexpected \"@\" (expected \",\" or \"}\")");
    }
    void trailingCommaIsRefused()
    {
        EXPECT_ONE_ERROR(load("{\"format\": 1,\n}"),
                         "s.json:2:1: unexpected \"}\" after \",\" (trailing comma)");
        EXPECT_ONE_ERROR(load("{\"a\": [1, 2,]}"),
                         "s.json:1:13: unexpected \"]\" after \",\" (trailing comma)");
    }
    void unterminatedStringPointsAtItsStart()
    {
        EXPECT_ONE_ERROR(load("{\"title\": \"abc"),
                         "s.json:1:11: string never ends (missing '\"')");
        EXPECT_ONE_ERROR(load("{\"title\": \"a\nb\"}"),
                         "s.json:1:13: line break inside a string (write \"\\n\" for a new line)");
    }
    void badLiteralsAndEmptyFile()
    {
        EXPECT_ONE_ERROR(load("{\"format\": tru}"),
                         "s.json:1:12: unexpected \"tru\" (expected a value)");
        EXPECT_ONE_ERROR(load("{\"format\": 01}"),
                         "s.json:1:12: number with a leading zero \"01\"");
        EXPECT_ONE_ERROR(load("   \n"), "s.json:2:1: the file is empty (expected a JSON object)");
        EXPECT_ONE_ERROR(load("{} x"),
                         "s.json:1:4: unexpected \"x\" after the end of the JSON value");
        EXPECT_ONE_ERROR(load("{'a': 1}"),
                         "s.json:1:2: unexpected \"'\" (JSON strings use double quotes)");
    }
    void deepNestingIsRefusedNotACrash()
    {
        const std::string text = "{\"a\": " + std::string(5000, '[');
        const LoadResult r = load(text);
        QVERIFY(!r.ok());
        QVERIFY2(joined(r).contains("nesting deeper than"), qPrintable(joined(r)));
    }
    void duplicateKeyIsRefusedAtTheSecondKey()
    {
        const std::string text = scenario("", proc("p", "exit"), "\"title\": \"again\"");
        EXPECT_ONE_ERROR(load(text), "s.json:" + at(text, "\"title\"", 2) +
                                         ": duplicate key \"title\" (first at line 1, column 15)");
    }

    // --- keys, types, names ---
    void unknownKeyAtTheTopLevel()
    {
        const std::string text = scenario("", proc("p", "exit"), "\"titel\": \"x\"");
        EXPECT_ONE_ERROR(
            load(text),
            "s.json:4:1: unknown key \"titel\" at the top level (did you mean \"title\"?)");
    }
    void unknownKeyInAResource()
    {
        const std::string text =
            scenario("{\"name\": \"s\", \"type\": \"shm\", \"cels\": 4}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "\"cels\"") +
                             ": unknown key \"cels\" in resource \"s\" (did you mean \"cells\"?)");
    }
    void optionOfAnotherTypeIsRefused()
    {
        const std::string text =
            scenario("{\"name\": \"p1\", \"type\": \"pipe\", \"parties\": 4}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "\"parties\"") +
                             ": \"parties\" is not an option of a pipe (it belongs to barrier)");
    }
    void unknownKeyInAProcess()
    {
        const std::string text =
            scenario("", "{\"name\": \"p\", \"script\": \"exit\", \"cont\": 2}");
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "\"cont\"") +
                             ": unknown key \"cont\" in process \"p\" (did you mean \"count\"?)");
    }
    void unknownKeyInExpect()
    {
        const std::string text = scenario("", proc("p", "exit"), "\"expect\": {\"exits\": {}}");
        EXPECT_ONE_ERROR(
            load(text),
            "s.json:4:12: unknown key \"exits\" in \"expect\" (did you mean \"exit\"?)");
        const std::string bounds =
            scenario("{\"name\": \"c\", \"type\": \"shm\"}", proc("p", "exit"),
                     "\"expect\": {\"cells\": {\"c[0]\": {\"mni\": 1}}}");
        EXPECT_ONE_ERROR(
            load(bounds),
            "s.json:" + at(bounds, "\"mni\"") +
                ": unknown key \"mni\" in the bounds of \"c[0]\" (did you mean \"min\"?)");
    }
    void wrongTypeNamesTheKeyAndTheValue()
    {
        const std::string text =
            scenario("", "{\"name\": \"w\", \"count\": \"3\", \"script\": \"exit\"}");
        EXPECT_ONE_ERROR(load(text), "s.json:" + at(text, "\"3\"") +
                                         ": \"count\" must be an integer, found a string \"3\"");
        const std::string robust =
            scenario("{\"name\": \"m\", \"type\": \"mutex\", \"robust\": 1}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(robust),
                         "s.json:" + at(robust, "1}") +
                             ": \"robust\" must be true or false, found an integer 1");
        const std::string fmt =
            "{\"format\": 2, \"title\": \"t\", \"resources\": [], \"processes\": [" +
            proc("p", "exit") + "]}";
        EXPECT_ONE_ERROR(load(fmt),
                         "s.json:1:12: format 2 is not supported (this ipcsim reads format 1)");
        const std::string timeout = scenario("", proc("p", "exit"), "\"timeout_ms\": 1.5");
        EXPECT_ONE_ERROR(load(timeout),
                         "s.json:4:15: \"timeout_ms\" must be an integer, found a number 1.5");
    }
    void missingRequiredKey()
    {
        const std::string text =
            "{\"format\": 1, \"resources\": [], \"processes\": [" + proc("p", "exit") + "]}";
        EXPECT_ONE_ERROR(load(text), "s.json:1:1: missing required key \"title\" at the top level");
        const std::string barrier =
            scenario("{\"name\": \"b\", \"type\": \"barrier\"}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(barrier),
                         "s.json:2:15: missing required key \"parties\" in barrier \"b\"");
        const std::string noType = scenario("{\"name\": \"b\"}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(noType),
                         "s.json:2:15: missing required key \"type\" in resource \"b\"");
        const std::string noBody = scenario("", "{\"name\": \"p\"}");
        EXPECT_ONE_ERROR(load(noBody), "s.json:3:15: process \"p\" needs \"script\" or \"exec\"");
        const std::string noProcesses = scenario("", "");
        EXPECT_ONE_ERROR(
            load(noProcesses),
            "s.json:3:14: \"processes\" is empty: a scenario needs at least one process");
    }
    void valueRangesAreChecked()
    {
        const std::string parties =
            scenario("{\"name\": \"b\", \"type\": \"barrier\", \"parties\": 0}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(parties), "s.json:" + at(parties, "0}") +
                                            ": \"parties\" must be at least 1, found 0");
        const std::string count =
            scenario("", "{\"name\": \"w\", \"count\": 0, \"script\": \"exit\"}");
        EXPECT_ONE_ERROR(load(count),
                         "s.json:" + at(count, "0,") + ": \"count\" must be at least 1, found 0");
        const std::string domain = scenario(
            "{\"name\": \"k\", \"type\": \"socket\", \"domain\": \"inet\"}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(domain), "s.json:" + at(domain, "\"inet\"") +
                                           ": unknown socket domain \"inet\" (unix or tcp)");
    }
    void unknownResourceType()
    {
        const std::string text =
            scenario("{\"name\": \"q\", \"type\": \"queue\"}", proc("p", "exit"));
        std::string types; // every kind, in the registry's order
        for (const KindFormat *kind : kindFormats())
            types += (types.empty() ? "" : ", ") + std::string(kind->name);
        QVERIFY(types.starts_with("pipe, fifo, mqueue, shm, semaphore, mutex, spinlock, barrier, "
                                  "socket, file"));
        EXPECT_ONE_ERROR(load(text), "s.json:" + at(text, "\"queue\"") +
                                         ": unknown resource type \"queue\" (did you mean "
                                         "\"mqueue\"?) (the types are " +
                                         types + ")");
    }
    void badNameIsRefused()
    {
        const std::string text =
            scenario("{\"name\": \"1x\", \"type\": \"pipe\"}", proc("a-b", "exit"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "\"1x\"") +
                             ": bad name \"1x\": a name matches [A-Za-z_][A-Za-z0-9_]*\n"
                             "s.json:" +
                             at(text, "\"a-b\"") +
                             ": bad name \"a-b\": a name matches [A-Za-z_][A-Za-z0-9_]*");
    }
    void duplicateNameAcrossResourcesAndProcesses()
    {
        const std::string text =
            scenario("{\"name\": \"x\", \"type\": \"pipe\"}", proc("x", "exit"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json:" + at(text, "\"x\"", 2) +
                ": duplicate name \"x\" (first used at line 2, column 24; names are unique "
                "across resources and processes)");
    }
    void execRules()
    {
        const std::string both =
            scenario("", "{\"name\": \"p\", \"script\": \"exit\", \"exec\": [\"true\"]}");
        EXPECT_ONE_ERROR(load(both),
                         "s.json:" + at(both, "\"exec\"") +
                             ": \"exec\": a process has either \"script\" or \"exec\", not both");
        const std::string stdinOnScript =
            scenario("{\"name\": \"p1\", \"type\": \"pipe\"}",
                     "{\"name\": \"p\", \"script\": \"exit\", \"stdin\": \"p1\"}");
        EXPECT_ONE_ERROR(load(stdinOnScript),
                         "s.json:" + at(stdinOnScript, "\"stdin\"") +
                             ": \"stdin\" applies only to an \"exec\" process");
        const std::string stdinSem =
            scenario("{\"name\": \"s\", \"type\": \"semaphore\"}",
                     "{\"name\": \"p\", \"exec\": [\"cat\"], \"stdin\": \"s\"}");
        EXPECT_ONE_ERROR(
            load(stdinSem),
            "s.json:" + at(stdinSem, "\"s\"}") +
                ": \"stdin\" must name a pipe, fifo or file, but \"s\" is a semaphore");
        const std::string good = scenario(
            "{\"name\": \"a\", \"type\": \"pipe\"}, {\"name\": \"f\", \"type\": \"file\"}",
            "{\"name\": \"p\", \"exec\": [\"sort\", \"-n\"], \"stdin\": \"a\", \"stderr\": \"f\"}");
        const LoadResult r = load(good);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const ProcessSpec &p = r.scenario->processes[0];
        QVERIFY(p.isExec());
        QCOMPARE(p.exec, (std::vector<std::string>{"sort", "-n"}));
        QCOMPARE(p.stdinRes, 0);
        QCOMPARE(p.stdoutRes, -1);
        QCOMPARE(p.stderrRes, 1);
        QVERIFY(r.scenario->hasExec());
    }

    // --- limits ---
    void mqueueOverMsgMaxNamesTheLimitAndItsSource()
    {
        const std::string text = scenario(
            "{\"name\": \"q\", \"type\": \"mqueue\", \"max_messages\": 50}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(text), "s.json:" + at(text, "50") +
                                         ": max_messages 50 is over the kernel limit msg_max = 10 "
                                         "(/proc/sys/fs/mqueue/msg_max)");
    }
    void uncheckedLimitsAcceptWhatTheKernelMightRefuse()
    {
        const std::string text = scenario("{\"name\": \"q\", \"type\": \"mqueue\", "
                                          "\"max_messages\": 50, \"message_size\": 100000}",
                                          proc("p", "exit"));
        const LoadResult r = load(text, KernelLimits::unchecked());
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        QCOMPARE(kinds::mqueue::settingsOf(r.scenario->resources[0]).maxMessages, int64_t(50));
    }
    void mqueueOverMsgsizeMax()
    {
        const std::string text = scenario(
            "{\"name\": \"q\", \"type\": \"mqueue\", \"message_size\": 9000}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "9000") +
                             ": message_size 9000 is over the kernel limit msgsize_max = 8192 "
                             "(/proc/sys/fs/mqueue/msgsize_max)");
    }
    // A System V queue's bytes (msg_qbytes) are the kernel's msgmnb unless set, never over it
    // (only a privileged process may raise them), and hold its largest message at least.
    void sysvQueueBytesDefaultToMsgmnbAndStayUnderIt()
    {
        KernelLimits l = testLimits();
        l.sysvMsgMnb = 12000;
        const LoadResult plain =
            load(scenario("{\"name\": \"v\", \"type\": \"sysv-mqueue\"}", proc("p", "exit")), l);
        QVERIFY2(plain.ok(), qPrintable(joined(plain)));
        QCOMPARE(kinds::mqueue::settingsOf(plain.scenario->resources[0]).queueBytes,
                 int64_t(12000));
        const LoadResult set = load(scenario("{\"name\": \"v\", \"type\": \"sysv-mqueue\", "
                                             "\"queue_bytes\": 64, \"message_size\": 16}",
                                             proc("p", "exit")),
                                    l);
        QVERIFY2(set.ok(), qPrintable(joined(set)));
        QCOMPARE(kinds::mqueue::settingsOf(set.scenario->resources[0]).queueBytes, int64_t(64));
        const std::string over =
            scenario("{\"name\": \"v\", \"type\": \"sysv-mqueue\", \"queue_bytes\": 20000}",
                     proc("p", "exit"));
        EXPECT_ONE_ERROR(load(over, l), "s.json:" + at(over, "20000") +
                                            ": queue_bytes 20000 is over the kernel limit msgmnb "
                                            "= 12000 (/proc/sys/kernel/msgmnb)");
        const std::string small =
            scenario("{\"name\": \"v\", \"type\": \"sysv-mqueue\", \"queue_bytes\": 64, "
                     "\"message_size\": 100}",
                     proc("p", "exit"));
        EXPECT_ONE_ERROR(load(small, l),
                         "s.json:" + at(small, "100") +
                             ": sysv-mqueue \"v\" has message_size 100, more than its queue_bytes "
                             "64: a message that long would wait for room forever");
    }
    void pipeOverPipeMaxSize()
    {
        const std::string text = scenario(
            "{\"name\": \"f\", \"type\": \"fifo\", \"capacity\": 2000000}", proc("p", "exit"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json:" + at(text, "2000000") +
                             ": capacity 2000000 is over the kernel limit pipe-max-size = 1048576 "
                             "(/proc/sys/fs/pipe-max-size)");
    }
    void tooManyQueues()
    {
        KernelLimits l = testLimits();
        l.mqQueuesMax = 1;
        const std::string text = scenario(
            "{\"name\": \"q1\", \"type\": \"mqueue\"}, {\"name\": \"q2\", \"type\": \"mqueue\"}",
            proc("p", "exit"));
        EXPECT_ONE_ERROR(
            load(text, l),
            "s.json:" + at(text, "\"q2\"") +
                ": mqueue \"q2\" is queue number 2, over the kernel limit queues_max = 1 "
                "(/proc/sys/fs/mqueue/queues_max)");
    }
    void queuesOverRlimitMsgqueue()
    {
        KernelLimits l = testLimits();
        l.rlimitMsgqueue = 4000;
        const std::string text =
            scenario("{\"name\": \"q1\", \"type\": \"mqueue\"}, "
                     "{\"name\": \"q2\", \"type\": \"mqueue\", \"max_messages\": 8}",
                     proc("p", "exit"));
        // 10 * (256 + 96) + 8 * (256 + 96) = 6336 > 4000: the second queue crosses the line.
        EXPECT_ONE_ERROR(
            load(text, l),
            "s.json:" + at(text, "8}") +
                ": mqueue \"q2\" brings the message queues to 6336 bytes as the kernel counts "
                "them (max_messages * (message_size + 96) per queue), over the limit "
                "RLIMIT_MSGQUEUE = 4000 (getrlimit; ulimit -q raises it)");
    }
    // Ten queues of ten 8192-byte messages passed validate (819,200 bytes of messages, the
    // default budget exactly) and failed at run time with EMFILE: the kernel also counts 96
    // bytes of bookkeeping per message (measured here: nine such queues and a tenth of
    // 10 x 7232 bytes open; 10 x 7233 fails).
    void queuesCountTheKernelsBookkeeping()
    {
        std::string queues;
        for (int i = 0; i < 10; ++i)
            queues += std::string(i ? ", " : "") + "{\"name\": \"q" + std::to_string(i) +
                      "\", \"type\": \"mqueue\", \"max_messages\": 10, \"message_size\": " +
                      (i < 9 ? "8192" : "7233") + "}";
        const LoadResult over = load(scenario(queues, proc("p", "exit")));
        QCOMPARE(over.errors.size(), size_t(1));
        QVERIFY2(over.errors[0].find("\"q9\" brings the message queues to 819210 bytes") !=
                     std::string::npos,
                 over.errors[0].c_str());
        const std::string fits = queues.replace(queues.rfind("7233"), 4, "7232");
        QVERIFY(load(scenario(fits, proc("p", "exit"))).ok());
    }
    // Names the kernel cannot hold with ipcsim's prefix are refused with their place (a shm
    // of 232 letters and a unix socket of 78 passed validate and failed at run time).
    void namesTooLongForTheKernelAreRefused()
    {
        const std::string shm = std::string(232, 's');
        std::string text =
            scenario("{\"name\": \"" + shm + "\", \"type\": \"shm\"}", proc("p", "exit"));
        LoadResult r = load(text);
        QCOMPARE(r.errors.size(), size_t(1));
        QVERIFY2(r.errors[0].find("s.json:" + at(text, "\"sss")) == 0 &&
                     r.errors[0].find("is 232 bytes long, over the 231 bytes a kernel object's "
                                      "name holds (NAME_MAX)") != std::string::npos,
                 r.errors[0].c_str());
        QVERIFY(load(scenario("{\"name\": \"" + std::string(231, 's') + "\", \"type\": \"shm\"}",
                              proc("p", "exit")))
                    .ok());
        text = scenario("{\"name\": \"" + std::string(78, 'u') + "\", \"type\": \"socket\"}",
                        proc("p", "exit"));
        r = load(text);
        QCOMPARE(r.errors.size(), size_t(1));
        QVERIFY2(r.errors[0].find("over the 77 bytes a unix socket's address holds") !=
                     std::string::npos,
                 r.errors[0].c_str());
    }

    // A huge file is refused before it is parsed, with its size and the limit (16 MB took
    // 1.45 s and 1 GB to be refused for an unknown key; 78 MB, 28 s and 3.75 GB).
    void aHugeFileIsRefusedUnread()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string path = dir.filePath(QStringLiteral("big.json")).toStdString();
        {
            FILE *f = std::fopen(path.c_str(), "w");
            QVERIFY(f);
            std::fputs("{\"format\": 1, \"zzz\": [", f);
            for (int i = 0; i < 3000000; ++i)
                std::fputs("1,", f);
            std::fputs("1]}", f);
            std::fclose(f);
        }
        const LoadResult r = loadScenarioFile(path, testLimits());
        QCOMPARE(r.errors.size(), size_t(1));
        QCOMPARE(r.errors[0], path + ": the file is 6000025 bytes long, over the 4194304 bytes "
                                     "a scenario may have");
        const LoadResult t = load(std::string(kMaxScenarioBytes + 1, ' '));
        QCOMPARE(t.errors.size(), size_t(1));
    }

    // Each message quotes what it found, but a huge token only by its start and its length:
    // 3 MB numbers, resource names and keys were quoted whole.
    void aHugeTokenIsQuotedByItsStart_data()
    {
        QTest::addColumn<QByteArray>("where"); // the scenario, with TOKEN for the huge token
        const QByteArray head = "{\"format\": 1, \"title\": \"t\", ";
        const QByteArray exits = "\"processes\": [{\"name\": \"a\", \"script\": \"exit\"}]}";
        auto script = [&head](const char *text) {
            return head + "\"resources\": [], \"processes\": [{\"name\": \"a\", \"script\": \"" +
                   text + "\"}]}";
        };
        QTest::newRow("key") << head + "\"TOKEN\": 1, \"resources\": [], " + exits;
        QTest::newRow("duplicate key")
            << head + "\"TOKEN\": 1, \"TOKEN\": 2, \"resources\": [], " + exits;
        QTest::newRow("key without a colon") << QByteArray("{\"TOKEN\" 1}");
        QTest::newRow("number") << head + "\"timeout_ms\": 9TOKEN, \"resources\": [], " + exits;
        QTest::newRow("resource type")
            << head + "\"resources\": [{\"name\": \"r\", \"type\": \"TOKEN\"}], " + exits;
        QTest::newRow("resource name")
            << head + "\"resources\": [{\"name\": \"-TOKEN\", \"type\": \"pipe\"}], " + exits;
        QTest::newRow("statement") << script("TOKEN x");
        QTest::newRow("script resource") << script("write TOKEN \\\"x\\\"");
        QTest::newRow("script integer") << script("set x = 9TOKEN");
        QTest::newRow("script text") << script("if \\\"xTOKEN\\\" == 1:\\n    exit");
        QTest::newRow("signal") << script("signal a SIGTOKEN");
        QTest::newRow("schedule") << head + "\"schedule\": [\"TOKEN\"], \"resources\": [], " +
                                         exits;
        QTest::newRow("expected process")
            << head + "\"expect\": {\"printed\": {\"TOKEN\": []}}, \"resources\": [], " + exits;
    }

    void aHugeTokenIsQuotedByItsStart()
    {
        QFETCH(QByteArray, where);
        const QByteArray token(1000000, '9'); // digits: a number, a name and a word alike
        const std::string text = QByteArray(where).replace("TOKEN", token).toStdString();
        const LoadResult r = load(text);
        QVERIFY(!r.errors.empty());
        for (const std::string &e : r.errors) {
            QVERIFY2(e.size() < 400, e.substr(0, 400).c_str());
            QVERIFY2(e.find(" bytes)") != std::string::npos, e.c_str());
        }
    }

    void tooManyProcesses()
    {
        KernelLimits l = testLimits();
        l.maxProcesses = 4;
        const std::string text = scenario(
            "", proc("a", "exit") + ", {\"name\": \"w\", \"count\": 4, \"script\": \"exit\"}");
        EXPECT_ONE_ERROR(
            load(text, l),
            "s.json:" + at(text, "4,") +
                ": count 4 makes 5 processes in all (counting replicas), over ipcsim's "
                "limit of 4 per scenario (KernelLimits::maxProcesses)");
        const std::string many =
            scenario("", "{\"name\": \"w\", \"count\": 65, \"script\": \"exit\"}");
        EXPECT_ONE_ERROR(load(many),
                         "s.json:" + at(many, "65") + ": \"count\" must be at most 64, found 65");
        std::string procs;
        for (int i = 0; i < 3; ++i)
            procs += std::string(i ? ", " : "") + "{\"name\": \"w" + std::to_string(i) +
                     "\", \"count\": 30, \"script\": \"exit\"}";
        EXPECT_ONE_ERROR(load(scenario("", procs)),
                         "s.json:" + at(scenario("", procs), "30", 3) +
                             ": count 30 makes 90 processes in all (counting replicas), "
                             "over ipcsim's limit of 64 per scenario (wire::kMaxInstances)");
    }
    void tooManyResources()
    {
        std::string res;
        for (int i = 0; i < 129; ++i)
            res += std::string(i ? ", " : "") + "{\"name\": \"s" + std::to_string(i) +
                   "\", \"type\": \"semaphore\"}";
        const std::string text = scenario(res, proc("p", "exit"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json:" + at(text, "\"s128\"") +
                ": resource \"s128\" is resource number 129, over ipcsim's limit of 128 "
                "resources per scenario (wire::kMaxResources)");
    }

    // --- scripts ---
    void tabInIndentation()
    {
        const std::string text = scenario("", proc("p", "repeat 2:\n\tprint 1"));
        EXPECT_ONE_ERROR(load(text), "s.json: process p, line 2: tab \"\\t\" in indentation "
                                     "(column 1): indent with spaces only");
    }
    void unknownStatement()
    {
        const std::string text = scenario("{\"name\": \"s\", \"type\": \"semaphore\"}",
                                          proc("p", "# comment\n\nwiat s"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 3: unknown statement \"wiat\" (did you mean \"wait\"?)");
    }
    void statementOnWrongResourceType()
    {
        const std::string text = scenario(
            "{\"name\": \"pipe1\", \"type\": \"pipe\"}, {\"name\": \"s\", \"type\": "
            "\"semaphore\"}, "
            "{\"name\": \"d\", \"type\": \"socket\", \"kind\": \"datagram\"}",
            proc("p",
                 "wait pipe1\naccept d\nlockfile pipe1\nload v = s[0]\nsend pipe1 1\nread s 4"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: \"wait\" needs " + kindsTaking(Op::Wait) +
                ", but \"pipe1\" is a pipe\n"
                "s.json: process p, line 2: accept needs a stream socket, but \"d\" is a datagram "
                "socket\n"
                "s.json: process p, line 3: \"lockfile\" needs a file, but \"pipe1\" is a pipe\n"
                "s.json: process p, line 4: \"load\" needs " +
                kindsTaking(Op::Load) +
                " cell, but \"s\" is a semaphore\n"
                "s.json: process p, line 5: \"send\" needs " +
                kindsTaking(Op::Send) +
                ", but \"pipe1\" is a pipe\n"
                "s.json: process p, line 6: \"read\" needs " +
                kindsTaking(Op::Read) + ", but \"s\" is a semaphore");
    }
    // What a kind refuses of a statement it takes is said by the kind (its statementFault).
    void aSocketRefusesPriorityAndADatagramSocketConnecting()
    {
        const std::string text =
            scenario("{\"name\": \"st\", \"type\": \"socket\"}, "
                     "{\"name\": \"d\", \"type\": \"socket\", \"kind\": \"datagram\"}, "
                     "{\"name\": \"q\", \"type\": \"mqueue\"}",
                     proc("p", "send st 1 priority 3\nconnect d\nsend q 1 priority 3\nsend d 2"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: \"priority\" applies to a mqueue, and \"st\" is a "
            "socket\n"
            "s.json: process p, line 2: connect needs a stream socket, but \"d\" is a datagram "
            "socket");
    }
    // "shared" asks a rwlock for its read lock; a mutex or a spinlock has one owner, and says
    // so. A rwlock takes it on lock and trylock, before trylock's register.
    void onlyARwlockHasASharedLock()
    {
        const std::string locks = "{\"name\": \"m\", \"type\": \"mutex\"}, "
                                  "{\"name\": \"s\", \"type\": \"spinlock\"}, "
                                  "{\"name\": \"l\", \"type\": \"rwlock\"}";
        EXPECT_ONE_ERROR(load(scenario(locks, proc("p", "lock m shared\ntrylock s shared\n"
                                                        "lock l shared\nunlock l\nunlock m"))),
                         "s.json: process p, line 1: \"shared\" asks a rwlock for a read lock, "
                         "and \"m\" is a mutex, which has one owner at a time\n"
                         "s.json: process p, line 2: \"shared\" asks a rwlock for a read lock, "
                         "and \"s\" is a spinlock, which has one owner at a time");
        const LoadResult r = load(scenario(locks, proc("p", "trylock l shared -> got\nlock l")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Script &s = r.scenario->processes.at(0).script;
        QCOMPARE(stmt(s, 0).op, Op::TryLock);
        QVERIFY(stmt(s, 0).shared);
        QVERIFY(stmt(s, 0).reg >= 0);
        QVERIFY(!stmt(s, 1).shared);
    }
    // A System V queue's messages have a type (1 or more), a POSIX queue's a priority: each
    // refuses the other's word.
    void messageTypesAreASystemVQueues()
    {
        const std::string queues = "{\"name\": \"q\", \"type\": \"mqueue\"}, "
                                   "{\"name\": \"v\", \"type\": \"sysv-mqueue\"}";
        EXPECT_ONE_ERROR(load(scenario(queues, proc("p", "send q 1 type 2\nsend v 1 priority 2\n"
                                                         "send v 1 type 0\nreceive q type 1"))),
                         "s.json: process p, line 1: \"type\" applies to a sysv-mqueue, and "
                         "\"q\" is a mqueue\n"
                         "s.json: process p, line 2: \"priority\" applies to a mqueue, and "
                         "\"v\" is a sysv-mqueue, whose messages have a type (type T)\n"
                         "s.json: process p, line 3: message type \"0\" is not positive (a "
                         "System V message's type is 1 or more)\n"
                         "s.json: process p, line 4: \"type\" applies to a sysv-mqueue, and "
                         "\"q\" is a mqueue");
        const LoadResult r =
            load(scenario(queues, proc("p", "send v 1 type 3\nreceive v type -2 -> got")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Script &s = r.scenario->processes.at(0).script;
        QVERIFY(stmt(s, 0).typed && stmt(s, 0).e2 >= 0);
        QVERIFY(stmt(s, 1).typed && stmt(s, 1).e1 >= 0 && stmt(s, 1).reg >= 0);
    }
    // A System V set's wait, trywait and post name its members, several in one semop; a set
    // of one may be named alone. Its size and values are the kernel's to bound.
    void aSetsStatementsNameItsMembers()
    {
        const std::string sets = "{\"name\": \"f\", \"type\": \"sysv-semaphore\", "
                                 "\"semaphores\": 3}, "
                                 "{\"name\": \"one\", \"type\": \"sysv-semaphore\"}, "
                                 "{\"name\": \"s\", \"type\": \"semaphore\"}";
        EXPECT_ONE_ERROR(load(scenario(sets, proc("p", "wait f\npost f[3]\nwait f[0], one[0]\n"
                                                       "wait s[0]"))),
                         "s.json: process p, line 1: \"f\" is a set of 3 semaphores: name the "
                         "members \"wait\" takes (\"wait f[0]\", or several: \"wait f[0], "
                         "f[1]\"), found end of line\n"
                         "s.json: process p, line 2: member \"f[3]\" is outside \"f\" (3 "
                         "semaphores: 0..2)\n"
                         "s.json: process p, line 3: one \"wait\" is one semop, on members of "
                         "one set: \"one\" is not a member of \"f\"\n"
                         "s.json: process p, line 4: unexpected \"[\" after \"wait s\"");
        const LoadResult r = load(
            scenario(sets, proc("p", "wait f[0], f[$index + 2]\ntrywait one -> got\npost one[0]")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Script &sc = r.scenario->processes.at(0).script;
        QCOMPARE(stmt(sc, 0).args.size(), size_t(2));
        QVERIFY(stmt(sc, 1).args.empty() && stmt(sc, 1).reg >= 0);
        QCOMPARE(stmt(sc, 2).args.size(), size_t(1));
        EXPECT_ONE_ERROR(
            load(scenario("{\"name\": \"f\", \"type\": \"sysv-semaphore\", \"semaphores\": 0, "
                          "\"initial\": 32768}",
                          proc("p", "post f"))),
            "s.json:2:69: \"semaphores\" must be at least 1, found 0\n"
            "s.json:2:83: initial 32768 is over SEMVMX = 32767, a member's largest value "
            "(<linux/sem.h>)");
    }
    // A set's "initial" is one value for all its members, or a list of each one's, which
    // makes the set as long as the list; a list that does not fit the set is refused.
    void aSetsInitialValuesMayBeListed()
    {
        const LoadResult r =
            load(scenario("{\"name\": \"s\", \"type\": \"sysv-semaphore\", \"initial\": [1, 4, 0]}",
                          proc("p", "post s[2]")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const auto &set = kinds::sysvsemaphore::settingsOf(r.scenario->resources.at(0));
        QCOMPARE(set.semaphores, int64_t(3));
        QCOMPARE(set.initialOf(1), int64_t(4));
        EXPECT_ONE_ERROR(
            load(scenario("{\"name\": \"s\", \"type\": \"sysv-semaphore\", \"semaphores\": 2, "
                          "\"initial\": [1, 4, 0]}",
                          proc("p", "post s[0]"))),
            "s.json:2:83: \"initial\" lists 3 values, and \"s\" has 2 semaphores: give one "
            "value for each member, or one for all");
        EXPECT_ONE_ERROR(
            load(scenario("{\"name\": \"s\", \"type\": \"sysv-semaphore\", "
                          "\"initial\": [1, 40000, \"x\"]}",
                          proc("p", "post s[0]"))),
            "s.json:2:70: initial[1] 40000 is over SEMVMX = 32767, a member's largest value "
            "(<linux/sem.h>)\n"
            "s.json:2:77: \"initial[2]\" must be an integer, found a string \"x\"");
        EXPECT_ONE_ERROR(load(scenario("{\"name\": \"s\", \"type\": \"semaphore\", "
                                       "\"initial\": [1, 2]}",
                                       proc("p", "post s"))),
                         "s.json:2:61: \"initial\" must be an integer, found an array [...]");
    }
    // A kind's own settings (ResourceSpec::own, declared in its module) go with every copy of
    // the scenario, each copy its own: the engine, the worker and the window each keep one.
    void aKindsOwnSettingsGoWithEachCopyOfItsSpec()
    {
        const LoadResult r = load(scenario(
            "{\"name\": \"s\", \"type\": \"sysv-semaphore\", \"initial\": [2, 5], \"undo\": true}",
            proc("p", "post s[1]")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        Scenario copy = *r.scenario;
        kinds::sysvsemaphore::Settings &mine =
            copy.resources.at(0).own.get<kinds::sysvsemaphore::Settings>();
        QVERIFY(mine.undo);
        QCOMPARE(mine.initialOf(1), int64_t(5));
        mine.initials[1] = 7;
        QCOMPARE(kinds::sysvsemaphore::settingsOf(r.scenario->resources.at(0)).initialOf(1),
                 int64_t(5));
        // A spec without them reads its kind's defaults; another kind's are not mistaken for them.
        ResourceSpec plain;
        QCOMPARE(kinds::sysvsemaphore::settingsOf(plain).semaphores, int64_t(1));
        plain.own.get<int>() = 3;
        QCOMPARE(kinds::sysvsemaphore::settingsOf(plain).semaphores, int64_t(1));
        // Two are the same when they hold equal values of one type (the window redraws an
        // object when its kind's state is not the same).
        ResourceSpec other;
        QVERIFY(other.own == ResourceSpec().own && !(other.own == plain.own));
        other.own.get<int>() = 3;
        QVERIFY(other.own == plain.own);
        other.own.get<int>() = 4;
        QVERIFY(!(other.own == plain.own));
    }
    // The workers run the scenario's image (scenario/image.h), not its JSON: it must give back
    // every object with its kind's settings, and every script, as the loader read them. One
    // object of each kind, every option away from its default, then every built-in lesson.
    void anImageGivesTheWorkersWhatTheLoaderRead()
    {
        const LoadResult r = load(scenario(
            "{\"name\": \"p\", \"type\": \"pipe\", \"capacity\": 8192},\n"
            "{\"name\": \"f\", \"type\": \"fifo\", \"capacity\": 4096},\n"
            "{\"name\": \"q\", \"type\": \"mqueue\", \"max_messages\": 3, \"message_size\": 64},\n"
            "{\"name\": \"s\", \"type\": \"shm\", \"cells\": 5},\n"
            "{\"name\": \"sem\", \"type\": \"semaphore\", \"initial\": 2},\n"
            "{\"name\": \"m\", \"type\": \"mutex\", \"robust\": false},\n"
            "{\"name\": \"spin\", \"type\": \"spinlock\"},\n"
            "{\"name\": \"b\", \"type\": \"barrier\", \"parties\": 3},\n"
            "{\"name\": \"sock\", \"type\": \"socket\", \"domain\": \"tcp\", \"kind\": "
            "\"datagram\"},\n"
            "{\"name\": \"file\", \"type\": \"file\", \"content\": \"a\\nb\"},\n"
            "{\"name\": \"mf\", \"type\": \"mapped-file\", \"cells\": 3},\n"
            "{\"name\": \"e\", \"type\": \"eventfd\", \"initial\": 4, \"semaphore\": true},\n"
            "{\"name\": \"rw\", \"type\": \"rwlock\"},\n"
            "{\"name\": \"c\", \"type\": \"condition\", \"mutex\": \"m\"},\n"
            "{\"name\": \"vq\", \"type\": \"sysv-mqueue\", \"message_size\": 99},\n"
            "{\"name\": \"vs\", \"type\": \"sysv-shm\", \"cells\": 7},\n"
            "{\"name\": \"set\", \"type\": \"sysv-semaphore\", \"initial\": [1, 2, 3], "
            "\"undo\": true}",
            proc("w", "repeat 2:\n  if $i < 1:\n    store s[$i] = -$i * 3\n  else:\n"
                      "    wait set[0], set[2]\nset n = 4\nprint \"n is\", n\n"
                      "send vq 7 type 2") +
                ", {\"name\": \"r\", \"count\": 2, \"script\": \"receive q -> x\\nexit 3\"}",
            "\"schedule\": \"random:42\""));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        std::vector<ResourceType> kinds;
        for (const ResourceSpec &spec : r.scenario->resources)
            kinds.push_back(spec.type);
        QCOMPARE(kinds.size(), kindFormats().size()); // one of each kind
        for (const KindFormat *kind : kindFormats())
            QVERIFY2(std::count(kinds.begin(), kinds.end(), kind->type) == 1, kind->name);
        std::vector<std::pair<std::string, Scenario>> scenarios = {{"every kind", *r.scenario}};
        const QDir lessons(qEnvironmentVariable("IPCSIM_SOURCE_DIR") +
                           QStringLiteral("/resources/scenarios"));
        for (const QFileInfo &file : lessons.entryInfoList({QStringLiteral("*.json")})) {
            const LoadResult lesson = loadScenarioFile(file.filePath().toStdString(), testLimits());
            QVERIFY2(lesson.ok(), qPrintable(joined(lesson)));
            scenarios.emplace_back(file.fileName().toStdString(), *lesson.scenario);
        }
        QVERIFY(scenarios.size() > 30);

        for (const auto &[name, original] : scenarios) {
            const std::string image = imageOf(original);
            Scenario back;
            std::string error;
            QVERIFY2(readImage(image, &back, &error), error.c_str());
            QCOMPARE(back.fileName, original.fileName);
            QCOMPARE(back.timeoutMs, original.timeoutMs);
            QCOMPARE(back.schedule.kind, original.schedule.kind);
            QCOMPARE(back.schedule.seed, original.schedule.seed);
            QCOMPARE(back.resources.size(), original.resources.size());
            for (size_t i = 0; i < back.resources.size(); ++i) {
                const ResourceSpec &a = back.resources[i], &b = original.resources[i];
                QVERIFY2(a.name == b.name && a.type == b.type && a.line == b.line,
                         (name + ": " + b.name).c_str());
                // The kind's settings, compared by the fields its Settings names.
                QVERIFY2(a.own == b.own, (name + ": the settings of " + b.name).c_str());
            }
            QCOMPARE(back.processes.size(), original.processes.size());
            for (size_t i = 0; i < back.processes.size(); ++i) {
                const ProcessSpec &a = back.processes[i], &b = original.processes[i];
                QVERIFY2(a.name == b.name && a.count == b.count && a.exec == b.exec &&
                             a.script.regNames == b.script.regNames &&
                             a.script.exprs.size() == b.script.exprs.size() &&
                             a.script.body.size() == b.script.body.size(),
                         (name + ": " + b.name).c_str());
            }
            QCOMPARE(back.instances.size(), original.instances.size());
            // What it read gives the same image again: every statement and expression came back.
            QVERIFY2(imageOf(back) == image, name.c_str());
        }
        // The settings came back, not their defaults: the mqueue's 3 messages of 64 bytes.
        Scenario back;
        std::string error;
        QVERIFY(readImage(imageOf(*r.scenario), &back, &error));
        QCOMPARE(kinds::mqueue::settingsOf(back.resources.at(2)).maxMessages, int64_t(3));
        QCOMPARE(kinds::socket::settingsOf(back.resources.at(8)).kind,
                 kinds::socket::SocketKind::Datagram);
        QCOMPARE(kinds::sysvsemaphore::settingsOf(back.resources.at(16)).initialOf(2), int64_t(3));
        const Stmt &store = back.processes.at(0).script.body.at(0).body.at(0).body.at(0);
        QCOMPARE(store.op, Op::Store);
        QCOMPARE(back.processes.at(0).script.body.at(0).body.at(0).elseBody.at(0).args.size(),
                 size_t(2));

        // Its integers, each in as few bytes as it needs, come back whole at both ends.
        ImageWriter w;
        const int64_t numbers[] = {0, -1, 1, 63, -64, 64, INT64_MAX, INT64_MIN, 1 << 20};
        for (int64_t n : numbers)
            w.integer(n);
        const std::string bytes = w.take();
        QCOMPARE(bytes.size(), size_t(1 + 1 + 1 + 1 + 1 + 2 + 10 + 10 + 4));
        ImageReader in(bytes);
        for (int64_t n : numbers) {
            int64_t got = 0;
            QVERIFY(in.integer(&got));
            QCOMPARE(got, n);
        }
        QVERIFY(in.atEnd());

        // A cut or foreign image is refused, whole, never read in part.
        const std::string image = imageOf(*r.scenario);
        for (size_t n = 0; n < image.size(); ++n) {
            Scenario part;
            QVERIFY2(!readImage(std::string_view(image).substr(0, n), &part, &error),
                     qPrintable(QString::number(n)));
        }
        QVERIFY(!readImage(image + "x", &back, &error));
        QCOMPARE(error, std::string("the scenario's image is damaged or from another build"));
        QVERIFY(!readImage("{\"format\": 1}", &back, &error));
    }
    // A condition is used with a mutex of the scenario, which it names; anything else is
    // refused at its "mutex".
    void aConditionNamesItsMutex()
    {
        EXPECT_ONE_ERROR(
            load(scenario("{\"name\": \"m\", \"type\": \"mutex\"}, "
                          "{\"name\": \"s\", \"type\": \"spinlock\"}, "
                          "{\"name\": \"c\", \"type\": \"condition\", \"mutex\": \"mm\"}, "
                          "{\"name\": \"d\", \"type\": \"condition\", \"mutex\": \"s\"}, "
                          "{\"name\": \"e\", \"type\": \"condition\"}",
                          proc("p", "lock m\nwait c\nnotify d\nbroadcast c\nunlock m"))),
            "s.json:2:126: condition \"c\" names no resource \"mm\"\n"
            "s.json:2:177: condition \"d\" is used with a mutex, and \"s\" is a spinlock\n"
            "s.json:2:183: missing required key \"mutex\" in condition \"e\"");
        const LoadResult r =
            load(scenario("{\"name\": \"m\", \"type\": \"mutex\"}, "
                          "{\"name\": \"c\", \"type\": \"condition\", \"mutex\": \"m\"}",
                          proc("p", "lock m\nwait c\nnotify c\nbroadcast c\nunlock m")));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Script &s = r.scenario->processes.at(0).script;
        QCOMPARE(stmt(s, 1).op, Op::Wait);
        QCOMPARE(stmt(s, 2).op, Op::Notify);
        QCOMPARE(stmt(s, 3).op, Op::Broadcast);
        QCOMPARE(stmt(s, 3).res, 1);
    }

    // The registry (core/kinds/kinds.def) lists each kind once, in ResourceType order, and
    // what a statement takes is what the kinds say they take.
    void everyKindIsDescribedInItsPlace()
    {
        const auto kinds = kindFormats();
        constexpr size_t registered = 0
#define IPCSIM_KIND(Type, module) +1
#include "kinds/kinds.def"
#undef IPCSIM_KIND
            ;
        QCOMPARE(kinds.size(), registered);
        std::vector<std::string> names;
        for (size_t i = 0; i < kinds.size(); ++i) {
            QCOMPARE(size_t(kinds[i]->type), i);
            QCOMPARE(&kindFormat(kinds[i]->type), kinds[i]);
            QCOMPARE(kindNamed(kinds[i]->name), kinds[i]);
            QVERIFY2(std::find(names.begin(), names.end(), kinds[i]->name) == names.end(),
                     kinds[i]->name);
            names.push_back(kinds[i]->name);
            for (Op op : kinds[i]->statements)
                QVERIFY2(isStep(op), opName(op));
        }
        QCOMPARE(kindNamed("pipes"), nullptr);
        QCOMPARE(kindsTaking(Op::Close), std::string("a pipe, fifo, socket or file"));
        QCOMPARE(kindsTaking(Op::Send), std::string("a mqueue, socket or sysv-mqueue"));
        QCOMPARE(kindsTaking(Op::Arrive), std::string("a barrier"));
        // Every statement on an object (its form names R, S, M, B, F or C) is taken by some
        // kind; the others by none.
        for (const StatementInfo &st : statements()) {
            std::istringstream form(st.form);
            std::string word;
            bool onObject = false;
            while (form >> word)
                onObject = onObject || ((word.size() == 1 || word[1] == '[') &&
                                        std::string("RSMBFC").find(word[0]) != std::string::npos);
            QVERIFY2((kindsTaking(st.op) != "a") == onObject, st.form);
        }
    }
    void unknownResourceAndProcess()
    {
        const std::string text = scenario("{\"name\": \"full\", \"type\": \"semaphore\"}",
                                          proc("p", "post ful\nsignal consumer SIGUSR1\nwait p"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: unknown resource \"ful\" (did you mean \"full\"?)\n"
            "s.json: process p, line 2: unknown process \"consumer\"\n"
            "s.json: process p, line 3: \"wait\" needs " +
                kindsTaking(Op::Wait) + ", but \"p\" is a process");
    }
    void loopVariableOutsideRepeat()
    {
        const std::string text =
            scenario("", proc("p", "repeat 2:\n    print $i\nforever:\n    print $i\n    break"));
        EXPECT_ONE_ERROR(load(text), "s.json: process p, line 4: \"$i\" outside any repeat (it "
                                     "counts the innermost enclosing repeat)");
    }
    void registerNeverSet()
    {
        const std::string text = scenario("", proc("p", "set a = 1\nprint a, b\nprint b"));
        EXPECT_ONE_ERROR(load(text), "s.json: process p, line 2: register \"b\" is never set (give "
                                     "it a value with set, load or \"-> b\")");
    }
    void breakOutsideLoop()
    {
        const std::string text = scenario("", proc("p", "if 1 == 1:\n    break"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 2: \"break\" outside a loop (repeat, forever or while)");
    }
    void unknownSignal()
    {
        const std::string text =
            scenario("", proc("p", "signal p SIGFOO\nsignal p USR1\nsignal p SIGSEGV"));
        EXPECT_ONE_ERROR(
            load(text), "s.json: process p, line 1: unknown signal \"SIGFOO\" (a script may send "
                        "SIGUSR1, SIGUSR2, "
                        "SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGSTOP, SIGCONT, SIGKILL, SIGRTMIN+N)\n"
                        "s.json: process p, line 2: unknown signal \"USR1\" (write \"SIGUSR1\")\n"
                        "s.json: process p, line 3: a script cannot send \"SIGSEGV\": it may send "
                        "SIGUSR1, SIGUSR2, "
                        "SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGSTOP, SIGCONT, SIGKILL, SIGRTMIN+N");
    }
    // The real-time signals are named from the ends of their range, as signal(7) writes them;
    // a number past the range is refused with the range this machine has.
    void realTimeSignalsAreNamedFromTheEndsOfTheirRange()
    {
        const std::string good =
            scenario("", proc("p", "signal p SIGRTMIN value 1\nsignal p SIGRTMIN+3\nsignal p "
                                   "SIGRTMAX-1\nawait SIGRTMAX\nawait SIGRTMIN+3"));
        const LoadResult r = load(good);
        QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        QCOMPARE(signalByName("SIGRTMIN+3"), SIGRTMIN + 3);
        QCOMPARE(signalByName("SIGRTMAX-1"), SIGRTMAX - 1);
        QCOMPARE(signalName(SIGRTMIN + 3), std::string("SIGRTMIN+3"));
        QCOMPARE(signalByName("SIGRTMIN-1"), 0);
        const std::string past = std::to_string(SIGRTMAX - SIGRTMIN + 1);
        const std::string text =
            scenario("", proc("p", "signal p SIGRTMIN+" + past + "\nawait SIGRTMIN+"));
        EXPECT_ONE_ERROR(load(text),
                         "s.json: process p, line 1: \"SIGRTMIN+" + past +
                             "\" is not a real-time signal here: they are SIGRTMIN to SIGRTMIN+" +
                             std::to_string(SIGRTMAX - SIGRTMIN) +
                             " (SIGRTMAX)\n"
                             "s.json: process p, line 2: expected a number after \"SIGRTMIN+\", "
                             "found end of line");
    }
    void awaitOfAnUnawaitableSignal()
    {
        const std::string text = scenario("", proc("p", "await SIGKILL"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: \"await\" cannot wait for \"SIGKILL\": a script may await "
            "only SIGUSR1, SIGUSR2, SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGRTMIN+N");
    }
    void blockStructureErrors()
    {
        const std::string text = scenario(
            "",
            proc("p",
                 "print 1\n    print 2\nrepeat 3:\nprint 3\nelse:\n    exit\nrepeat 2\n    exit"));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 2: unexpected indentation before \"print\" (only the lines "
            "after a "
            "header ending in \":\" are indented deeper)\n"
            "s.json: process p, line 3: \"repeat\" has no body: indent the lines that belong to it "
            "deeper\n"
            "s.json: process p, line 5: \"else\" without an \"if\" at the same indentation\n"
            "s.json: process p, line 7: \"repeat 2\" opens a block: end the line with \":\"");
    }
    void expressionErrors()
    {
        const std::string text =
            scenario("{\"name\": \"c\", \"type\": \"shm\", \"cells\": 4}",
                     proc("p", "print 1 / 0\nstore c[4] = 1\nsleep \"x\"\nprint (1 + \nprint \"a\" "
                               "+ 1\nexit 300\nprint \"a\\t\""));
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: division by zero in \"1 / 0\"\n"
            "s.json: process p, line 2: cell \"c[4]\" is outside \"c\" (4 cells: 0..3)\n"
            "s.json: process p, line 3: the milliseconds must be an integer, found \"\"x\"\"\n"
            "s.json: process p, line 4: expected a value, found end of line\n"
            "s.json: process p, line 5: text \"\"a\"\" in arithmetic (only integers add, subtract, "
            "...)\n"
            "s.json: process p, line 6: exit code \"300\" is outside 0..255\n"
            "s.json: process p, line 7: unknown escape \"\\t\" in a string (the escapes are \\n, "
            "\\\" and \\\\)");
    }
    void hostileNestingIsRefusedNotACrash()
    {
        std::string script =
            "print " + std::string(200, '(') + "1" + std::string(200, ')') + "\nprint ";
        for (int i = 0; i < 2000; ++i)
            script += "1+";
        script += "1\n";
        for (int i = 0; i < 70; ++i)
            script += std::string(i, ' ') + "repeat 1:\n";
        script += std::string(70, ' ') + "exit";
        EXPECT_ONE_ERROR(
            load(scenario("", proc("p", script))),
            "s.json: process p, line 1: expression nested deeper than 64 levels, at \"(\"\n"
            "s.json: process p, line 2: expression with more than 1000 operators\n"
            "s.json: process p, line 68: blocks nested deeper than 64 levels");
    }
    void signalReplicaChecks()
    {
        const std::string text =
            scenario("", proc("p", "signal w[3] SIGUSR1\nsignal p[0] SIGUSR1") + ", " +
                             "{\"name\": \"w\", \"count\": 3, \"script\": \"await SIGUSR1\"}");
        EXPECT_ONE_ERROR(
            load(text),
            "s.json: process p, line 1: replica \"w[3]\" does not exist (w has 3 replicas)\n"
            "s.json: process p, line 2: process \"p\" has no replicas (no \"count\"), so "
            "\"p[0]\" names none; write \"signal p\"");
    }
    void errorsOfSeveralKindsComeInFileOrder()
    {
        const std::string text =
            "{\"format\": 1, \"title\": \"t\", \"bogus\": 1,\n"
            "\"resources\": [{\"name\": \"q\", \"type\": \"mqueue\", \"max_messages\": 11}],\n"
            "\"processes\": [" +
            proc("a", "wait q\nfoo") + ", " + proc("b", "break") +
            "],\n"
            "\"schedule\": \"random:x\"}";
        EXPECT_ONE_ERROR(
            load(text),
            "s.json:1:29: unknown key \"bogus\" at the top level\n"
            "s.json:2:63: max_messages 11 is over the kernel limit msg_max = 10 "
            "(/proc/sys/fs/mqueue/msg_max)\n"
            "s.json: process a, line 1: \"wait\" needs " +
                kindsTaking(Op::Wait) +
                ", but \"q\" is a mqueue\n"
                "s.json: process a, line 2: unknown statement \"foo\"\n"
                "s.json: process b, line 1: \"break\" outside a loop (repeat, forever or while)\n"
                "s.json:4:13: bad schedule \"random:x\": the seed of \"random:SEED\" must be a "
                "non-negative "
                "integer, found \"x\"");
    }

    // --- schedule ---
    void badSchedule()
    {
        const std::string text = scenario("", proc("p", "exit"), "\"schedule\": \"p,q\"");
        EXPECT_ONE_ERROR(load(text), "s.json:4:13: unknown process \"q\" in the schedule");
        const std::string list =
            scenario("", proc("p", "exit"), "\"schedule\": [\"p\", \"pp\", 3]");
        EXPECT_ONE_ERROR(
            load(list),
            "s.json:4:19: unknown process \"pp\" in the schedule\n"
            "s.json:4:25: a schedule lists process names as strings, found an integer 3");
        const std::string neg = scenario("", proc("p", "exit"), "\"schedule\": \"random:-1\"");
        EXPECT_ONE_ERROR(
            load(neg),
            "s.json:4:13: bad schedule \"random:-1\": the seed of \"random:SEED\" must be a "
            "non-negative integer, found \"-1\"");
    }
    void parseScheduleForms()
    {
        const LoadResult r = load(scenario(
            "", proc("p", "exit") + ", {\"name\": \"w\", \"count\": 2, \"script\": \"exit\"}"));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Scenario &s = *r.scenario;
        std::string err;
        QCOMPARE(parseSchedule("free", s, &err)->kind, Schedule::Free);
        QVERIFY(!parseSchedule("free", s, &err)->stepMode());
        QCOMPARE(parseSchedule("round-robin", s, &err)->kind, Schedule::RoundRobin);
        const auto rnd = parseSchedule("random:42", s, &err);
        QCOMPARE(rnd->kind, Schedule::Random);
        QCOMPARE(rnd->seed, uint64_t(42));
        const auto list = parseSchedule("p, w[1],p", s, &err);
        QVERIFY(list);
        QCOMPARE(list->kind, Schedule::List);
        QCOMPARE(list->names, (std::vector<std::string>{"p", "w[1]", "p"}));
        QVERIFY(!parseSchedule("random", s, &err));
        QCOMPARE(err, std::string("bad schedule \"random\": the seed of \"random:SEED\" must be a "
                                  "non-negative integer"));
        QVERIFY(!parseSchedule("p,w[2]", s, &err));
        QCOMPARE(
            err,
            std::string(
                "replica \"w[2]\" in the schedule does not exist (w has 2 replicas, w[0]..w[1])"));
        QVERIFY(!parseSchedule("w", s, &err));
        QCOMPARE(err,
                 std::string("process \"w\" in the schedule has replicas: name one, w[0]..w[1]"));
        QVERIFY(!parseSchedule("p,,p", s, &err));
        QCOMPARE(err, std::string("empty process name in the schedule \"p,,p\""));
    }

    // --- expect ---
    void badExpectation()
    {
        const std::string text =
            scenario("{\"name\": \"c\", \"type\": \"shm\", \"cells\": 2}, {\"name\": \"s\", "
                     "\"type\": \"semaphore\"}",
                     proc("p", "exit") + ", {\"name\": \"w\", \"count\": 2, \"script\": \"exit\"}",
                     "\"expect\": {\"exit\": {\"*\": 0, \"q\": 1, \"w[2]\": 0, \"p\": \"SIGFOO\", "
                     "\"w\": 256},\n"
                     "\"cells\": {\"c[2]\": 1, \"s[0]\": 1, \"d[0]\": 1, \"c[1]\": {\"min\": 3, "
                     "\"max\": 1}, \"c[x]\": 0},\n"
                     "\"printed\": {\"p\": [\"a\", 1], \"*\": []}, \"deadlock\": \"no\"}");
        auto e = [&](const std::string &needle, const std::string &message) {
            return "s.json:" + at(text, needle) + ": " + message;
        };
        EXPECT_ONE_ERROR(
            load(text),
            e("\"q\"", "unknown process \"q\"") + "\n" +
                e("\"w[2]\"", "replica \"w[2]\" does not exist (w has 2 replicas, w[0]..w[1])") +
                "\n" +
                e("\"SIGFOO\"", "unknown signal \"SIGFOO\" for \"p\" (a signal name of signal(7), "
                                "such as \"SIGKILL\")") +
                "\n" + e("256", "exit code 256 for \"w\" is outside 0..255") + "\n" +
                e("\"c[2]\"", "cell \"c[2]\" is outside \"c\" (2 cells: 0..1)") + "\n" +
                e("\"s[0]\"", "cell \"s[0]\" needs a shm, but \"s\" is a semaphore") + "\n" +
                e("\"d[0]\"", "unknown shm \"d\" in \"d[0]\"") + "\n" +
                e("{\"min\": 3", "the bounds of \"c[1]\" are empty: min 3 is over max 1") + "\n" +
                e("\"c[x]\"", "bad cell \"c[x]\": write \"SHM[INDEX]\", such as \"counter[0]\"") +
                "\n" + e("1], ", "a printed line must be a string, found an integer 1") + "\n" +
                e("\"*\": []", "\"*\" applies only to \"exit\": name the process here") + "\n" +
                e("\"no\"", "\"deadlock\" must be true or false, found a string \"no\""));
    }
    void expectationsAreFilled()
    {
        const std::string text = scenario(
            "{\"name\": \"counter\", \"type\": \"shm\", \"cells\": 2}",
            proc("victim", "exit") + ", {\"name\": \"w\", \"count\": 2, \"script\": \"exit\"}",
            "\"expect\": {\"exit\": {\"*\": 0, \"victim\": \"SIGKILL\", \"w[1]\": 3},"
            " \"cells\": {\"counter[0]\": 2000, \"counter[1]\": {\"min\": 1}},"
            " \"printed\": {\"w\": [\"got 0\", \"got 1\"]}, \"deadlock\": true}");
        const LoadResult r = load(text);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Expectations &x = r.scenario->expect;
        QVERIFY(x.any());
        QCOMPARE(x.exits.size(), size_t(3));
        QCOMPARE(x.exits[0].proc, std::string("*"));
        QVERIFY(!x.exits[0].isSignal);
        QCOMPARE(x.exits[1].proc, std::string("victim"));
        QVERIFY(x.exits[1].isSignal);
        QCOMPARE(x.exits[1].signal, int(SIGKILL));
        QCOMPARE(x.exits[1].signalName, std::string("SIGKILL"));
        QCOMPARE(x.exits[2].code, 3);
        QCOMPARE(x.cells.size(), size_t(2));
        QCOMPARE(x.cells[0].res, 0);
        QCOMPARE(x.cells[0].index, int64_t(0));
        QVERIFY(x.cells[0].exact);
        QCOMPARE(x.cells[0].value, int64_t(2000));
        QCOMPARE(x.cells[1].index, int64_t(1));
        QVERIFY(!x.cells[1].exact);
        QCOMPARE(*x.cells[1].min, int64_t(1));
        QVERIFY(!x.cells[1].max);
        QCOMPARE(x.printed.size(), size_t(1));
        QCOMPARE(x.printed[0].lines, (std::vector<std::string>{"got 0", "got 1"}));
        QCOMPARE(*x.deadlock, true);
    }
    void everyStandardSignalNameIsAccepted()
    {
        for (const char *name :
             {"SIGABRT", "SIGKILL", "SIGPIPE", "SIGSEGV",   "SIGTERM", "SIGINT",    "SIGHUP",
              "SIGQUIT", "SIGILL",  "SIGTRAP", "SIGBUS",    "SIGFPE",  "SIGUSR1",   "SIGUSR2",
              "SIGALRM", "SIGCHLD", "SIGCONT", "SIGSTOP",   "SIGTSTP", "SIGTTIN",   "SIGTTOU",
              "SIGURG",  "SIGXCPU", "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH",  "SIGIO",
              "SIGSYS",  "SIGIOT",  "SIGCLD",  "SIGPOLL",   "SIGPWR",  "SIGSTKFLT", "SIGUNUSED"}) {
            const std::string text =
                scenario("", proc("p", "exit"),
                         std::string("\"expect\": {\"exit\": {\"p\": \"") + name + "\"}}");
            const LoadResult r = load(text);
            QVERIFY2(r.ok(), qPrintable(joined(r)));
            QVERIFY(r.scenario->expect.exits[0].signal > 0);
        }
    }

    void signalUnusedIsSigsysAndAbsentSignalsAreNamed()
    {
        // signal(7): SIGUNUSED is a synonym for SIGSYS here; SIGEMT, SIGINFO and SIGLOST are
        // listed but not defined on this architecture, and the message says so.
        const LoadResult ok =
            load(scenario("", proc("p", "exit"), "\"expect\": {\"exit\": {\"p\": \"SIGUNUSED\"}}"));
        QVERIFY2(ok.ok(), qPrintable(joined(ok)));
        QCOMPARE(ok.scenario->expect.exits[0].signal, int(SIGSYS));
        for (const char *name : {"SIGEMT", "SIGINFO", "SIGLOST"}) {
            const LoadResult r =
                load(scenario("", proc("p", "exit"),
                              std::string("\"expect\": {\"exit\": {\"p\": \"") + name + "\"}}"));
            QVERIFY(!r.ok());
            QVERIFY2(joined(r).contains(QStringLiteral("is listed in signal(7) but Linux does "
                                                       "not define it on this machine")),
                     qPrintable(joined(r)));
            QVERIFY2(joined(r).startsWith(QStringLiteral("s.json:4:")), qPrintable(joined(r)));
        }
    }

    // --- positive ---
    void defaultsAreApplied()
    {
        const std::string text =
            scenario("{\"name\": \"q\", \"type\": \"mqueue\"}, {\"name\": \"c\", \"type\": "
                     "\"shm\"}, {\"name\": \"s\", \"type\": \"semaphore\"},"
                     " {\"name\": \"m\", \"type\": \"mutex\"}, {\"name\": \"k\", \"type\": "
                     "\"socket\"}, {\"name\": \"f\", \"type\": \"file\"},"
                     " {\"name\": \"p1\", \"type\": \"pipe\"}",
                     proc("p", "exit"));
        const LoadResult r = load(text);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Scenario &s = *r.scenario;
        QCOMPARE(s.schedule.kind, Schedule::Free);
        QCOMPARE(s.timeoutMs, int64_t(10000));
        QCOMPARE(kinds::mqueue::settingsOf(s.resources[0]).maxMessages, int64_t(10));
        QCOMPARE(kinds::mqueue::settingsOf(s.resources[0]).messageSize, int64_t(256));
        QCOMPARE(kinds::shm::settingsOf(s.resources[1]).cells, int64_t(16));
        QCOMPARE(kinds::semaphore::settingsOf(s.resources[2]).initial, int64_t(0));
        QCOMPARE(kinds::mutex::settingsOf(s.resources[3]).robust, true);
        QCOMPARE(kinds::socket::settingsOf(s.resources[4]).domain,
                 kinds::socket::SocketDomain::Unix);
        QCOMPARE(kinds::socket::settingsOf(s.resources[4]).kind, kinds::socket::SocketKind::Stream);
        QCOMPARE(kinds::file::settingsOf(s.resources[5]).content, std::string());
        QCOMPARE(kinds::pipe::settingsOf(s.resources[6]).capacity, int64_t(0));
        QCOMPARE(s.resources[6].line, 2);
        QCOMPARE(s.source, text);
        QCOMPARE(s.fileName, std::string("s.json"));
        QVERIFY(!s.expect.any());
        QVERIFY(!s.hasExec());
    }
    void instancesAreExpandedInOrder()
    {
        const std::string text =
            scenario("", proc("a", "exit") +
                             ", {\"name\": \"w\", \"count\": 3, \"script\": \"print $index\"}, " +
                             "{\"name\": \"one\", \"count\": 1, \"script\": \"exit\"}");
        const LoadResult r = load(text);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Scenario &s = *r.scenario;
        std::vector<std::string> names;
        for (const Instance &i : s.instances)
            names.push_back(i.name);
        QCOMPARE(names, (std::vector<std::string>{"a", "w[0]", "w[1]", "w[2]", "one[0]"}));
        QCOMPARE(s.instances[3].spec, 1);
        QCOMPARE(s.instances[3].replica, 2);
        QVERIFY(!s.processes[0].hasReplicas);
        QVERIFY(s.processes[2].hasReplicas);
        QCOMPARE(s.instancesNamed("w"), (std::vector<int>{1, 2, 3}));
        QCOMPARE(s.instancesNamed("w[1]"), (std::vector<int>{2}));
        QCOMPARE(s.instancesNamed("a"), (std::vector<int>{0}));
        QVERIFY(s.instancesNamed("zz").empty());
        QCOMPARE(s.processIndex("one"), 2);
        QCOMPARE(s.processIndex("zz"), -1);
    }
    void fullExampleParsesIntoTheExpectedTree()
    {
        const std::string script = "# every statement\n"
                                   "write p1 \"hi\\n\"\n"                // 2
                                   "write p1 10 bytes\n"                 // 3
                                   "read p1 64 -> chunk\n"               // 4
                                   "close p1\n"                          // 5
                                   "send q $index * 2 priority 3\n"      // 6
                                   "receive q -> msg\n"                  // 7
                                   "accept k\n"                          // 8
                                   "connect k\n"                         // 9
                                   "load v = c[1]\n"                     // 10
                                   "store c[0] = -v + 2\n"               // 11
                                   "add c[1] 1\n"                        // 12
                                   "wait s\n"                            // 13
                                   "trywait s -> got\n"                  // 14
                                   "post s\n"                            // 15
                                   "lock m\n"                            // 16
                                   "trylock sp -> ok\n"                  // 17
                                   "unlock m\n"                          // 18
                                   "arrive b\n"                          // 19
                                   "lockfile f shared\n"                 // 20
                                   "unlockfile f\n"                      // 21
                                   "signal w SIGUSR1\n"                  // 22
                                   "signal w[1] SIGTERM value 7\n"       // 23
                                   "await SIGUSR2 -> val\n"              // 24
                                   "sleep 10\n"                          // 25
                                   "compute 5\n"                         // 26
                                   "print \"got\", chunk, (1 + 2) * 3\n" // 27
                                   "set n = 0\n"                         // 28
                                   "repeat 3:\n"                         // 29
                                   "    repeat 2:\n"                     // 30
                                   "        print $i\n"                  // 31
                                   "    print $i\n"                      // 32
                                   "forever:\n"                          // 33
                                   "    break\n"                         // 34
                                   "while n < 3:\n"                      // 35
                                   "    set n = n + 1\n"                 // 36
                                   "if chunk == \"\":   # eof\n"         // 37
                                   "    exit 1\n"                        // 38
                                   "else:\n"                             // 39
                                   "    crash\n"                         // 40
                                   "exit\n";                             // 41
        const std::string text = scenario(
            "{\"name\": \"p1\", \"type\": \"pipe\"}, {\"name\": \"q\", \"type\": \"mqueue\"}, "
            "{\"name\": \"k\", \"type\": \"socket\"},"
            " {\"name\": \"c\", \"type\": \"shm\", \"cells\": 2}, {\"name\": \"s\", \"type\": "
            "\"semaphore\"},"
            " {\"name\": \"m\", \"type\": \"mutex\"}, {\"name\": \"sp\", \"type\": \"spinlock\"},"
            " {\"name\": \"b\", \"type\": \"barrier\", \"parties\": 2}, {\"name\": \"f\", "
            "\"type\": \"file\", \"content\": \"x\"}",
            proc("p", script) + ", {\"name\": \"w\", \"count\": 2, \"script\": \"await SIGUSR1\"}");
        const LoadResult r = load(text);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        const Scenario &sc = *r.scenario;
        const Script &s = sc.processes[0].script;
        const std::vector<Op> ops = {
            Op::Write,    Op::WriteBytes, Op::Read,   Op::Close,   Op::Send,    Op::Receive,
            Op::Accept,   Op::Connect,    Op::Load,   Op::Store,   Op::Add,     Op::Wait,
            Op::TryWait,  Op::Post,       Op::Lock,   Op::TryLock, Op::Unlock,  Op::Arrive,
            Op::LockFile, Op::UnlockFile, Op::Signal, Op::Signal,  Op::Await,   Op::Sleep,
            Op::Compute,  Op::Print,      Op::Set,    Op::Repeat,  Op::Forever, Op::While,
            Op::If,       Op::Exit};
        std::vector<int> lines;
        for (int l = 2; l <= 28; ++l)
            lines.push_back(l);
        for (int l : {29, 33, 35, 37, 41})
            lines.push_back(l);
        QCOMPARE(s.body.size(), ops.size());
        for (size_t i = 0; i < ops.size(); ++i) {
            QCOMPARE(int(s.body[i].op), int(ops[i]));
            QCOMPARE(s.body[i].line, lines[i]);
        }
        auto reg = [&](int slot) { return slot < 0 ? std::string("-") : s.regNames.at(slot); };
        auto e = [&](int32_t i) -> const ExprNode & { return s.exprs.at(i); };

        QCOMPARE(e(stmt(s, 0).e1).kind, ExprNode::Str);
        QCOMPARE(e(stmt(s, 0).e1).text, std::string("hi\n"));
        QCOMPARE(stmt(s, 0).res, 0);
        QCOMPARE(e(stmt(s, 1).e1).ival, int64_t(10));
        QCOMPARE(reg(stmt(s, 2).reg), std::string("chunk"));
        QCOMPARE(e(stmt(s, 2).e1).ival, int64_t(64));
        const Stmt &send = stmt(s, 4);
        QCOMPARE(send.res, 1);
        QCOMPARE(e(send.e1).kind, ExprNode::Binary);
        QCOMPARE(e(send.e1).op, '*');
        QCOMPARE(e(e(send.e1).a).kind, ExprNode::Index);
        QCOMPARE(e(send.e2).ival, int64_t(3));
        QCOMPARE(reg(stmt(s, 5).reg), std::string("msg"));
        QCOMPARE(stmt(s, 6).res, 2);
        const Stmt &loadSt = stmt(s, 8);
        QCOMPARE(loadSt.res, 3);
        QCOMPARE(reg(loadSt.reg), std::string("v"));
        QCOMPARE(e(loadSt.e1).ival, int64_t(1));
        const Stmt &store = stmt(s, 9);
        QCOMPARE(e(store.e1).ival, int64_t(0));
        QCOMPARE(e(store.e2).op, '+');
        QCOMPARE(e(e(store.e2).a).kind, ExprNode::Neg);
        QCOMPARE(e(e(e(store.e2).a).a).kind, ExprNode::Reg);
        QCOMPARE(e(stmt(s, 10).e2).ival, int64_t(1));
        QCOMPARE(reg(stmt(s, 12).reg), std::string("got"));
        QCOMPARE(stmt(s, 15).res, 6);
        QCOMPARE(reg(stmt(s, 15).reg), std::string("ok"));
        QCOMPARE(stmt(s, 17).res, 7);
        QVERIFY(stmt(s, 18).shared);
        QVERIFY(!stmt(s, 19).shared);
        const Stmt &sigAll = stmt(s, 20);
        QCOMPARE(sigAll.target, 1);
        QCOMPARE(sigAll.e1, -1);
        QCOMPARE(sigAll.e2, -1);
        QCOMPARE(sigAll.sig, int(SIGUSR1));
        const Stmt &sigOne = stmt(s, 21);
        QCOMPARE(e(sigOne.e1).ival, int64_t(1));
        QCOMPARE(e(sigOne.e2).ival, int64_t(7));
        QCOMPARE(sigOne.sig, int(SIGTERM));
        QCOMPARE(stmt(s, 22).sig, int(SIGUSR2));
        QCOMPARE(reg(stmt(s, 22).reg), std::string("val"));
        QCOMPARE(e(stmt(s, 23).e1).ival, int64_t(10));
        const Stmt &print = stmt(s, 25);
        QCOMPARE(print.args.size(), size_t(3));
        QCOMPARE(e(print.args[1]).kind, ExprNode::Reg);
        QCOMPARE(e(print.args[2]).op, '*');
        QCOMPARE(e(e(print.args[2]).a).op, '+');
        QCOMPARE(reg(stmt(s, 26).reg), std::string("n"));
        const Stmt &outer = stmt(s, 27);
        QCOMPARE(outer.line, 29);
        QCOMPARE(outer.body.size(), size_t(2));
        const Stmt &inner = outer.body[0];
        QCOMPARE(inner.op, Op::Repeat);
        QVERIFY(inner.loop != outer.loop);
        QCOMPARE(e(inner.body[0].args[0]).kind, ExprNode::LoopVar);
        QCOMPARE(e(inner.body[0].args[0]).ival, int64_t(inner.loop));
        QCOMPARE(e(outer.body[1].args[0]).ival, int64_t(outer.loop));
        QCOMPARE(outer.body[1].line, 32);
        QCOMPARE(s.loopSlots, 2);
        QCOMPARE(stmt(s, 28).body[0].op, Op::Break);
        const Stmt &wh = stmt(s, 29);
        QCOMPARE(wh.cond.cmp, CmpOp::Lt);
        QCOMPARE(e(wh.cond.rhs).ival, int64_t(3));
        QCOMPARE(wh.body[0].op, Op::Set);
        const Stmt &iff = stmt(s, 30);
        QCOMPARE(iff.line, 37);
        QCOMPARE(iff.cond.cmp, CmpOp::Eq);
        QCOMPARE(e(iff.cond.rhs).kind, ExprNode::Str);
        QCOMPARE(iff.body[0].op, Op::Exit);
        QCOMPARE(e(iff.body[0].e1).ival, int64_t(1));
        QCOMPARE(iff.elseBody.size(), size_t(1));
        QCOMPARE(iff.elseBody[0].op, Op::Crash);
        QCOMPARE(iff.elseBody[0].line, 40);
        QCOMPARE(stmt(s, 31).e1, -1);
        QCOMPARE(stmt(s, 31).line, 41);
    }
    void contractExamplesParse()
    {
        const std::string text =
            "{\n"
            "  \"format\": 1,\n"
            "  \"title\": \"Bounded buffer with semaphores\",\n"
            "  \"summary\": \"One producer, one consumer, four slots.\",\n"
            "  \"lesson\": \"Optional text for the explanation panel: what to notice, what to "
            "try.\",\n"
            "  \"timeout_ms\": 10000,\n"
            "  \"schedule\": \"free\",\n"
            "  \"resources\": [ { \"name\": \"slots\", \"type\": \"shm\", \"cells\": 4 },\n"
            "                 { \"name\": \"empty\", \"type\": \"semaphore\", \"initial\": 4 },\n"
            "                 { \"name\": \"full\", \"type\": \"semaphore\" },\n"
            "                 { \"name\": \"m\", \"type\": \"mutex\" },\n"
            "                 { \"name\": \"gate\", \"type\": \"barrier\", \"parties\": 3 },\n"
            "                 { \"name\": \"numbers\", \"type\": \"pipe\" },\n"
            "                 { \"name\": \"sorted\", \"type\": \"fifo\" },\n"
            "                 { \"name\": \"pipe1\", \"type\": \"pipe\" },\n"
            "                 { \"name\": \"counter\", \"type\": \"shm\", \"cells\": 1 } ],\n"
            "  \"processes\": [\n"
            "    { \"name\": \"producer\", \"script\": \"repeat 5:            # $i counts 0..4 in "
            "the innermost repeat\\n    wait empty\\n    lock m\\n    store slots[$i % 4] = $i\\n  "
            "  unlock m\\n    post full\\nforever:\\n    write pipe1 \\\"x\\\"\" },\n"
            "    { \"name\": \"consumer\", \"script\": \"forever:                     # a reader "
            "that stops at EOF\\n    read pipe1 64 -> chunk\\n    if chunk == \\\"\\\":\\n        "
            "break\\n    print \\\"got\\\", chunk\" },\n"
            "    { \"name\": \"worker\", \"count\": 3, \"script\": \"arrive gate\\nprint \\\"past "
            "the barrier\\\"\" },\n"
            "    { \"name\": \"sorter\", \"exec\": [\"sort\", \"-n\"], \"stdin\": \"numbers\", "
            "\"stdout\": \"sorted\" },\n"
            "    { \"name\": \"victim\", \"script\": \"await SIGTERM\" }\n"
            "  ],\n"
            "  \"expect\": {\n"
            "    \"exit\": { \"*\": 0, \"victim\": \"SIGKILL\" },\n"
            "    \"cells\": { \"counter[0]\": 2000, \"slots[1]\": { \"min\": 1, \"max\": 3 } },\n"
            "    \"printed\": { \"consumer\": [\"got 0\", \"got 1\"] },\n"
            "    \"deadlock\": false\n"
            "  }\n"
            "}";
        const LoadResult r = load(text);
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        QCOMPARE(r.scenario->instances.size(), size_t(7));
        QCOMPARE(r.scenario->title, std::string("Bounded buffer with semaphores"));
        QCOMPARE(r.scenario->processes[0].script.body.size(), size_t(2));
    }
    void scheduleFromTheFile()
    {
        const LoadResult r = load(scenario("", proc("p", "exit") + ", " + proc("q", "exit"),
                                           "\"schedule\": [\"q\", \"p\", \"q\"]"));
        QVERIFY2(r.ok(), qPrintable(joined(r)));
        QCOMPARE(r.scenario->schedule.kind, Schedule::List);
        QCOMPARE(r.scenario->schedule.names, (std::vector<std::string>{"q", "p", "q"}));
        const LoadResult rr = load(scenario("", proc("p", "exit"), "\"schedule\": \"random:7\""));
        QVERIFY2(rr.ok(), qPrintable(joined(rr)));
        QCOMPARE(rr.scenario->schedule.seed, uint64_t(7));
        QVERIFY(rr.scenario->schedule.stepMode());
    }
    void namesAndHelpers()
    {
        QCOMPARE(std::string(opName(Op::Wait)), std::string("wait"));
        QCOMPARE(std::string(opName(Op::WriteBytes)), std::string("write"));
        QCOMPARE(std::string(opName(Op::UnlockFile)), std::string("unlockfile"));
        QCOMPARE(std::string(opName(Op::Break)), std::string("break"));
        QCOMPARE(std::string(resourceTypeName(ResourceType::MQueue)), std::string("mqueue"));
        QCOMPARE(std::string(resourceTypeName(ResourceType::File)), std::string("file"));
        const KernelLimits l = KernelLimits::fromProc();
        QVERIFY(l.mqMsgMax > 0 && l.mqMsgsizeMax > 0 && l.mqQueuesMax > 0 && l.pipeMaxSize > 0);
        QVERIFY(l.rlimitMsgqueue > 0);
    }
    void fileThatCannotBeOpened()
    {
        const LoadResult r = loadScenarioFile("/nonexistent/x.json", testLimits());
        QVERIFY(!r.ok());
        QCOMPARE(joined(r),
                 QStringLiteral(
                     "/nonexistent/x.json: cannot open the file (No such file or directory)"));
    }
    void builtInScenariosLoad()
    {
        QString src = qEnvironmentVariable("IPCSIM_SOURCE_DIR");
        if (src.isEmpty())
            src = QFileInfo(QStringLiteral(__FILE__)).absolutePath() + QStringLiteral("/../..");
        const QDir dir(src + QStringLiteral("/resources/scenarios"));
        const QStringList files =
            dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        if (files.isEmpty()) QSKIP("no built-in scenarios yet");
        QStringList failures;
        for (const QString &f : files) {
            const LoadResult r =
                loadScenarioFile(dir.filePath(f).toStdString(), KernelLimits::fromProc());
            if (!r.ok()) failures << joined(r);
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestScenarioLoader)
#include "tst_scenarioloader.moc"
