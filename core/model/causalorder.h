// The order of a run's story: what caused what. Each process reports its own steps in its own
// order, and the engine interleaves the processes by the clocks of their records. But a record
// is written after its call returns, so a reader woken by a write often reports its read before
// the writer reports the write, a waiter its token before the post, an heir its lock before the
// holder's death is seen. Told in that order, effects come before their causes.
//
// CausalOrder takes events in the engine's order and lets each one go only once what it needs
// has gone before it: a read after the writes that put its bytes in, a write into a full pipe
// after the read that made room, a receive after its send, a send into a full queue after the
// receive that made room, a wait after the post of its token, a lock after the unlock or the
// death of the holder before, an accept after its connect, a barrier's opening after every
// party's arrival, an atomic add after the write it stood on, a load after the store it read,
// a signal taken (or a death by it) after it was sent, an end of file after the last writer
// closed. Within one process nothing moves; across processes the engine's order is kept
// wherever causality allows; an engine finding (a deadlock, the end of the run) comes after
// everything before it.
// Times are never changed: they stay the measured ones.
//
// It is the one place that works this out: the session hands every consumer (the reducer, the
// narration, the event log, the timeline, both traces) its batches in this order. What a step
// on an object needs, and what produces it, is the object's kind's to say: each object has its
// kind's ledger here (model/causalledger.h); the signals are kept here.
//
// An event is held only while its cause is known to be on its way: another process is inside
// the call that produces it, or has events held itself (where its kind allows: a cell's add
// does not wait for held events, which may be waiting for it), or (for a lock) its holder
// lives. A cause that is not in sight (a program's write, which reports nothing) is waited
// for one round, the whole of the next, in case its record was not yet drained, then the
// event goes anyway; so does one held for kMaxRounds on a cause these records only suggest
// (a call that may produce it), where the bookkeeping here cannot be right. A lock whose
// holder lives, or whose owner's death the kernel reported, waits as long as it takes: only
// that holder's unlock or death let it through, and its record may come late on a loaded
// machine (the holder put off the CPU between its unlock and its record).
#pragma once

#include "model/causalledger.h"
#include "model/event.h"
#include "scenario/scenario.h"

#include <deque>
#include <memory>
#include <vector>

namespace ipcsim::core {

class CausalOrder
{
public:
    explicit CausalOrder(const Scenario &scenario);

    // One round: appends to out, in causal order, every event of in (and of earlier rounds)
    // whose causes have gone out; in is consumed. Events of in come in each process's own
    // order. A round with nothing new still ages what is held.
    void push(EventBatch &in, EventBatch &out);
    // The run is over: everything still held goes, causes first where they are there at all.
    void finish(EventBatch &out);
    void reset();

    qsizetype held() const { return qsizetype(m_pending.size()); }
    // Events that went before their cause was seen (a cause never reported, or lost records).
    quint64 unexplained() const { return m_unexplained; }

    // Rounds an event may wait for a cause that is on its way.
    static constexpr quint64 kMaxRounds = 40;

private:
    struct Pending
    {
        Event e;
        quint64 round = 0;
    };
    enum class Need
    {
        Met,
        Sure,   // not met; its cause is sure to be told, however late (a lock's live holder)
        Coming, // not met; its cause is on its way, as far as the records tell
        Unknown // not met; no cause in sight
    };

    Need need(const Event &e) const;
    bool met(const Event &e) const;
    Need cause(const Event &e) const; // what e waits for, its need not met

    bool produces(int proc, const Event &e) const;
    bool heldOf(int proc) const { return proc >= 0 && m_heldPerProc[size_t(proc)] > 0; }
    CausalLedger *ledger(int res) const;
    int partner(int res) const; // the other object a step on res acts on, or -1
    CausalLedger::View view() const { return {m_open, m_ended}; }
    void emit(Event e, EventBatch &out);
    void tell(const Event &e);
    // roundSeen: the round's events have all been looked at, so an event whose cause is not in
    // sight may go (while they are, the cause may be among those still to come).
    void drainPending(EventBatch &out, bool roundSeen);

    const Scenario &m_scenario;
    std::vector<std::unique_ptr<CausalLedger>> m_ledgers; // per resource (null: none)
    std::vector<int> m_partners;   // per resource: the other it acts on (kindmodel.h), or -1
    std::deque<Pending> m_pending; // held, in the engine's order
    std::vector<int> m_heldPerProc;
    int m_heldEngine = 0;      // engine findings held
    std::vector<Event> m_open; // per process: its step begun and not ended (op None: none)
    std::vector<bool> m_ended; // per process: its exit has gone
    std::vector<std::vector<int>> m_signals; // [target][sig]: sent and not yet taken
    quint64 m_round = 0;
    quint64 m_unexplained = 0;
};

} // namespace ipcsim::core
