// What a kind of object says in the window and the narration: the story's part of a kind
// (core/kinds/<module>/story.cpp). Texts and the Narrator ask it instead of switching on its
// type; what every byte stream says alike (write, read, close) stays the narrator's own.
#pragma once

#include "engine/runresult.h"
#include "model/event.h"
#include "model/worldstate.h"

#include <QCoreApplication>
#include <QString>

#include <functional>
#include <span>

namespace ipcsim::core {

// One sentence about a process and one object, as the narrator builds it.
struct Told
{
    const Event &event;
    const WorldState &world; // as it was just before the event
    int proc;
    const ProcessState &process;
    const QString &who; // the process, as the story names it
    const ResourceState &res;
    const QString &call; // the real call on it: "sem_wait(full)"
    bool woke;           // the process was asleep in this step
};

struct KindWords
{
    const char *noun; // "message queue", as the window names the kind
    // The real call behind a statement on one ("mq_send", "pthread_mutex_lock"); null for a
    // statement it does not take.
    const char *(*callName)(Op op);
    // The call for a statement that asks for a shared lock ("lock L shared": a rwlock's
    // pthread_rwlock_rdlock); null: callName's.
    const char *(*sharedCallName)(Op op) = nullptr;
    // What a step on one does as it begins, before it may sleep (a condition's wait lets go of
    // its mutex); empty: nothing to tell yet.
    QString (*began)(const Told &) = nullptr;
    // Why a process sleeps in its statement on one; empty: the narrator's own words.
    QString (*asleep)(const Told &) = nullptr;
    // What a step on one did; empty: the narrator's own words.
    QString (*ended)(const Told &) = nullptr;
    // What a process at its gate will do with its next statement on one, from the world as it
    // is ("will block: full is 0"); empty: nothing to foretell. The event is its gate, with
    // what the step asks for where the kind's worker tells it (Step::Asks).
    QString (*next)(const Told &) = nullptr;
    // What the kernel held of one at the end of a run, after its name in `ipcsim run`'s
    // summary (" = 2  (kernel: sem_getvalue at the end)"); null: nothing to say.
    QString (*atTheEnd)(const KernelFinal &) = nullptr;
    // What the kernel did with what a process that exited had of one (SEM_UNDO's adjustments),
    // from the world before its exit; empty: nothing to tell.
    QString (*exited)(const Told &) = nullptr;
    // What one says of itself when the run is over, after the verdict (shared memory: the
    // updates that were lost); empty: nothing.
    QString (*closing)(const ResourceState &) = nullptr;
    // The catalogue's topic for a lesson that uses one; a lesson's topic is that of its kind of
    // lowest rank ("Shared memory and locks" before "Pipes and FIFOs").
    const char *topic = nullptr;
    int topicRank = 0;
    // Its noun in few letters, for a node whose header has no room for the noun ("System V
    // shm"); null: the noun, cut short.
    const char *shortNoun = nullptr;
    // The built-in lessons about it (resources/scenarios/NAME.json): the gallery files them
    // under its topic, whatever else they use.
    std::span<const char *const> lessons;
    // Its part of the format reference, in Markdown: docs/format.md holds every kind's, written
    // from these between its markers (story/reference.h; the `reference` target writes them,
    // and tst_reference checks that the document says what the kinds say).
    struct Reference
    {
        const char *options = "—";     // its row in the table of resources: its options
        const char *kernelObject = ""; // and the kernel object it is
        // Its row in the table of statements by kind: each statement it takes (as `keyword`)
        // and the real call behind it on one ("`wait`: `sem_wait` · `post`: `sem_post`").
        const char *statements = "";
        const char *notes = nullptr; // list items under the table ("- **Pipes.** …"); null: none
    };
    Reference reference;
};
const KindWords &kindWords(ResourceType type);

namespace words {
// The narration's words, for the kinds to use (translated in the Narrator's context).
inline QString tr(const char *text)
{
    return QCoreApplication::translate("Narrator", text);
}
QString quoted(const QByteArray &text); // "\"ab\\ncd…\"", at most 60 characters of it
QString asleep();                       // "so the kernel put it to sleep"
// " That wakes reader, who was asleep in sem_wait.": the first process asleep on the object,
// other than the one acting, whom this step wakes; "" when none is.
QString wakes(const Told &t, const char *call);
// The same, of the first who is woken by what this step gave (lets(waiter): a System V receive
// of the type sent); and that process alone (-1: none).
QString wakes(const Told &t, const char *call, const std::function<bool(int)> &lets);
int firstWoken(const Told &t, const std::function<bool(int)> &lets);
} // namespace words

} // namespace ipcsim::core
