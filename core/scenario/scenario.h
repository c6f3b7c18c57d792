// A loaded, validated scenario: resources, processes with parsed scripts, schedule, expectations.
// Plain C++ value types shared by the engine, the worker, the UI and the tests.
#pragma once

#include "scenario/kinddata.h"
#include "scenario/script.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace ipcsim::core {

// The kinds of object, one per line of the registry (what each is: scenario/kind.h).
enum class ResourceType : uint8_t
{
#define IPCSIM_KIND(Type, module) Type,
#include "kinds/kinds.def"
#undef IPCSIM_KIND
};
const char *resourceTypeName(ResourceType t); // "pipe", "fifo", "mqueue", ...

struct ResourceSpec
{
    std::string name;
    ResourceType type = ResourceType::Pipe;
    int line = 0, col = 0; // position in the JSON file
    // What its kind has of its own (core/kinds/<module>/settings.h), read by its options.
    KindData own;
};

struct ProcessSpec
{
    std::string name;
    int line = 0, col = 0;    // position in the JSON file
    int count = 1;            // replicas
    bool hasReplicas = false; // "count" was given: instances are named name[k]
    std::string scriptText;
    Script script;                                     // parsed (empty for exec)
    std::vector<std::string> exec;                     // argv for an exec process
    int stdinRes = -1, stdoutRes = -1, stderrRes = -1; // resource indices for exec
    bool isExec() const { return !exec.empty(); }
};

struct Schedule
{
    enum Kind : uint8_t
    {
        Free,
        RoundRobin,
        Random,
        List
    };
    Kind kind = Free;
    uint64_t seed = 0;
    std::vector<std::string> names; // List: process (instance) names, in order
    bool stepMode() const { return kind != Free; }
};

// `"exit"`: a code, or a signal by name.
struct ExitExpect
{
    std::string proc; // "*", a process name, or name[k]
    bool isSignal = false;
    int code = 0;
    int signal = 0;
    std::string signalName;
};

struct CellExpect
{
    std::string key; // as written: "counter[0]"
    int res = -1;
    int64_t index = 0;
    bool exact = true;
    int64_t value = 0;
    std::optional<int64_t> min, max;
};

struct PrintedExpect
{
    std::string proc; // process name or name[k]
    std::vector<std::string> lines;
};

struct Expectations
{
    std::vector<ExitExpect> exits;
    std::vector<CellExpect> cells;
    std::vector<PrintedExpect> printed;
    std::optional<bool> deadlock;
    bool any() const { return !exits.empty() || !cells.empty() || !printed.empty() || deadlock; }
};

// One running process of the scenario: a process spec expanded by its count.
struct Instance
{
    int spec = 0;     // index into Scenario::processes
    int replica = 0;  // $index
    std::string name; // "producer" or "worker[2]"
};

struct Scenario
{
    std::string fileName; // as given by the user, for messages
    std::string source;   // the whole JSON text, so a trace can replay without the file
    int format = 1;
    std::string title, summary, lesson;
    int64_t timeoutMs = 10000;
    Schedule schedule;
    std::vector<ResourceSpec> resources;
    std::vector<ProcessSpec> processes;
    Expectations expect;
    std::vector<Instance> instances; // expanded processes, in order; replicas in index order

    int resourceIndex(const std::string &name) const;
    int processIndex(const std::string &name) const;
    // Instance indices named by a process name ("worker" -> all replicas) or "worker[1]".
    std::vector<int> instancesNamed(const std::string &name) const;
    bool hasExec() const;
};

} // namespace ipcsim::core
