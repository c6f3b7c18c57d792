// Finds and loads scenarios for the window: the built-in ones compiled in under
// :/scenarios/NAME.json, and the user's own files.
#pragma once

#include "scenario/scenarioloader.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace ipcsim::ui {

class ScenarioCatalog
{
    Q_DECLARE_TR_FUNCTIONS(ScenarioCatalog)
public:
    static QStringList builtinNames();
    static core::LoadResult loadBuiltin(const QString &name);
    static core::LoadResult loadFile(const QString &path);
    // A path to an existing file, else the name of a built-in scenario.
    static core::LoadResult load(const QString &fileOrName);
    // The gallery's grouping: what the lesson is mainly about. A built-in lesson's subject is
    // given by name, by the kind of object it teaches (the objects a script uses say less:
    // file-locking orders its processes with semaphores, but teaches file locks) or here;
    // another file's is guessed from its objects.
    static QString topicOf(const QString &name, const core::Scenario &scenario);
    // The subject of a built-in lesson, or empty for a name that is none.
    static QString builtinTopic(const QString &name);
    static QString errorText(const core::LoadResult &r);
};

} // namespace ipcsim::ui
