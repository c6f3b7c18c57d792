// One resource's kernel object for one run, as its kind makes, reads and lets go of it: the
// engine's part of a kind (core/kinds/<module>/engine.cpp). KernelObjects holds one for each
// resource of the scenario and asks it, instead of switching on its type.
#pragma once

#include "engine/runresult.h"
#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"

#include <QString>

#include <QVector>
#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ipcsim::core {

class SessionDirectory;

// How an exec process's standard stream reaches the object: a descriptor the engine holds,
// or a path the launcher opens in the child.
struct StreamEnd
{
    int fd = -1;
    std::string path;
    int flags = 0;
};

// Who holds a lock, as the kernel or the lock's word says: an instance, or a pid to find one.
struct Holder
{
    int instance = -1;
    int pid = 0;
};

class KernelObject
{
public:
    // Where it is made: its resource, the session's names and folder (a named object is
    // recorded in the manifest before it exists), and its slot in the session segment.
    struct Place
    {
        const ResourceSpec &spec;
        int index;
        const Scenario &scenario; // its other objects (a condition's mutex)
        const SessionLayout &layout;
        SessionDirectory &dir;
        wire::SessionHeader *session;
        wire::SyncSlot *slot;
    };

    virtual ~KernelObject() = default; // lets go of what the engine holds (closeAll)
    virtual bool create(const Place &at, QString *error) = 0;

    // The descriptor a worker inherits in this role (ipc/sessionlayout.h), or -1.
    virtual int endFd(EndRole) const { return -1; }
    // How an exec process's stdin (reading) or stdout/stderr reach it (kinds whose format
    // says standardStream).
    virtual StreamEnd streamEnd(bool /*reading*/) const { return {}; }
    // Once every process holds its ends: the engine lets go of its own.
    virtual void closeInheritedEnds() {}
    // At the end: everything the engine holds (the mappings, the descriptors).
    virtual void closeAll() { closeInheritedEnds(); }

    // The kernel's figure sampled while the run goes (a queue's depth, a semaphore's value).
    virtual std::optional<qint64> sample() const { return std::nullopt; }
    // Whether a process asleep in this statement on it could go on now, by the kernel's
    // state (so its sleep is not a block).
    virtual bool letsGoOn(Op) const { return false; }
    // Who holds it now (locks); none by default.
    virtual Holder holder() const { return {}; }
    // Everyone who holds it now (a lock's readers share it); its holder by default.
    virtual std::vector<Holder> holders() const
    {
        const Holder h = holder();
        if (h.instance < 0 && h.pid <= 0) return {};
        return {h};
    }
    // A process died waiting in it, with its place in the line (a spinlock's ticket).
    virtual void waiterDied(int /*instance*/, int /*ticket*/) {}

    // What is left at the end of the run, read before it is removed.
    virtual void readFinal(KernelFinal *) {}

protected:
    static QString failure(const std::string &what); // what, and errno's name and words
    // A System V object, which has no name and whose id outlives every process: its key is
    // recorded in the manifest under word ("sysv-msg") before make(key), the call ("msgget"),
    // creates it with IPC_EXCL; when another owner has that key, the next attempt's, recorded
    // first too. The id, or -1 with *error set.
    template <typename Make>
    static int makeSysv(const Place &at, const char *word, const char *call, Make make,
                        QString *error);
    static bool recordKey(const Place &at, const char *word, int32_t key, QString *error);
};

// A process asleep on an object, as the wait-for graph asks its kind who could wake it.
struct Sleeper
{
    int proc;
    Op op; // the statement it sleeps in (Op::None: a program's system call)
    const ResourceSpec &spec;
};

// Another live process, as the wait-for graph shows it to the kind.
struct Other
{
    int instance = -1;
    ResourceUse use;         // what its script does with the object (ipc/sessionlayout.h)
    bool execReads = false;  // a program whose stdin is the object
    bool execWrites = false; // a program whose stdout or stderr is the object
    bool asleepHere = false; // asleep in the same statement on the same object
};

// A kind's engine part: how it makes its kernel object, and who could wake a process asleep
// on one (the deadlock detector's question): its holder, or the others it says could.
struct KindEngine
{
    std::unique_ptr<KernelObject> (*make)();
    // Opening it by its path sleeps until the other end is opened too (a fifo's open).
    bool openWaitsForPeer = false;
    bool holderWakes = false;
    bool (*couldWake)(const Sleeper &, const Other &) = nullptr;
    // The object a process woken on one of its objects sleeps on next, before its call
    // returns (a condition's waiter, notified, takes its mutex back): the resource's index, -1
    // none. Whether it sleeps there now, the kernel says (engine/deadlockdetector.h).
    int (*thenSleepsOn)(int res, const Scenario &scenario) = nullptr;
};
const KindEngine &kindEngine(ResourceType type);

template <typename Make>
int KernelObject::makeSysv(const Place &at, const char *word, const char *call, Make make,
                           QString *error)
{
    int id = -1;
    for (int attempt = 0; attempt < 4; ++attempt) {
        const int32_t key = at.layout.sysvKey(at.index, attempt);
        if (!recordKey(at, word, key, error)) return -1;
        id = make(key);
        if (id >= 0 || errno != EEXIST) break;
    }
    if (id < 0) *error = failure(std::string(call) + " for " + at.spec.name);
    return id;
}

} // namespace ipcsim::core
