// A semaphore's words: sem_wait, sem_trywait and sem_post, its value, who sleeps and who wakes.
#include "kinds/semaphore/state.h"
#include "story/kindwords.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::semaphore {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Wait:
        return "sem_wait";
    case Op::TryWait:
        return "sem_trywait";
    case Op::Post:
        return "sem_post";
    default:
        return nullptr;
    }
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::Wait) return {};
    return tr("%1 called %2: the value was %3, %4.")
        .arg(t.who, t.call)
        .arg(stateOf(t.res).value)
        .arg(words::asleep());
}

// The values as counted by the model (the world is as it was before this event).
QString ended(const Told &t)
{
    const Event &e = t.event;
    const QString &rn = t.res.name;
    const qint64 value = stateOf(t.res).value;
    switch (e.op) {
    case Op::Wait:
        return t.woke ? tr("%1 woke up: %2 got a token, so its sem_wait returned; the value is "
                           "now %3.")
                            .arg(t.who, rn)
                            .arg(qMax<qint64>(0, value - 1))
                      : tr("%1 called sem_wait(%2): the value was %3, so it took a token and "
                           "went on; now %4.")
                            .arg(t.who, rn)
                            .arg(value)
                            .arg(qMax<qint64>(0, value - 1));
    case Op::TryWait:
        return e.took() ? tr("%1 called sem_trywait(%2) and took a token.").arg(t.who, rn)
                        : tr("%1 called sem_trywait(%2): no token, so it goes on without waiting.")
                              .arg(t.who, rn);
    case Op::Post:
        return tr("%1 called sem_post(%2): the value is now %3.").arg(t.who, rn).arg(value + 1) +
               words::wakes(t, "sem_wait");
    default:
        return {};
    }
}

QString next(const Told &t)
{
    if (t.process.op != Op::Wait) return {};
    return stateOf(t.res).value > 0
               ? tr("goes on: %1 is %2").arg(t.res.name).arg(stateOf(t.res).value)
               : tr("will block: %1 is 0").arg(t.res.name);
}

QString atTheEnd(const KernelFinal &f)
{
    return QStringLiteral(" = %1  (kernel: sem_getvalue at the end)").arg(f.value);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"bounded-buffer", "parking-semaphore"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`initial` (0)",
    .kernelObject = "POSIX semaphore",
    .statements = "`wait`: `sem_wait` · `trywait`: `sem_trywait` · `post`: `sem_post`",
};

extern const KindWords story = {.noun = "semaphore",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .topic = "Semaphores and barriers",
                                .topicRank = 2,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::semaphore
