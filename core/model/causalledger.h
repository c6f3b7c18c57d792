// What the causal order (model/causalorder.h) has told of one object: a kind's part in it.
// Each kind says what a step on one of its objects needs told before it (the bytes a read
// took written, the message a receive took sent, the token a wait took posted, the lock it
// took let go, every party's arrival at a barrier, the value an atomic add stood on made),
// which open call of another process would produce that, and what telling a step changes. The
// signals, the engine's findings and the holding back of events stay with the causal order; a
// kind with nothing to wait for (a file's bytes) has no ledger.
#pragma once

#include "model/event.h"

#include <vector>

namespace ipcsim::core {

class CausalLedger
{
public:
    // What the causal order knows of the processes, for the kinds to look at.
    struct View
    {
        const std::vector<Event> &open; // per process: its step begun and not ended (op None)
        const std::vector<bool> &ended; // per process: its exit has gone
    };

    virtual ~CausalLedger() = default;

    // Whether what e, a step on this object that ended, needs has been told.
    virtual bool met(const Event &e, const View &view) const = 0;
    // Whether open, a call on this object that another process is inside, would produce what
    // e needs.
    virtual bool produces(const Event &open, const Event &e) const = 0;
    // Whether e waits for a holder that lives: its release (or its death) will be told.
    virtual bool holderLives(const Event &, const View &) const { return false; }
    // Whether a live holder's release is sure to come: only its unlock or its death lets e
    // take what it holds, so e waits for it however long its record takes (a holder put off
    // the CPU between its unlock and its record, on a loaded machine). False where the holders
    // are a guess at who may give e what it took (a semaphore's undo).
    virtual bool holderSure() const { return false; }
    // Whether e's cause may be anywhere among another process's events held back. False where
    // held events would hold each other up (a flood's adds, whose late records stand on values
    // long passed): then only the call of a process with nothing held is waited for.
    virtual bool heldMayProduce() const { return true; }
    // A step on this object went out: its Begin or its End.
    virtual void told(const Event &e) = 0;
    // A process exited: the kernel lets go of what it held.
    virtual void exited(int) {}
};

} // namespace ipcsim::core
