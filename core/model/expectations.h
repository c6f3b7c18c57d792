// Checks a finished run against its scenario's "expect" block (--check): one readable message
// per expectation that does not hold.
#pragma once

#include "engine/runresult.h"
#include "model/worldstate.h"
#include "scenario/scenario.h"

#include <QStringList>

namespace ipcsim::core {

// Empty when every expectation holds (or none is given). Messages read like
// "exit: consumer exited with 1, expected 0", "cells: counter[0] is 1873, expected 2000",
// "printed: consumer line 2 is \"got 3\", expected \"got 2\"".
QStringList checkExpectations(const Scenario &scenario, const RunResult &result,
                              const WorldState &world);

// The expectations in words, one per key, for a class to read before and during the run:
// "every process exits with 0", "counter[0] ends between 2 and 200", "consumer prints 3
// lines", "the run ends in deadlock". Empty when the scenario expects nothing.
QStringList describeExpectations(const Scenario &scenario);

} // namespace ipcsim::core
