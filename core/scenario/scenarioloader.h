// Reads a scenario file (JSON + scripts) into a validated Scenario, or into messages that name
// the file, the line and what is wrong. Plain C++: the worker uses it too.
#pragma once

#include "scenario/kernellimits.h"
#include "scenario/scenario.h"

#include <optional>
#include <string>
#include <vector>

namespace ipcsim::core {

struct LoadResult
{
    std::optional<Scenario> scenario;
    // Each already formatted: "FILE:LINE:COL: message" for the JSON,
    // "FILE: process P, line N: message" for a script. Empty when scenario is set.
    std::vector<std::string> errors;
    bool ok() const { return scenario.has_value(); }
};

// A scenario is a lesson, not a data set: its file may have at most 4 MiB (a 78 MB file took
// 28 s and 3.75 GB to be refused). Longer ones are refused before they are parsed.
constexpr size_t kMaxScenarioBytes = size_t(4) << 20;

// Parses and validates. fileName is used in messages and kept in Scenario::fileName.
LoadResult loadScenario(const std::string &text, const std::string &fileName,
                        const KernelLimits &limits);
LoadResult loadScenarioFile(const std::string &path, const KernelLimits &limits);

// What the format accepts, each list in one place: the loader refuses any other key, and
// docs/format.md describes every one (tst_scenarioloader checks that it does). A resource's
// options are its kind's (kindFormats(), scenario/kind.h).
const std::vector<std::string> &topLevelKeys();
const std::vector<std::string> &processKeys();
const std::vector<std::string> &expectKeys(); // in "expect"

// "free", "round-robin", "random:SEED", or a comma-separated list of instance names
// (checked against the scenario). On error returns nullopt and sets *error.
std::optional<Schedule> parseSchedule(const std::string &text, const Scenario &scenario,
                                      std::string *error);

} // namespace ipcsim::core
