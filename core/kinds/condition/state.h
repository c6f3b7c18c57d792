// What the world keeps of a condition variable (ResourceState::own), for its model, its story and
// its diagram item; and who sleeps in its wait, which its model and its causal ledger both keep.
#pragma once

#include "model/valuelist.h"
#include "model/worldstate.h"

#include <QList>

#include <algorithm>

namespace ipcsim::core::kinds::condition {

// Who is in a condition's wait, and whom a notify or a broadcast woke. A woken waiter sleeps
// here no more: it waits to take the mutex back (glibc's pthread_cond_wait sleeps on the
// mutex's futex next), and its wait returns once it has. A notify wakes one of those asleep
// (the kernel picks which: it is named only when it can be only one), a broadcast every one;
// one given while nobody sleeps is lost (a condition keeps no count, unlike a semaphore).
struct Sleepers
{
    ValueList<int> asleep; // in its wait and not known woken, in the order they began it
    ValueList<int> woken;  // woken, their wait not returned: they wait for the mutex
    qsizetype unnamed = 0; // of those asleep, how many notifies woke (which, the kernel knows)

    void began(int proc) { asleep.append(proc); }
    // A notify; returns whom it is now known to have woken (all left asleep, when every one
    // of them has been woken).
    QList<int> notified()
    {
        if (unnamed >= asleep.size()) return {}; // lost: nobody asleep that it could wake
        ++unnamed;
        return unnamed == asleep.size() ? wakeAll() : QList<int>{};
    }
    QList<int> broadcast() { return wakeAll(); } // returns whom it woke
    // Whether proc's wait may return: it was woken, or is one of those a notify may have woken.
    bool mayReturn(int proc) const
    {
        return woken.contains(proc) || (unnamed > 0 && asleep.contains(proc));
    }
    void returned(int proc)
    {
        if (woken.removeOne(proc)) return;
        if (asleep.removeOne(proc) && unnamed > 0) --unnamed; // it was one of those woken
    }
    void exited(int proc)
    {
        woken.removeOne(proc);
        if (asleep.removeOne(proc)) unnamed = std::min(unnamed, asleep.size());
    }
    friend bool operator==(const Sleepers &, const Sleepers &) = default;

private:
    QList<int> wakeAll()
    {
        const QList<int> now = asleep;
        woken += asleep;
        asleep.clear();
        unnamed = 0;
        return now;
    }
};

struct State
{
    qint64 notifications = 0; // Reported: the notify and broadcast calls made on it
    int mutex = -1;           // the resource index of its mutex (its "mutex" option)
    Sleepers sleepers;        // Derived: from the waits begun and ended, and the wake-ups
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::condition
