// A pipe in the world: its level (written less read), its capacity, and the writers still
// holding an end, whose last close brings end of file.
#include "kinds/pipe/model.h"
#include "kinds/pipe/settings.h"
#include "kinds/pipe/state.h"

#include "ipc/sessionlayout.h"
#include "model/worldmodel.h"

namespace ipcsim::core::kinds::pipe {

bool writes(const ProcessSpec &spec, int res)
{
    if (spec.isExec()) return spec.stdoutRes == res || spec.stderrRes == res;
    return resourceUse(spec.script, res).writes;
}

Ends endsAtStart(int res, const Scenario &scenario, bool opened)
{
    Ends ends{.opened = opened};
    for (size_t p = 0; !opened && p < scenario.instances.size(); ++p) {
        const ProcessSpec &ps = scenario.processes[size_t(scenario.instances[p].spec)];
        const ResourceUse use = resourceUse(ps.script, res);
        if (ps.isExec() ? ps.stdinRes == res || ps.stdoutRes == res || ps.stderrRes == res
                        : use.reads || use.writes)
            ends.holding << int(p);
    }
    return ends;
}

bool puts(Op op)
{
    return op == Op::Write || op == Op::WriteBytes || op == Op::Send;
}

namespace {
// What of a write of n bytes goes into the last page: its last part (n modulo a page), where
// that fits after the page's bytes; else nothing.
qint64 merged(const State &s, qint64 n)
{
    const qint64 last = n % kPage;
    return last > 0 && !s.pages.isEmpty() &&
                   s.pages.back().offset + s.pages.back().len + last <= kPage
               ? last
               : 0;
}
} // namespace

void put(State &s, qint64 n)
{
    if (const qint64 m = merged(s, n); m > 0) {
        s.pages.back().len += qint32(m);
        n -= m;
    }
    for (; n > 0; n -= kPage)
        s.pages.append({0, qint32(std::min(n, kPage))});
}

void take(State &s, qint64 n)
{
    while (n > 0 && !s.pages.isEmpty()) {
        State::Page &p = s.pages.front();
        const qint32 took = qint32(std::min<qint64>(n, p.len));
        p.offset += took;
        p.len -= took;
        n -= took;
        if (p.len == 0) s.pages.removeFirst();
    }
}

qint64 pagesNeeded(const State &s, qint64 n)
{
    return (n - merged(s, n) + kPage - 1) / kPage;
}

qint64 pageCount(qint64 capacity)
{
    qint64 pages = 1;
    while (pages * kPage < capacity)
        pages *= 2;
    return pages;
}

// Its level: written less read, where what a program wrote is its kernel counter; -1 when a
// program reads it, whose reads nothing reports.
void updateLevel(ResourceState &r)
{
    const State &s = stateOf(r);
    r.level = s.programReads
                  ? -1
                  : std::max<qint64>(0, r.bytesWritten + std::max<qint64>(0, s.programWritten) -
                                            r.bytesRead - s.freed);
}

void letGo(ResourceState &r, int proc)
{
    State &s = stateOf(r);
    if (!s.holders.letGo(proc)) return;
    // The last end: the kernel frees the buffer and what is in it.
    if (r.level > 0) s.freed += r.level;
    updateLevel(r);
    if (s.programWritten < 0 && !s.programReads) {
        s.pages.clear();
        s.pagesKnown = true;
    }
}

void programsWrote(ResourceState &r, qint64 bytes)
{
    stateOf(r).programWritten = bytes;
    updateLevel(r);
}

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario)
{
    // What the kernel gives: F_SETPIPE_SZ rounds the size asked for up to a power of two of
    // pages; 64 KiB unless asked.
    r.capacity =
        settingsOf(spec).capacity > 0 ? pageCount(settingsOf(spec).capacity) * kPage : 16 * kPage;
    stateOf(r).holders = endsAtStart(res, scenario, false);
    // Writers that hold an end: every process whose script writes it, or exec process whose
    // stdout/stderr it is.
    for (const Instance &in : scenario.instances) {
        const ProcessSpec &ps = scenario.processes[size_t(in.spec)];
        if (writes(ps, res)) ++stateOf(r).writersOpen;
        if (ps.isExec() && ps.stdoutRes == res) stateOf(r).programWritten = 0;
        if (ps.isExec() && ps.stdinRes == res) stateOf(r).programReads = true;
    }
    stateOf(r).pagesKnown = stateOf(r).programWritten < 0 && !stateOf(r).programReads;
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
        r.bytesWritten += e.bytes();
        updateLevel(r);
        if (State &s = stateOf(r); e.waitedForRoom && e.bytes() > kPage)
            s.pagesKnown = false; // put in page by page as reads made room
        else
            put(s, e.bytes());
        break;
    case Op::Read:
        r.bytesRead += e.bytes();
        updateLevel(r);
        take(stateOf(r), e.bytes());
        if (State &s = stateOf(r); r.level == 0 && s.programWritten < 0 && !s.programReads) {
            s.pages.clear();
            s.pagesKnown = true;
        }
        step.model.setRegister(step.process, step.reg, e.text);
        break;
    case Op::Close:
        if (State &s = stateOf(r); !s.closedWriters.contains(e.proc) &&
                                   resourceUse(step.spec.script, e.res).writes &&
                                   s.writersOpen > 0) {
            --s.writersOpen;
            s.closedWriters.append(e.proc);
        }
        letGo(r, e.proc);
        break;
    default:
        break;
    }
}

