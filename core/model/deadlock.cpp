#include "model/deadlock.h"

#include "model/worldstate.h"
#include "trace/tracenames.h"

namespace ipcsim::core {

namespace {

QString nameIn(const auto &list, int i, auto name)
{
    if (i < 0 || i >= qsizetype(list.size())) return QStringLiteral("?");
    return name(list[size_t(i)]);
}

constexpr auto specName = [](const auto &spec) { return QString::fromStdString(spec.name); };
constexpr auto stateName = [](const auto &state) { return state.name; };

QString waited(const auto &resources, const DeadlockWait &w, auto name)
{
    if (w.res >= 0) return nameIn(resources, w.res, name);
    if (w.sig > 0) return TraceNames::signalName(w.sig);
    return QStringLiteral("?");
}

QStringList circle(const auto &holder, const QList<DeadlockWait> &cycle)
{
    QStringList names;
    for (const DeadlockWait &w : cycle)
        names << processName(holder, w.proc) << waitedName(holder, w);
    if (!cycle.isEmpty()) names << processName(holder, cycle.front().proc);
    return names;
}

} // namespace

QString processName(const Scenario &scenario, int proc)
{
    return nameIn(scenario.instances, proc, specName);
}

QString processName(const WorldState &world, int proc)
{
    return nameIn(world.processes, proc, stateName);
}

QString waitedName(const Scenario &scenario, const DeadlockWait &w)
{
    return waited(scenario.resources, w, specName);
}

QString waitedName(const WorldState &world, const DeadlockWait &w)
{
    return waited(world.resources, w, stateName);
}

QStringList circleNames(const Scenario &scenario, const QList<DeadlockWait> &cycle)
{
    return circle(scenario, cycle);
}

QStringList circleNames(const WorldState &world, const QList<DeadlockWait> &cycle)
{
    return circle(world, cycle);
}

} // namespace ipcsim::core
