// Turns one event into one plain sentence a student can follow ("consumer called
// sem_wait(full): the value was 0, so the kernel put it to sleep"), using the world as it was
// just before the event. Also formats the terse line of the event log.
#pragma once

#include "model/event.h"
#include "model/worldstate.h"

#include <QCoreApplication>
#include <QString>

namespace ipcsim::ui {

class Narrator
{
    Q_DECLARE_TR_FUNCTIONS(Narrator)
public:
    // Empty when the event is not worth a sentence (gates, releases, begins that do not block).
    static QString describe(const core::Event &e, const core::WorldState &before);
    static QString logLine(const core::Event &e, const core::WorldState &world);
    // "the run completed", with the exits, for the end of a run.
    static QString summary(const core::WorldState &world);

private:
    static QString blocked(const core::Event &e, const core::WorldState &w);
    static QString ended(const core::Event &e, const core::WorldState &w);
};

} // namespace ipcsim::ui
