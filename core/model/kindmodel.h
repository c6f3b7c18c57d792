// How events change one of a kind's objects in the world: the reducer's part of a kind
// (core/kinds/<module>/model.cpp). WorldModel asks it instead of switching on its type, and
// lends it its helpers (registers, byte levels, load marks). The causal order asks it for its
// ledger (model/causalledger.h), the flow matcher for what passes through it.
#pragma once

#include "engine/runresult.h"
#include "model/causalledger.h"
#include "model/event.h"
#include "model/worldstate.h"
#include "scenario/scenario.h"

#include <memory>

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

// How the flow matcher (model/flowmatcher.h) joins what went into one object to what came
// out of it: what writes put in (Write, WriteBytes, Send) and reads take (Read, Receive).
struct Flows
{
    enum Shape : quint8
    {
        None,      // nothing passes through it from one process to another
        Bytes,     // a byte stream: bytes come out in the order they went in, however cut
        Datagrams, // whole: a read takes the earliest datagram sent with its text
        Messages   // a queue's: a receive takes the earliest sent with its text and priority
    };
    Shape shape = None;
    bool connected = false; // Bytes: across one connection, that accept and connect pair
    // connected: an accept reports the pid of the process at the other end (SO_PEERCRED), which
    // pairs it with that process's connect; else both report the port, which pairs them.
    bool peerPid = false;
};

// Who keeps a byte stream's buffer (a pipe's, a fifo's): the processes holding an end. When
// the last lets go, by closing it or exiting, the kernel frees the buffer and the bytes nobody
// read in it, so no later read can take them (the flow matcher and the causal order ask it).
class BufferHolders
{
public:
    virtual ~BufferHolders() = default;
    // Whether this event, told in causal order, let go of the last end (a close, an exit).
    virtual bool freedBy(const Event &e) = 0;
    virtual void reset() = 0; // as before any event
};

struct KindModel
{
    // Its state before any event, from its options and from who uses it.
    void (*init)(ResourceState &r, int res, const ResourceSpec &spec,
                 const Scenario &scenario) = nullptr;
    // What a step on it changed as it began (a condition's wait lets go of the mutex); the
    // step's End record is not there yet.
    void (*began)(const StepEnded &step) = nullptr;
    // What a step on it changed.
    void (*ended)(const StepEnded &step) = nullptr;
    // What the exec programs whose standard output or error it is have written in all, by
    // their kernel counters (wchar), sampled. Null: its kind does not count it.
    void (*programsWrote)(ResourceState &r, qint64 bytes) = nullptr;
    // What the kernel does with what a process that exited held of it.
    void (*exited)(ResourceState &r, int res, int proc, const ProcessState &p,
                   const ProcessSpec &spec) = nullptr;
    // Its ledger in the causal order (none: nothing on it waits for another process).
    std::unique_ptr<CausalLedger> (*ledger)(int res, const Scenario &scenario) = nullptr;
    // What passes through one of its objects (none: nothing).
    Flows (*flows)(const ResourceSpec &spec) = nullptr;
    // Who keeps one's buffer (null: its contents do not go with its holders).
    std::unique_ptr<BufferHolders> (*holders)(int res, const Scenario &scenario) = nullptr;
    // The other object a step on one of its objects acts on too (a condition's wait lets go of
    // its mutex and takes it back): that object's ledger is told the step, and has its say in
    // what the step needs. Null: none.
    int (*partner)(int res, const Scenario &scenario) = nullptr;
    // The object a step of op on res lets go of as it goes to sleep and holds again before it
    // returns (a condition's wait: its mutex), which a trace writes as steps within it; -1 or
    // null: none.
    int (*releasedAsleep)(Op op, int res, const Scenario &scenario) = nullptr;
    // What the kernel held in one at the end of the run, read before it was removed: the kind
    // draws it as the kernel says where the story told it otherwise (a queue's messages in
    // the kernel's order, when sends in flight together were told in either order). Null:
    // nothing to read.
    void (*finalReading)(ResourceState &r, const KernelFinal &kernel) = nullptr;
};
const KindModel &kindModel(ResourceType type);

} // namespace ipcsim::core
