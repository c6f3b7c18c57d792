// A pipe's words: write and read, an empty or full buffer, end of file.
#include "kinds/pipe/story.h"
#include "kinds/pipe/model.h"
#include "kinds/pipe/state.h"

#include "story/texts.h"

namespace ipcsim::core::kinds::pipe {

using words::tr;

const char *callName(Op op)
{
    switch (op) {
    case Op::Write:
    case Op::WriteBytes:
        return "write";
    case Op::Read:
        return "read";
    case Op::Close:
        return "close";
    default:
        return nullptr;
    }
}

QString asleep(const Told &t)
{
    const ResourceState &r = t.res;
    switch (t.process.op) {
    case Op::Read:
        return tr("%1 called %2: the %3 is empty, %4 until someone writes.")
            .arg(t.who, t.call, Texts::resourceKind(r.type), words::asleep());
    case Op::Write:
    case Op::WriteBytes:
        // Full by its pages: a write of up to a page goes whole into one page.
        if (r.level >= 0 && r.level < r.capacity)
            return tr("%1 called %2: the pipe has no room for it (%3 of %4 bytes in it, but the "
                      "kernel keeps a pipe's bytes in pages of 4 KiB, and a write of up to a "
                      "page goes whole into one), %5 until someone reads.")
                .arg(t.who, t.call)
                .arg(r.level)
                .arg(r.capacity)
                .arg(words::asleep());
        return tr("%1 called %2: the pipe is full (%3 of %4 bytes), %5 until someone reads.")
            .arg(t.who, t.call)
            .arg(r.level)
            .arg(r.capacity)
            .arg(words::asleep());
    default:
        return {};
    }
}

QString next(const Told &t)
{
    const ResourceState &r = t.res;
    switch (t.process.op) {
    case Op::Read:
        if (r.level < 0) return {};
        if (r.level > 0) return tr("goes on: %1 in %2").arg(Texts::bytes(r.level), r.name);
        return stateOf(r).writersOpen > 0
                   ? tr("will block: %1 is empty").arg(r.name)
                   : tr("gets end of file: nobody can write %1 any more").arg(r.name);
    case Op::Write:
    case Op::WriteBytes: {
        if (r.level < 0 || r.capacity <= 0) return {};
        // Its size, told with its gate: the pages it needs against the pages free.
        const State &s = stateOf(r);
        if (const qint64 n = t.event.recordAux(); s.pagesKnown && n > 0) {
            const qint64 pages = pageCount(r.capacity), free = pages - s.pages.size(),
                         need = pagesNeeded(s, n);
            if (need <= free)
                return need == 0 ? tr("goes on: its %1 fit in the last page of %2")
                                       .arg(Texts::bytes(n), r.name)
                                 : tr("goes on: %1 has %2 of its %3 pages free")
                                       .arg(r.name)
                                       .arg(free)
                                       .arg(pages);
            return free == 0 ? tr("will block: %1's %2 pages are taken (%3 in them)")
                                   .arg(r.name)
                                   .arg(pages)
                                   .arg(Texts::bytes(r.level))
                             : tr("will block: its %1 need %2 pages of %3, %4 free")
                                   .arg(Texts::bytes(n))
                                   .arg(need)
                                   .arg(r.name)
                                   .arg(free);
        }
        return r.level >= r.capacity ? tr("will block: %1 is full").arg(r.name)
                                     : tr("goes on unless it fills %1").arg(r.name);
    }
    default:
        return {};
    }
}

QString wroteOnceRoomWasMade(const Told &t, const QString &full)
{
    const Event &e = t.event;
    if (!puts(e.op) || !e.waitedForRoom) return {};
    const QString what = e.text.isEmpty()
                             ? Texts::bytes(e.bytes())
                             : tr("%1 (%2)").arg(words::quoted(e.text), Texts::bytes(e.bytes()));
    return tr("%1 wrote %2 to %3, once a read had made room: it found %4 full, and the kernel "
              "kept it asleep until then.")
        .arg(t.who, what, t.res.name, full);
}

QString freedBy(const Told &t, bool closed, bool fifo)
{
    const ResourceState &r = t.res;
    if (stateOf(r).holders.holding != QList<int>{t.proc} || r.level <= 0) return {};
    const QString bytes = Texts::bytes(r.level);
    if (fifo)
        return closed ? tr("%1 closed %2, the last process that had it open: the kernel freed "
                           "its buffer, and the %3 nobody read in it went with it. A process "
                           "that opens it again finds it empty.")
                            .arg(t.who, r.name, bytes)
                      : tr("The kernel closed %1 for it, the last process that had it open: it "
                           "freed its buffer, and the %2 nobody read in it went with it. A "
                           "process that opens it again finds it empty.")
                            .arg(r.name, bytes);
    return closed ? tr("%1 closed its end of %2, the last one open: the kernel freed the pipe, "
                       "and the %3 nobody read in it went with it.")
                        .arg(t.who, r.name, bytes)
                  : tr("The kernel closed its end of %1, the last one open: it freed the pipe, "
                       "and the %2 nobody read in it went with it.")
                        .arg(r.name, bytes);
}

QString ended(const Told &t)
{
    if (t.event.op == Op::Close) return freedBy(t, true, false);
    return wroteOnceRoomWasMade(t, tr("the pipe"));
}

QString exited(const Told &t)
{
    return freedBy(t, false, false);
}

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"pipe-hello", "pipe-full", "sigpipe"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`capacity` bytes (the kernel's, 64 KiB); the kernel rounds it up to a "
               "power of two of 4 KiB pages (10000: 16 KiB), and the window shows what it"
               " gave",
    .kernelObject = "`pipe2`, `F_SETPIPE_SZ`",
    .statements = "`write`: `write` · `read`: `read` (0 bytes: every write end is closed) · "
                  "`close`: `close` of its ends",
    .notes = R"(
- **Pipes.** A process gets a pipe's read end only if its script reads it, and the write end
  only if it writes it; so EOF arrives when every writer has exited or closed, as in real code
  that closes the ends it does not use. When every end is closed, the kernel frees the pipe
  and the bytes nobody read in it.)",
};

extern const KindWords story = {.noun = "pipe",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .exited = exited,
                                .topic = "Pipes and FIFOs",
                                .topicRank = 4,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::pipe
