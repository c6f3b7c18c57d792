// What one worker holds of one resource its script names, and the statements it runs on it:
// the worker's part of a kind (core/kinds/<module>/worker.cpp). Opened once at startup, so a
// step only calls into it; each statement is the real call, between the records its Step
// writes.
#pragma once

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"
#include "worker/step.h"

#include <array>
#include <memory>
#include <string>

namespace ipcsim::core {

class WorkerObject
{
public:
    // Where it is opened: its resource, what this script does with it, the descriptors this
    // process inherited for it (by role; -1: none), the session's names and segment.
    struct Place
    {
        const ResourceSpec &spec;
        int index;
        const Scenario &scenario; // its other objects (a condition's mutex)
        ResourceUse use;
        std::array<int, kEndRoles> inherited; // indexed by EndRole
        const SessionLayout &layout;
        wire::SessionHeader *session;
        int end(EndRole role) const { return inherited[size_t(role)]; }
    };

    virtual ~WorkerObject() = default;
    // On failure returns false and sets *error (naming the call and the errno).
    virtual bool open(const Place &at, std::string *error) = 0;
    // Once the engine has started every process (a tcp socket's port is known by then).
    virtual void started(const wire::SessionHeader *) {}
    // Runs statement s on it, one of those its kind's format says it takes.
    virtual void run(const Stmt &s, Step &step) = 0;

protected:
    // "<kind> <name>: <what>: <errno's name and words>", false.
    static bool fail(const ResourceSpec &spec, const std::string &what, std::string *error);
    // A statement its kind takes but this object does not run: a bug of ipcsim.
    [[noreturn]] static void unsupported(const Stmt &s);
};

// A kind's worker part: how it makes what a worker holds of one of its objects.
struct KindWorker
{
    std::unique_ptr<WorkerObject> (*make)();
};
const KindWorker &kindWorker(ResourceType type);

} // namespace ipcsim::core
