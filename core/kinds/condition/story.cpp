// A condition variable's words: a wait lets go of the mutex and sleeps, a notify wakes one
// waiter and a broadcast all, and one given while nobody waits is lost.
#include "kinds/condition/state.h"
#include "story/kindwords.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::condition {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Wait:
        return "pthread_cond_wait";
    case Op::Notify:
        return "pthread_cond_signal";
    case Op::Broadcast:
        return "pthread_cond_broadcast";
    default:
        return nullptr;
    }
}

QString names(const Told &t, const QList<int> &procs)
{
    QStringList n;
    for (int p : procs)
        n << Texts::processLabel(t.world, p);
    return n.join(QStringLiteral(", "));
}

QString mutexName(const Told &t)
{
    const int m = stateOf(t.res).mutex;
    return m >= 0 && m < t.world.resources.size() ? t.world.resources[m].name : QString();
}

// The wait lets go of the mutex as it goes to sleep, one step: told at its beginning, before
// what another process does with the mutex.
QString began(const Told &t)
{
    if (t.event.op != Op::Wait) return {};
    return tr("%1 called %2: in one step it lets go of %3 and goes to sleep until another "
              "process notifies %4.")
        .arg(t.who, t.call, mutexName(t), t.res.name);
}

// Told once the kernel is seen to have put it to sleep, which may be after another process
// took the mutex it let go of: then who holds it is what is true.
QString asleepIn(const Told &t)
{
    if (t.process.op != Op::Wait) return {};
    const int m = stateOf(t.res).mutex;
    const int owner = m >= 0 && m < t.world.resources.size() ? t.world.resources[m].owner : -1;
    if (stateOf(t.res).sleepers.woken.contains(t.proc) && owner >= 0 && owner != t.proc)
        return tr("%1 was woken, and sleeps until it can take %2 back from %3.")
            .arg(t.who, mutexName(t), Texts::processLabel(t.world, owner));
    if (owner >= 0 && owner != t.proc)
        return tr("%1 sleeps in %2; %3 has taken %4 meanwhile.")
            .arg(t.who, t.call, Texts::processLabel(t.world, owner), mutexName(t));
    return tr("%1 sleeps in %2; %3 is free for the others meanwhile.")
        .arg(t.who, t.call, mutexName(t));
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const QString &rn = t.res.name;
    switch (e.op) {
    case Op::Wait:
        return e.ownerDied
                   ? tr("%1 woke up in %2, and took its mutex back from a holder who "
                        "had died: the robust mutex says so.")
                         .arg(t.who, rn)
                   : tr("%1 woke up in %2 and holds %3 again.").arg(t.who, rn, mutexName(t));
    case Op::Notify: {
        // Told before the world takes it in: who sleeps there as it is given.
        const Sleepers &s = stateOf(t.res).sleepers;
        if (s.asleep.isEmpty())
            return tr("%1 notified %2, but nobody was asleep in it: the notification is lost (a "
                      "condition keeps no count, unlike a semaphore).")
                .arg(t.who, rn);
        if (s.asleep.size() == 1)
            return tr("%1 notified %2: that wakes %3, who takes %4 back as soon as it is "
                      "free.")
                .arg(t.who, rn, names(t, s.asleep), mutexName(t));
        if (s.unnamed + 1 == s.asleep.size())
            return tr("%1 notified %2: that wakes the last of %3 still asleep; each takes %4 "
                      "back as soon as it is free.")
                .arg(t.who, rn, names(t, s.asleep), mutexName(t));
        if (s.unnamed > 0)
            return tr("%1 notified %2: the kernel wakes one more of %3; the others sleep on.")
                .arg(t.who, rn, names(t, s.asleep));
        return (s.asleep.size() == 2
                    ? tr("%1 notified %2: the kernel wakes one of %3; the other sleeps on.")
                    : tr("%1 notified %2: the kernel wakes one of %3; the others sleep on."))
            .arg(t.who, rn, names(t, s.asleep));
    }
    case Op::Broadcast: {
        const Sleepers &s = stateOf(t.res).sleepers;
        if (s.asleep.isEmpty())
            return tr("%1 broadcast on %2, but nobody was asleep in it: it is lost.")
                .arg(t.who, rn);
        return tr("%1 broadcast on %2: that wakes all of %3; they take %4 back one at a "
                  "time.")
            .arg(t.who, rn, names(t, s.asleep), mutexName(t));
    }
    default:
        return {};
    }
}

QString next(const Told &t)
{
    if (t.process.op != Op::Wait) return {};
    return tr("will sleep: a wait always does, until a notify");
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"condition"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`mutex` (required): the name of a `mutex` of the scenario, the one it is "
               "used with",
    .kernelObject = "process-shared `pthread_cond_t` in shared memory",
    .statements = "`wait`: `pthread_cond_wait` with its mutex · `notify`: "
                  "`pthread_cond_signal` · `broadcast`: `pthread_cond_broadcast`",
    .notes = R"(
- **Condition variables.** A condition is used with one mutex, its `mutex`. `wait C` is
  `pthread_cond_wait`: the process must hold the mutex (else `EPERM`); the call lets go of it
  and sleeps, in one step, until a `notify C` (`pthread_cond_signal`, which wakes one waiter)
  or a `broadcast C` (`pthread_cond_broadcast`, which wakes all), and returns holding the
  mutex again. A woken waiter sleeps in the condition no more: it waits to take the mutex
  back, and the diagram shows it in the mutex's queue until it has. With several asleep, the
  kernel picks whom a notify wakes: the window names it only when it can be only one. A
  notify while nobody sleeps in the condition is lost: a condition keeps no count. As in real
  code, check what you wait for in a `while` loop around the `wait`, holding the mutex. A
  wait that takes back a robust mutex whose holder died reports `owner_died`.)",
};

extern const KindWords story = {.noun = "condition variable",
                                .callName = callName,
                                .began = began,
                                .asleep = asleepIn,
                                .ended = ended,
                                .next = next,
                                .topic = "Shared memory and locks",
                                .topicRank = 1,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::condition
