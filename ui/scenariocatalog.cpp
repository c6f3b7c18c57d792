#include "scenariocatalog.h"
#include "scenario/kind.h"
#include "story/kindwords.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <functional>

namespace ipcsim::ui {

QStringList ScenarioCatalog::builtinNames()
{
    QStringList names;
    const auto entries = QDir(QStringLiteral(":/scenarios"))
                             .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString &e : entries)
        names << QFileInfo(e).completeBaseName();
    return names;
}

core::LoadResult ScenarioCatalog::loadBuiltin(const QString &name)
{
    QFile f(QStringLiteral(":/scenarios/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly)) {
        core::LoadResult r;
        r.errors.push_back(
            tr("%1: no such scenario file, and no built-in scenario of that name (see ipcsim list)")
                .arg(name)
                .toStdString());
        return r;
    }
    const QByteArray text = f.readAll();
    return core::loadScenario(text.toStdString(), (name + QStringLiteral(".json")).toStdString(),
                              core::KernelLimits::fromProc());
}

core::LoadResult ScenarioCatalog::loadFile(const QString &path)
{
    return core::loadScenarioFile(path.toStdString(), core::KernelLimits::fromProc());
}

core::LoadResult ScenarioCatalog::load(const QString &fileOrName)
{
    if (QFileInfo::exists(fileOrName) && QFileInfo(fileOrName).isFile())
        return loadFile(fileOrName);
    return loadBuiltin(fileOrName);
}

QString ScenarioCatalog::builtinTopic(const QString &name)
{
    // The lessons about something no one kind of object is: each of the others is listed by
    // the kind it teaches (KindWords::lessons), under that kind's topic.
    static const QList<std::pair<const char *, QStringList>> subjects = {
        {QT_TR_NOOP("Signals"), {"signals-ping", "rt-signals"}},
        {QT_TR_NOOP("Deadlock"),
         {"deadlock-two-locks", "dining-philosophers", "dining-philosophers-ordered",
          "rwlock-upgrade"}},
        {QT_TR_NOOP("Shell pipelines"), {"shell-pipeline"}},
    };
    for (const auto &[subject, names] : subjects)
        if (names.contains(name)) return tr(subject);
    for (const core::KindFormat *format : core::kindFormats()) {
        const core::KindWords &kind = core::kindWords(format->type);
        for (const char *lesson : kind.lessons)
            if (name == QLatin1String(lesson)) return tr(kind.topic);
    }
    return {};
}

QString ScenarioCatalog::topicOf(const QString &name, const core::Scenario &s)
{
    if (const QString t = builtinTopic(name); !t.isEmpty()) return t;
    if (s.expect.deadlock && *s.expect.deadlock) return tr("Deadlock");
    bool sig = false;
    for (const auto &p : s.processes) {
        std::function<void(const std::vector<core::Stmt> &)> walk =
            [&](const std::vector<core::Stmt> &body) {
                for (const auto &st : body) {
                    if (st.op == core::Op::Signal || st.op == core::Op::Await) sig = true;
                    walk(st.body);
                    walk(st.elseBody);
                }
            };
        walk(p.script.body);
    }
    if (s.hasExec()) return tr("Shell pipelines");
    // The topic of its kind of lowest rank (story/kindwords.h).
    const core::KindWords *first = nullptr;
    for (const auto &r : s.resources) {
        const core::KindWords &kind = core::kindWords(r.type);
        if (kind.topic && (!first || kind.topicRank < first->topicRank)) first = &kind;
    }
    if (first) return tr(first->topic);
    if (sig) return tr("Signals");
    return tr("Processes");
}

QString ScenarioCatalog::errorText(const core::LoadResult &r)
{
    QStringList lines;
    for (const auto &e : r.errors)
        lines << QString::fromStdString(e);
    return lines.join(QLatin1Char('\n'));
}

} // namespace ipcsim::ui
