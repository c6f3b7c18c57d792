// A mutex's words: who holds it, who sleeps for it, a robust mutex whose holder died.
#include "kinds/mutex/story.h"

#include "story/texts.h"

namespace ipcsim::core::kinds::mutex {

using words::tr;

QString asleep(const Told &t)
{
    if (t.process.op != Op::Lock) return {};
    if (t.res.owner >= 0)
        return tr("%1 called %2: %3 holds it, %4.")
            .arg(t.who, t.call, Texts::processLabel(t.world, t.res.owner), words::asleep());
    return tr("%1 called %2: the lock is taken, %3.").arg(t.who, t.call, words::asleep());
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const QString &rn = t.res.name;
    switch (e.op) {
    case Op::Lock:
        if (e.ownerDied)
            return tr("%1 locked %2, but its previous owner had died holding it: the robust "
                      "mutex says so, and it is made consistent.")
                .arg(t.who, rn);
        return t.woke ? tr("%1 woke up and now owns %2.").arg(t.who, rn)
                      : tr("%1 locked %2; it owns it now.").arg(t.who, rn);
    case Op::TryLock:
        return e.took()
                   ? tr("%1 called trylock on %2 and got it.").arg(t.who, rn)
                   : tr("%1 called trylock on %2: it was taken, so it goes on without waiting.")
                         .arg(t.who, rn);
    case Op::Unlock: {
        return tr("%1 unlocked %2.").arg(t.who, rn) + canTakeItNow(t);
    }
    default:
        return {};
    }
}

QString canTakeItNow(const Told &t)
{
    for (int wi : t.res.waiters)
        if (wi != t.event.proc)
            return QLatin1Char(' ') +
                   tr("%1 can take it now.").arg(Texts::processLabel(t.world, wi));
    return {};
}

QString next(const Told &t, bool spins)
{
    if (t.process.op != Op::Lock) return {};
    const ResourceState &r = t.res;
    if (r.owner < 0) return tr("goes on: %1 is free").arg(r.name);
    if (r.owner == t.proc) return {};
    return spins ? tr("will spin: %1 holds %2").arg(Texts::processLabel(t.world, r.owner), r.name)
                 : tr("will block: %1 holds %2").arg(Texts::processLabel(t.world, r.owner), r.name);
}

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Lock:
        return "pthread_mutex_lock";
    case Op::TryLock:
        return "pthread_mutex_trylock";
    case Op::Unlock:
        return "pthread_mutex_unlock";
    default:
        return nullptr;
    }
}

QString nextBlocks(const Told &t)
{
    return next(t, false);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"mutex-counter", "robust-mutex"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`robust` (true)",
    .kernelObject = "process-shared `pthread_mutex_t` in shared memory",
    .statements = "`lock`: `pthread_mutex_lock` · `trylock`: `pthread_mutex_trylock` · "
                  "`unlock`: `pthread_mutex_unlock`",
    .notes = R"(
- **Mutexes** are error-checking: relocking one you hold (`EDEADLK`) or unlocking one you do
  not hold (`EPERM`) is an error like any other. A robust mutex whose owner died is taken by
  the next `lock`, which reports `owner_died` and makes it consistent.)",
};

extern const KindWords story = {.noun = "mutex",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = nextBlocks,
                                .topic = "Shared memory and locks",
                                .topicRank = 1,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::mutex
