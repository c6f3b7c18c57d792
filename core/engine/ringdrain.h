// The telemetry drain: takes the records of every worker's ring, merged by time, into the
// engine, a batch at a time. Each ring is in time order (one worker writes it), so taking the
// earliest head each time gives the run in time order, with no sort; two or three processes
// cost a few comparisons a record.
//
// A drain is a cut at one moment: the clock is read before any ring is, and only records
// stamped before it are taken. The rings are read one after the other, and the workers go on
// meanwhile: a record in a ring read later may have been caused by one written, after its
// ring was read, into a ring read earlier (an unlock's record, then the lock it let through).
// What a worker wrote before its call that caused another's step (its record of the call's
// begin, and all before it) was in its ring before that step ended and was stamped, so before
// the cut: a drain never takes an effect without the records written before its cause. A
// record's cause may still come after it in time (a read's write whose end record is stamped
// after the read's): the causal order (model/causalorder.h) holds such an effect back, not
// the drain.
//
// A template, so that the session's handler of a record is inlined in the loop: the drain
// runs up to millions of records a second.
#pragma once

#include "ipc/wire.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ipcsim::core {

// Takes up to budget records stamped before the drain began from rings 0 .. count-1, the
// earliest first (at equal times, the lower ring's). ringOf(i) is ring i, or null for one without
// (a program's). take(i, record) gets each record, in order; emptied(i) is told of each ring left
// with nothing to read, after its last record (and of each found empty). Each ring's tail is stored
// as it is read: what is left stays there, in order, for the next drain. True: it took budget
// records, and some are left (what the cut leaves, stamped during this drain, is the next one's).
template <class RingOf, class Take, class Emptied>
bool drainRingsByTime(size_t count, RingOf ringOf, std::ptrdiff_t budget, Take take,
                      Emptied emptied)
{
    struct Cursor
    {
        size_t ring;
        wire::RingHeader *header;
        const wire::StepRecord *records;
        uint64_t mask, tail, head;
        uint64_t nextNs() const { return records[tail & mask].tNs; }
    };
    Cursor stack[16];
    std::vector<Cursor> heap; // only for more than 16 rings
    Cursor *cur = stack;
    if (count > 16) {
        heap.resize(count);
        cur = heap.data();
    }
    const uint64_t cut = wire::clockNs();
    size_t n = 0;
    for (size_t i = 0; i < count; ++i) {
        wire::RingHeader *h = ringOf(i);
        if (!h) continue;
        Cursor c{i,
                 h,
                 wire::ringRecords(h),
                 h->capacity - 1,
                 h->tail.load(std::memory_order_relaxed),
                 h->head.load(std::memory_order_acquire)};
        if (c.tail != c.head && c.nextNs() < cut)
            cur[n++] = c;
        else if (c.tail == c.head)
            emptied(i);
    }
    std::ptrdiff_t taken = 0;
    while (n > 0) {
        if (taken >= budget) {
            // A batch's worth: the rest stays in the rings, where it is, for the next round.
            for (size_t k = 0; k < n; ++k)
                cur[k].header->tail.store(cur[k].tail, std::memory_order_release);
            return true;
        }
        size_t best = 0;
        for (size_t k = 1; k < n; ++k)
            if (cur[k].nextNs() < cur[best].nextNs() ||
                (cur[k].nextNs() == cur[best].nextNs() && cur[k].ring < cur[best].ring))
                best = k;
        Cursor &c = cur[best];
        // Take from this ring up to the next record of any other ring (one of a lower ring
        // at the same time goes first).
        uint64_t limit = ~0ULL;
        for (size_t k = 0; k < n; ++k)
            if (k != best)
                limit = std::min(limit, cur[k].nextNs() - (cur[k].ring < c.ring ? 1 : 0));
        do {
            take(c.ring, c.records[c.tail & c.mask]);
            ++c.tail;
            ++taken;
        } while (c.tail != c.head && c.nextNs() <= limit && c.nextNs() < cut && taken < budget);
        if (c.tail == c.head || c.nextNs() >= cut) {
            c.header->tail.store(c.tail, std::memory_order_release);
            if (c.tail == c.head) emptied(c.ring);
            c = cur[--n];
        }
    }
    return false;
}

} // namespace ipcsim::core
