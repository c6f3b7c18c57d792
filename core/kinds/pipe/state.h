// What the world keeps of a pipe or a fifo (ResourceState::own), for its model, its story and
// its diagram item: who still holds a write end, and what exec programs put in or take out.
#pragma once

#include "model/valuelist.h"
#include "model/worldstate.h"

#include <QList>

namespace ipcsim::core::kinds::pipe {

// The processes holding an end of a pipe or a fifo, until each closes it or exits: a pipe's
// from the start (model.h, endsAtStart: those whose script reads or writes it, the programs
// whose standard stream it is), a fifo's from its first read or write (opened), whose open
// holds it even while it waits for the other end. When the last lets go, the kernel frees the
// buffer and the bytes nobody read in it (a fifo opened again starts empty; a pipe is gone).
// The world, the causal order and the flow matcher follow them so.
struct Ends
{
    ValueList<int> holding;
    bool opened = false; // a fifo's: held from a process's first read or write
    // A step of proc began: a fifo's first read or write opens it.
    void began(int proc, Op op)
    {
        if (opened && (op == Op::Read || op == Op::Write || op == Op::WriteBytes) &&
            !holding.contains(proc))
            holding << proc;
    }
    // proc let go of its ends (closed them, or exited): whether they were the last.
    bool letGo(int proc) { return holding.removeAll(proc) > 0 && holding.isEmpty(); }
    friend bool operator==(const Ends &, const Ends &) = default;
};

struct State
{
    int writersOpen = 0;          // processes still holding a write end (Derived)
    ValueList<int> closedWriters; // processes that closed their write end themselves
    // What programs (exec) whose standard output it is wrote into it, from their wchar
    // (Kernel; -1: no program writes it); whether a program reads it (then what was read is
    // not reported, and the level is not known).
    qint64 programWritten = -1;
    bool programReads = false;
    // A FIFO's ends as the processes open them, in the first step that uses each (Reported:
    // its Begin); one opening for an end waits in open() until the other end is open. Kept
    // until the process closes it or exits.
    ValueList<int> readEnds, writeEnds;
    // Who holds an end (Derived), and the bytes nobody read that the kernel freed with the
    // buffer when the last let go.
    Ends holders;
    qint64 freed = 0;
    // The kernel's pages of its buffer, oldest first, laid out as pipe_write and pipe_read do
    // (Derived from the writes and reads told; model.h: put, take): a pipe is full when its
    // pages are, whatever its bytes. Not known while a program moves bytes on it, nor after a
    // write of more than a page that waited for room (its pages went in between the reads)
    // until the pipe is empty again.
    struct Page
    {
        qint32 offset = 0, len = 0; // its bytes: [offset, offset + len) of the page
        friend bool operator==(const Page &, const Page &) = default;
    };
    QList<Page> pages;
    bool pagesKnown = true;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::pipe
