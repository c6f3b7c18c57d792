#include "model/expectations.h"

#include "trace/tracenames.h"

#include <csignal>
#include <optional>

namespace ipcsim::core {

namespace {

QString describeEnd(const ProcessExit &x)
{
    if (!x.ended) return QStringLiteral("did not end");
    if (x.killedByEngine) return QStringLiteral("was killed by the engine (SIGKILL)");
    if (x.termSignal > 0)
        return QStringLiteral("was killed by %1").arg(TraceNames::signalName(x.termSignal));
    return QStringLiteral("exited with %1").arg(x.exitCode);
}

QString describeExpected(const ExitExpect &e)
{
    return e.isSignal ? (e.signalName.empty() ? TraceNames::signalName(e.signal)
                                              : QString::fromStdString(e.signalName))
                      : QString::number(e.code);
}

bool exitMatches(const ProcessExit &x, const ExitExpect &e)
{
    if (!x.ended && !x.killedByEngine) return false;
    if (e.isSignal) {
        const int want =
            e.signal ? e.signal : TraceNames::signalFromName(QString::fromStdString(e.signalName));
        // A process the engine killed (deadlock, timeout, stop) counts as SIGKILL.
        const int got = x.killedByEngine ? SIGKILL : x.termSignal;
        return got == want;
    }
    return !x.killedByEngine && x.termSignal == 0 && x.exitCode == e.code;
}

QString quoted(const QString &s)
{
    QString q = s;
    q.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""));
    q.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return QLatin1Char('"') + q + QLatin1Char('"');
}

// For each instance, the rule of the most specific key naming it ("name[k]" over "name" over
// "*"), so a replica can be given its own expectation beside its siblings'.
template <typename Rule>
QVector<int> rulesPerInstance(const Scenario &sc, const std::vector<Rule> &rules)
{
    const int n = int(sc.instances.size());
    QVector<int> rule(n, -1);
    QVector<int> rank(n, -1);
    for (int k = 0; k < int(rules.size()); ++k) {
        const std::string &key = rules[k].proc;
        if (key == "*") {
            for (int i = 0; i < n; ++i) {
                if (rank[i] < 0) rule[i] = k, rank[i] = 0;
            }
            continue;
        }
        const int r = key.find('[') != std::string::npos ? 2 : 1;
        for (const int i : sc.instancesNamed(key)) {
            if (i >= 0 && i < n && rank[i] < r) rule[i] = k, rank[i] = r;
        }
    }
    return rule;
}

void checkExits(const Scenario &sc, const RunResult &result, QStringList &failures)
{
    const int n = int(sc.instances.size());
    const QVector<int> rule = rulesPerInstance(sc, sc.expect.exits);
    for (int i = 0; i < n; ++i) {
        if (rule[i] < 0) continue;
        const ExitExpect &e = sc.expect.exits[rule[i]];
        const QString name = QString::fromStdString(sc.instances[i].name);
        if (i >= result.exits.size()) {
            failures << QStringLiteral("exit: %1 has no recorded end, expected %2")
                            .arg(name, describeExpected(e));
            continue;
        }
        const ProcessExit &x = result.exits[i];
        if (!exitMatches(x, e))
            failures << QStringLiteral("exit: %1 %2, expected %3")
                            .arg(name, describeEnd(x), describeExpected(e));
    }
}

void checkCells(const Scenario &sc, const RunResult &result, QStringList &failures)
{
    for (const CellExpect &c : sc.expect.cells) {
        const QString key = QString::fromStdString(c.key);
        if (c.res < 0 || c.res >= result.finals.size() || c.index < 0 ||
            c.index >= result.finals[c.res].cells.size()) {
            failures << QStringLiteral("cells: %1 was not read back from the kernel at the end "
                                       "of the run")
                            .arg(key);
            continue;
        }
        const qint64 v = result.finals[c.res].cells[c.index];
        if (c.exact) {
            if (v != c.value)
                failures
                    << QStringLiteral("cells: %1 is %2, expected %3").arg(key).arg(v).arg(c.value);
            continue;
        }
        if (c.min && v < *c.min && c.max)
            failures << QStringLiteral("cells: %1 is %2, expected %3..%4")
                            .arg(key)
                            .arg(v)
                            .arg(*c.min)
                            .arg(*c.max);
        else if (c.min && v < *c.min)
            failures << QStringLiteral("cells: %1 is %2, expected at least %3")
                            .arg(key)
                            .arg(v)
                            .arg(*c.min);
        else if (c.max && v > *c.max && c.min)
            failures << QStringLiteral("cells: %1 is %2, expected %3..%4")
                            .arg(key)
                            .arg(v)
                            .arg(*c.min)
                            .arg(*c.max);
        else if (c.max && v > *c.max)
            failures << QStringLiteral("cells: %1 is %2, expected at most %3")
                            .arg(key)
                            .arg(v)
                            .arg(*c.max);
    }
}

