// Turns one event into one plain sentence a student can follow ("consumer called
// sem_wait(full): the value was 0, so the kernel put it to sleep"), using the world as it was
// just before the event. Also formats the terse line of the event log.
#pragma once

#include "engine/runresult.h"
#include "model/event.h"
#include "model/worldstate.h"
#include "scenario/scenario.h"

#include <QCoreApplication>
#include <QString>

namespace ipcsim::core {

class Narrator
{
    Q_DECLARE_TR_FUNCTIONS(Narrator)
public:
    // Empty when the event is not worth a sentence (gates, releases, begins that do not block).
    static QString describe(const core::Event &e, const core::WorldState &before);
    static QString logLine(const core::Event &e, const core::WorldState &world);
    // "the run completed", with the exits, for the end of a run.
    static QString summary(const core::WorldState &world);
    // What a process waiting at its gate will do with its next step, from the world as it is:
    // "will block: full is 0", "goes on: m is free", "opens the barrier". Empty when it is not
    // at its gate, or its next statement never waits.
    static QString nextStep(const core::WorldState &world, int proc);
    // The same with its statement: "next: wait full — will block: full is 0".
    static QString nextStepLine(const core::WorldState &world, int proc);
    // How the run ended, for its last sentence ("The run is over: every process ended. …").
    static QString ending(const core::RunResult &result, const core::WorldState &world);
    // Whether the run did what its lesson expected, said once it is over ("Verdict: as the
    // lesson expected (…)" or "Verdict: NOT as the lesson expected: …"), then each cell whose
    // updates were lost, with how many. Empty when the scenario expects nothing and no update
    // was lost. *asExpected: every expectation held.
    static QString verdict(const core::Scenario &scenario, const core::RunResult &result,
                           const core::WorldState &world, bool *asExpected);

private:
    static QString blocked(const core::Event &e, const core::WorldState &w);
    static QString ended(const core::Event &e, const core::WorldState &w);
};

} // namespace ipcsim::core
