// An eventfd's words: write adds to its counter, read takes the counter (or 1, in semaphore
// mode) and sleeps while it is 0.
#include "kinds/eventfd/state.h"
#include "story/kindwords.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::eventfd {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Write:
        return "write";
    case Op::Read:
        return "read";
    default:
        return nullptr;
    }
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::Read) return {};
    return tr("%1 called %2: the counter was 0, %3.").arg(t.who, t.call, words::asleep());
}

// The counter as counted by the model (the world is as it was before this event); a record's
// aux is the amount added or taken.
QString ended(const Told &t)
{
    const Event &e = t.event;
    const QString &rn = t.res.name;
    const qint64 before = stateOf(t.res).counter;
    switch (e.op) {
    case Op::Write:
        return tr("%1 called write(%2) and added %3: the counter is now %4.")
                   .arg(t.who, rn)
                   .arg(e.amount())
                   .arg(before + e.amount()) +
               words::wakes(t, "read");
    case Op::Read: {
        const qint64 after = qMax<qint64>(0, before - e.amount());
        return t.woke ? tr("%1 woke up: its read(%2) took %3; the counter is now %4.")
                            .arg(t.who, rn)
                            .arg(e.amount())
                            .arg(after)
                      : tr("%1 called read(%2) and took %3; the counter is now %4.")
                            .arg(t.who, rn)
                            .arg(e.amount())
                            .arg(after);
    }
    default:
        return {};
    }
}

QString next(const Told &t)
{
    if (t.process.op == Op::Write) {
        // The counter holds at most 2^64 - 2: a write that would pass it sleeps until a read.
        const quint64 counter = quint64(stateOf(t.res).counter), amount = quint64(t.event.amount());
        if (amount == ~quint64(0)) return tr("fails with EINVAL: 2^64 - 1 is no amount");
        return amount > ~quint64(0) - 1 - counter
                   ? tr("will block: %1's counter would pass 2^64 - 2").arg(t.res.name)
                   : tr("goes on: %1's counter becomes %2").arg(t.res.name).arg(counter + amount);
    }
    if (t.process.op != Op::Read) return {};
    return stateOf(t.res).counter > 0
               ? tr("goes on: %1's counter is %2").arg(t.res.name).arg(stateOf(t.res).counter)
               : tr("will block: %1's counter is 0").arg(t.res.name);
}

QString atTheEnd(const KernelFinal &f)
{
    return QStringLiteral(" = %1  (kernel: eventfd-count in fdinfo at the end)").arg(f.value);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"eventfd"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`initial` (0), `semaphore` (false): `EFD_SEMAPHORE`",
    .kernelObject = "`eventfd(2)`, inherited by each process that uses it",
    .statements = "`write`: `write(2)` of the 8-byte VALUE, which adds it to the counter · "
                  "`read`: `read(2)` of the counter, which takes all of it (in `semaphore` "
                  "mode, 1)",
    .notes = R"(
- **Eventfds.** A 64-bit counter in the kernel. `write E N` is `write(2)` of the 8-byte
  number N, which adds N to the counter; `read E 8 -> reg` is `read(2)` of the counter: it
  takes all of it and leaves 0 (in `semaphore` mode, it takes 1), and sleeps while the
  counter is 0. A read asks for 8 bytes or more (fewer is the kernel's `EINVAL`); its
  register gets the amount taken. In a trace, such a step's `bytes` is the 8 the call moved,
  its `aux` the amount added or taken, and its `text` that amount in decimal.)",
};

extern const KindWords story = {.noun = "eventfd",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .topic = "Semaphores and barriers",
                                .topicRank = 2,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::eventfd
