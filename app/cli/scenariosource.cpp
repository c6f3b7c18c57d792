#include "cli/scenariosource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ipcsim::app {

QList<BuiltIn> builtIns()
{
    QList<BuiltIn> out;
    const core::KernelLimits limits = core::KernelLimits::fromProc();
    const QDir dir(QStringLiteral(":/scenarios"));
    for (const QString &file : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        BuiltIn b;
        b.name = QFileInfo(file).completeBaseName();
        b.resource = dir.filePath(file);
        QFile f(b.resource);
        if (f.open(QIODevice::ReadOnly)) {
            const core::LoadResult r = core::loadScenario(f.readAll().toStdString(),
                                                          b.name.toStdString() + ".json", limits);
            if (r.ok()) b.title = QString::fromStdString(r.scenario->title);
        }
        out.append(b);
    }
    return out;
}

core::LoadResult loadScenarioArgument(const QString &arg)
{
    const core::KernelLimits limits = core::KernelLimits::fromProc();
    if (QFileInfo(arg).isFile()) return core::loadScenarioFile(arg.toStdString(), limits);
    const QString resource = QStringLiteral(":/scenarios/%1.json").arg(arg);
    QFile f(resource);
    if (!arg.contains(QLatin1Char('/')) && f.open(QIODevice::ReadOnly))
        return core::loadScenario(f.readAll().toStdString(), arg.toStdString() + ".json", limits);
    core::LoadResult r;
    r.errors.push_back(arg.toStdString() +
                       ": no such file, and no built-in scenario of that name (see `ipcsim list`)");
    return r;
}

} // namespace ipcsim::app
