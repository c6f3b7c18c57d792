// A spinlock's words: a mutex's, with spin_lock for its calls, and a waiter that spins.
#include "kinds/mutex/story.h"

namespace ipcsim::core::kinds::spinlock {

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Lock:
        return "spin_lock";
    case Op::TryLock:
        return "spin_trylock";
    case Op::Unlock:
        return "spin_unlock";
    default:
        return nullptr;
    }
}

QString nextSpins(const Told &t)
{
    return mutex::next(t, true);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"spinlock-vs-mutex"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "—",
    .kernelObject = "process-shared ticket spinlock in shared memory",
    .statements = "`lock`: takes a ticket and spins, on the CPU, until the lock serves it (no"
                  " system call) · `trylock`: takes the lock only if nobody holds or waits "
                  "for it · `unlock`: serves the next ticket",
};

extern const KindWords story = {.noun = "spinlock",
                                .callName = callName,
                                .asleep = mutex::asleep,
                                .ended = mutex::ended,
                                .next = nextSpins,
                                .topic = "Shared memory and locks",
                                .topicRank = 1,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::spinlock
