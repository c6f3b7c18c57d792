// How events change one of a kind's objects in the world: the reducer's part of a kind
// (core/kinds/<module>/model.cpp). WorldModel asks it instead of switching on its type, and
// lends it its helpers (registers, byte levels, load marks).
#pragma once

#include "model/event.h"
#include "model/worldstate.h"
#include "scenario/scenario.h"

namespace ipcsim::core {

class WorldModel;

// A step on an object that ended (its End record), as the reducer hands it to the kind.
struct StepEnded
{
    const Event &event;
    ResourceState &res;
    ProcessState &process;
    const ProcessSpec &spec; // the process's own
    int reg;                 // the register the statement sets (-1: none)
    WorldModel &model;
};

struct KindModel
{
    // Its state before any event, from its options and from who uses it.
    void (*init)(ResourceState &r, int res, const ResourceSpec &spec,
                 const Scenario &scenario) = nullptr;
    // What a step on it changed.
    void (*ended)(const StepEnded &step) = nullptr;
    // What the kernel does with what a process that exited held of it.
    void (*exited)(ResourceState &r, int res, int proc, const ProcessState &p,
                   const ProcessSpec &spec) = nullptr;
};
const KindModel &kindModel(ResourceType type);

} // namespace ipcsim::core
