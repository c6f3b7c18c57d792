// A semaphore's words: sem_wait, sem_trywait and sem_post, its value, who sleeps and who wakes.
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
        .arg(t.res.value)
        .arg(words::asleep());
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const WorldState &w = t.world;
    const QString &p = t.who;
    const QString &rn = t.res.name;
    const ResourceState *r = &t.res;
    const bool woke = t.woke;
    QString s;
    switch (e.op) {
    case Op::Wait: {
        // The values as counted by the model (the world is as it was before this event).
        const qint64 before = r ? r->value : e.value + 1;
        s = woke ? tr("%1 woke up: %2 got a token, so its sem_wait returned; the value is now %3.")
                       .arg(p, rn)
                       .arg(qMax<qint64>(0, before - 1))
                 : tr("%1 called sem_wait(%2): the value was %3, so it took a token and went on; "
                      "now %4.")
                       .arg(p, rn)
                       .arg(before)
                       .arg(qMax<qint64>(0, before - 1));
        break;
    }
    case Op::TryWait:
        s = e.value ? tr("%1 called sem_trywait(%2) and took a token.").arg(p, rn)
                    : tr("%1 called sem_trywait(%2): no token, so it goes on without waiting.")
                          .arg(p, rn);
        break;
    case Op::Post: {
        s = tr("%1 called sem_post(%2): the value is now %3.")
                .arg(p, rn)
                .arg(r ? r->value + 1 : e.value);
        QStringList sleepers;
        if (r)
            for (int wi : r->waiters)
                if (wi != e.proc && wi < w.processes.size() &&
                    w.processes[wi].state == core::ProcState::Blocked)
                    sleepers << w.processes[wi].name;
        if (!sleepers.isEmpty())
            s += QLatin1Char(' ') +
                 tr("That wakes %1, who was asleep in sem_wait.").arg(sleepers.first());
        break;
    }
    default:
        break;
    }
    return s;
}

QString next(const Told &t)
{
    if (t.process.op != Op::Wait) return {};
    return t.res.value > 0 ? tr("goes on: %1 is %2").arg(t.res.name).arg(t.res.value)
                           : tr("will block: %1 is 0").arg(t.res.name);
}

} // namespace

QString atTheEnd(const KernelFinal &f)
{
    return QStringLiteral(" = %1  (kernel: sem_getvalue at the end)").arg(f.value);
}

extern const KindWords story = {.noun = "semaphore",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .topic = "Semaphores and barriers",
                                .topicRank = 2};

} // namespace ipcsim::core::kinds::semaphore
