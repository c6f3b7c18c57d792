// Finds a scenario by what the user typed: a file path, or the NAME of a built-in.
#pragma once

#include "scenario/scenarioloader.h"

#include <QString>
#include <QStringList>

namespace ipcsim::app {

struct BuiltIn
{
    QString name; // file stem: what `ipcsim run NAME` takes
    QString title;
    QString resource; // ":/scenarios/NAME.json"
};

// Every built-in scenario, sorted by name.
QList<BuiltIn> builtIns();

// Loads FILE if it exists, else the built-in NAME. Errors are ready to print.
core::LoadResult loadScenarioArgument(const QString &arg);

} // namespace ipcsim::app