void exited(ResourceState &r, int res, int proc, const ProcessState &, const ProcessSpec &spec)
{
    // The kernel closes the ends it still held.
    State &s = stateOf(r);
    if (writes(spec, res) && !s.closedWriters.contains(proc) && s.writersOpen > 0) --s.writersOpen;
    letGo(r, proc);
}

bool EndHolders::freedBy(const Event &e)
{
    if (e.kind == Event::Exit) return m_ends.letGo(e.proc);
    if (e.kind != Event::Step || e.res != m_res) return false;
    if (e.phase == Phase::Begin) m_ends.began(e.proc, e.op);
    return e.phase == Phase::End && e.op == Op::Close && m_ends.letGo(e.proc);
}

std::unique_ptr<BufferHolders> holders(int res, const Scenario &scenario)
{
    return std::make_unique<EndHolders>(res, endsAtStart(res, scenario, false));
}

StreamLedger::StreamLedger(int res, const Scenario &scenario, bool endOfFile, bool opened)
    : m_endOfFile(endOfFile), m_readsBy(scenario.instances.size(), 0),
      m_othersReadAtBegin(scenario.instances.size(), 0)
{
    if (endOfFile) m_holders = endsAtStart(res, scenario, opened);
    const ResourceSpec &spec = scenario.resources[size_t(res)];
    // F_SETPIPE_SZ gives a power of two of pages, at least the size asked for.
    if (endOfFile && settingsOf(spec).capacity > 0)
        m_capacity = pageCount(settingsOf(spec).capacity) * kPage;
    for (size_t p = 0; p < scenario.instances.size(); ++p) {
        const ProcessSpec &ps = scenario.processes[size_t(scenario.instances[p].spec)];
        if (endOfFile && writes(ps, res)) m_writers.push_back(int(p));
        if (ps.isExec() && (ps.stdinRes == res || ps.stdoutRes == res || ps.stderrRes == res))
            m_unseen = true;
    }
}

bool StreamLedger::met(const Event &e, const View &view) const
{
    if (m_unseen) return true;
    // A write that fits in a pipe's buffer went in whole once there was room for it: the
    // reads that made it are told first (the writer they woke often records its end before
    // the reader its read). A larger one goes in piece by piece.
    if (puts(e.op))
        return (!e.waitedForRoom || othersRead(e.proc) > m_othersReadAtBegin[size_t(e.proc)]) &&
               (!m_endOfFile || e.bytes() > m_capacity || m_bytes + e.bytes() <= m_capacity);
    if (e.op != Op::Read && e.op != Op::Receive) return true;
    if (e.eof) return !m_endOfFile || m_writers.empty();
    // A write too large for the room left goes in piece by piece as readers make room: its
    // bytes are there before it ends.
    qint64 there = m_bytes;
    for (size_t q = 0; q < view.open.size(); ++q) {
        const Event &o = view.open[q];
        if (int(q) != e.proc && puts(o.op) && o.res == e.res && o.bytes() > m_capacity - m_bytes)
            there += o.bytes();
    }
    return there >= e.bytes();
}

bool StreamLedger::produces(const Event &open, const Event &e) const
{
    if (puts(e.op))
        return (m_endOfFile || e.waitedForRoom) && (open.op == Op::Read || open.op == Op::Receive);
    if (e.op != Op::Read && e.op != Op::Receive) return false;
    return e.eof ? open.op == Op::Close : puts(open.op);
}

void StreamLedger::told(const Event &e)
{
    if (puts(e.op) && e.phase == Phase::Begin)
        m_othersReadAtBegin[size_t(e.proc)] = othersRead(e.proc);
    if (m_holders && e.phase == Phase::Begin) m_holders->began(e.proc, e.op);
    if (e.phase != Phase::End) return;
    if (puts(e.op)) {
        m_bytes += e.bytes();
    } else if (e.op == Op::Read || e.op == Op::Receive) {
        m_bytes -= e.bytes();
        if (e.bytes() > 0) {
            ++m_reads;
            ++m_readsBy[size_t(e.proc)];
        }
    } else if (e.op == Op::Close)
        letGo(e.proc); // its ends, if it held any
}

void StreamLedger::exited(int proc)
{
    letGo(proc);
}

void StreamLedger::letGo(int proc)
{
    std::erase(m_writers, proc);
    if (m_holders && m_holders->letGo(proc)) m_bytes = 0; // freed with the last end
}

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<StreamLedger>(res, scenario, true);
}

Flows flows(const ResourceSpec &)
{
    return {.shape = Flows::Bytes};
}

extern const KindModel model = {.init = init,
                                .ended = ended,
                                .programsWrote = programsWrote,
                                .exited = exited,
                                .ledger = ledger,
                                .flows = flows,
                                .holders = holders};

} // namespace ipcsim::core::kinds::pipe