void checkPrinted(const Scenario &sc, const WorldState &world, QStringList &failures)
{
    const QVector<int> rule = rulesPerInstance(sc, sc.expect.printed);
    for (int i = 0; i < rule.size(); ++i) {
        if (rule[i] < 0) continue;
        const PrintedExpect &p = sc.expect.printed[rule[i]];
        const QString name = QString::fromStdString(sc.instances[i].name);
        // The first lines printed (as many as are expected, and more), and how many in all.
        const QStringList got =
            i < world.processes.size() ? world.processes[i].printed : QStringList();
        const qint64 total = std::max<qint64>(
            got.size(), i < world.processes.size() ? world.processes[i].printedCount : 0);
        const int want = int(p.lines.size());
        const int common = std::min<int>(want, got.size());
        bool reported = false;
        for (int k = 0; k < common && !reported; ++k) {
            const QString expected = QString::fromStdString(p.lines[k]);
            if (got[k] != expected) {
                failures << QStringLiteral("printed: %1 line %2 is %3, expected %4")
                                .arg(name)
                                .arg(k + 1)
                                .arg(quoted(got[k]), quoted(expected));
                reported = true;
            }
        }
        if (reported) continue;
        if (total < want)
            failures << QStringLiteral("printed: %1 printed %2 line(s), expected %3; "
                                       "line %4 %5 is missing")
                            .arg(name)
                            .arg(total)
                            .arg(want)
                            .arg(got.size() + 1)
                            .arg(quoted(QString::fromStdString(p.lines[got.size()])));
        else if (total > want)
            failures << QStringLiteral("printed: %1 printed %2 line(s), expected %3; "
                                       "line %4 is %5, not expected")
                            .arg(name)
                            .arg(total)
                            .arg(want)
                            .arg(want + 1)
                            .arg(quoted(got[want]));
    }
}

} // namespace

QStringList checkExpectations(const Scenario &scenario, const RunResult &result,
                              const WorldState &world)
{
    QStringList failures;
    checkExits(scenario, result, failures);
    checkCells(scenario, result, failures);
    checkPrinted(scenario, world, failures);
    if (scenario.expect.deadlock) {
        const bool deadlocked = result.end == RunResult::End::Deadlock;
        if (*scenario.expect.deadlock && !deadlocked) {
            QString how;
            switch (result.end) {
            case RunResult::End::Completed:
                how = QStringLiteral("completed");
                break;
            case RunResult::End::Timeout:
                how = QStringLiteral("timed out");
                break;
            case RunResult::End::Stopped:
                how = QStringLiteral("was stopped");
                break;
            case RunResult::End::EngineError:
                how = QStringLiteral("failed in the engine");
                break;
            case RunResult::End::Deadlock:
                break;
            }
            failures << QStringLiteral("deadlock: the run %1, expected a deadlock").arg(how);
        } else if (!*scenario.expect.deadlock && deadlocked) {
            failures << QStringLiteral("deadlock: the run deadlocked, expected no deadlock");
        }
    }
    return failures;
}

QStringList describeExpectations(const Scenario &scenario)
{
    QStringList out;
    const Expectations &x = scenario.expect;
    for (const ExitExpect &e : x.exits) {
        const QString who = e.proc == "*"
                                ? (x.exits.size() == 1 ? QStringLiteral("every process")
                                                       : QStringLiteral("every other process"))
                                : QString::fromStdString(e.proc);
        out << (e.isSignal ? QStringLiteral("%1 is killed by %2").arg(who, describeExpected(e))
                           : QStringLiteral("%1 exits with %2").arg(who, describeExpected(e)));
    }
    for (const CellExpect &c : x.cells) {
        const QString key = QString::fromStdString(c.key);
        if (c.exact)
            out << QStringLiteral("%1 ends at %2").arg(key).arg(c.value);
        else if (c.min && c.max)
            out << QStringLiteral("%1 ends between %2 and %3").arg(key).arg(*c.min).arg(*c.max);
        else if (c.min)
            out << QStringLiteral("%1 ends at %2 or more").arg(key).arg(*c.min);
        else if (c.max)
            out << QStringLiteral("%1 ends at %2 or less").arg(key).arg(*c.max);
    }
    for (const PrintedExpect &p : x.printed) {
        QStringList lines;
        for (const std::string &l : p.lines)
            lines << quoted(QString::fromStdString(l));
        out << (lines.isEmpty()
                    ? QStringLiteral("%1 prints nothing").arg(QString::fromStdString(p.proc))
                    : QStringLiteral("%1 prints %2")
                          .arg(QString::fromStdString(p.proc), lines.join(QStringLiteral(", "))));
    }
    if (x.deadlock)
        out << (*x.deadlock ? QStringLiteral("the run ends in deadlock")
                            : QStringLiteral("the run ends without deadlock"));
    return out;
}

} // namespace ipcsim::core
