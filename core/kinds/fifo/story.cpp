// A fifo's words: a pipe's, and its open, which waits for the other end.
#include "kinds/pipe/story.h"
#include "kinds/pipe/state.h"
#include "story/texts.h"

#include <sys/syscall.h>

namespace ipcsim::core::kinds::fifo {

using words::tr;

namespace {

QString asleep(const Told &t)
{
    // A fifo's first read or write opens it, and open() waits for the other end to be opened.
    const bool opening = t.event.syscall == SYS_openat
#ifdef SYS_open
                         || t.event.syscall == SYS_open
#endif
        ;
    const Op op = t.process.op;
    if (opening && (op == Op::Read || op == Op::Write || op == Op::WriteBytes))
        return tr("%1 called %2: opening a FIFO waits until another process opens its other "
                  "end, %3.")
            .arg(t.who, t.call, words::asleep());
    return pipe::asleep(t);
}

// A first read or write opens its end, and the open waits while nobody holds the other end
// open; a writer asleep in that open writes as soon as a reader opens.
QString next(const Told &t)
{
    const pipe::State &s = pipe::stateOf(t.res);
    const Op op = t.process.op;
    const bool reads = op == Op::Read, writes = op == Op::Write || op == Op::WriteBytes;
    if (!reads && !writes) return {};
    const QList<int> &mine = reads ? s.readEnds : s.writeEnds;
    if (mine.contains(t.proc)) return pipe::next(t); // open already: a pipe's read or write
    QList<int> others = reads ? s.writeEnds : s.readEnds;
    others.removeAll(t.proc);
    if (others.isEmpty())
        return reads ? tr("will block: nobody has opened %1 to write yet").arg(t.res.name)
                     : tr("will block: nobody has opened %1 to read yet").arg(t.res.name);
    if (reads && t.res.level == 0) {
        // A writer still in its first write is asleep in open, waiting for this reader.
        for (int w : others)
            if (const ProcessState &o = t.world.processes[w];
                o.inCall() && (o.op == Op::Write || o.op == Op::WriteBytes) &&
                o.res == t.process.res)
                return tr("lets %1 write: it waits in open for a reader")
                    .arg(Texts::processLabel(t.world, w));
    }
    return pipe::next(t);
}

QString ended(const Told &t)
{
    if (t.event.op == Op::Close) return pipe::freedBy(t, true, true);
    return pipe::ended(t);
}

QString exited(const Told &t)
{
    return pipe::freedBy(t, false, true);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"fifo-rendezvous"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`capacity`",
    .kernelObject = "`mkfifo` in the session's private folder",
    .statements = "`write`: `write` · `read`: `read` (0 bytes: every write end is closed) · "
                  "`close`: `close` of its ends",
    .notes = R"(
- **FIFOs.** A process opens a FIFO by its path at its first read or write on it, for reading
  or writing, and the open waits until another process opens the other end. The kernel keeps
  a FIFO's bytes only while some process has it open: when the last one closes it or exits,
  the kernel frees its buffer, and the bytes nobody read go with it; a process that opens it
  again finds it empty. The window counts those bytes as freed, not buffered.)",
};

extern const KindWords story = {.noun = "FIFO",
                                .callName = pipe::callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .exited = exited,
                                .topic = "Pipes and FIFOs",
                                .topicRank = 4,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::fifo
