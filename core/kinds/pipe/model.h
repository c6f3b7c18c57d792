// What a fifo shares with a pipe in the world: a byte stream whose readers see end of file
// once every writer has closed its end.
#pragma once

#include "kinds/pipe/state.h"
#include "model/kindmodel.h"

#include <optional>

namespace ipcsim::core::kinds::pipe {

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario);
void ended(const StepEnded &step);
void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec);
void programsWrote(ResourceState &r, qint64 bytes);
// The process let go of its ends (closed them, or exited): with the last, the kernel frees the
// buffer and the bytes in it (State::holders, freed).
void letGo(ResourceState &r, int proc);

// Whether the process holds a write end (end of file comes when no one does).
bool writes(const ProcessSpec &spec, int res);
// Who holds an end before any event: a pipe's, every process whose script reads or writes it
// and every program whose standard stream it is; a fifo's (opened), nobody.
Ends endsAtStart(int res, const Scenario &scenario, bool opened);
// A call that puts bytes into a stream.
bool puts(Op op);

// A pipe's pages (State::pages), as the kernel lays them out. put: a write of n bytes adds its
// last part (n modulo a page) to the last page where that fits, then takes a page for every
// page of the rest; take: a read of n bytes empties the oldest pages first, each let go once
// empty. pagesNeeded: the free pages a write of n bytes takes; pageCount: the pages of a
// buffer of capacity bytes (F_SETPIPE_SZ gives a power of two of them).
constexpr qint64 kPage = 4096;
void put(State &s, qint64 n);
void take(State &s, qint64 n);
qint64 pagesNeeded(const State &s, qint64 n);
qint64 pageCount(qint64 capacity);

// Who holds an end of a pipe or a fifo, as the flow matcher asks it (BufferHolders).
class EndHolders final : public BufferHolders
{
public:
    EndHolders(int res, Ends atStart) : m_res(res), m_atStart(atStart), m_ends(atStart) {}
    bool freedBy(const Event &e) override;
    void reset() override { m_ends = m_atStart; }

private:
    int m_res;
    Ends m_atStart, m_ends;
};
std::unique_ptr<BufferHolders> holders(int res, const Scenario &scenario); // a pipe's

// The bytes told into a stream and out of it. A read needs its bytes written, and, on a pipe
// or a fifo, an end of file needs every writer's end closed. Bytes an exec program moves are
// never reported: then a read needs nothing. A write that found no room (the kernel said so to
// its worker's try without waiting: waitedForRoom) slept until another process's read made
// some: it needs a read told after it began. (A pipe is full by its pages, a socket by the
// kernel's memory accounting: a count of bytes does not always say so.)
class StreamLedger : public CausalLedger
{
public:
    // endOfFile: a pipe's or a fifo's, which has writers' ends and a capacity of its own;
    // opened: a fifo's, whose ends a process holds from its first read or write (a pipe's, from
    // the start: the ends its script uses).
    StreamLedger(int res, const Scenario &scenario, bool endOfFile, bool opened = false);

    bool met(const Event &e, const View &view) const override;
    bool produces(const Event &open, const Event &e) const override;
    void told(const Event &e) override;
    void exited(int proc) override;

protected:
    qint64 capacity() const { return m_capacity; } // what it holds before a write blocks

private:
    qint64 othersRead(int proc) const { return m_reads - m_readsBy[size_t(proc)]; }
    void letGo(int proc); // closed its ends, or exited

    qint64 m_capacity = 65536;  // what it holds before a write blocks
    qint64 m_bytes = 0;         // written less read
    std::vector<int> m_writers; // processes holding a write end (a pipe's, a fifo's)
    // Who holds an end of a pipe or a fifo: when the last lets go, the kernel frees the buffer
    // and what nobody read in it (a fifo opened again starts empty). None on a socket.
    std::optional<Ends> m_holders;
    bool m_endOfFile = false;
    bool m_unseen = false;                   // an exec program moves bytes on it, unreported
    qint64 m_reads = 0;                      // reads and receives told that took bytes
    std::vector<qint64> m_readsBy;           // per process: its own of those
    std::vector<qint64> m_othersReadAtBegin; // per process: others' when its last write began
};
std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario);
Flows flows(const ResourceSpec &spec); // bytes

} // namespace ipcsim::core::kinds::pipe
