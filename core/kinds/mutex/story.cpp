// A mutex's words: who holds it, who sleeps for it, a robust mutex whose holder died.
#include "kinds/mutex/story.h"

#include "story/texts.h"

namespace ipcsim::core::kinds::mutex {

using words::tr;

QString asleep(const Told &t)
{
    if (t.process.op != Op::Lock) return {};
    if (t.res.owner >= 0)
        return tr("%1 called %2: %3 holds it, %4.")
            .arg(t.who, t.call, Texts::processLabel(t.world, t.res.owner), words::asleep());
    return tr("%1 called %2: the lock is taken, %3.").arg(t.who, t.call, words::asleep());
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
    case Op::Lock:
        if (e.ownerDied)
            s = tr("%1 locked %2, but its previous owner had died holding it: the robust mutex "
                   "says so, and it is made consistent.")
                    .arg(p, rn);
        else
            s = woke ? tr("%1 woke up and now owns %2.").arg(p, rn)
                     : tr("%1 locked %2; it owns it now.").arg(p, rn);
        break;
    case Op::TryLock:
        s = e.value ? tr("%1 called trylock on %2 and got it.").arg(p, rn)
                    : tr("%1 called trylock on %2: it was taken, so it goes on without waiting.")
                          .arg(p, rn);
        break;
    case Op::Unlock: {
        s = tr("%1 unlocked %2.").arg(p, rn);
        QStringList waiting;
        if (r)
            for (int wi : r->waiters)
                if (wi != e.proc) waiting << Texts::processLabel(w, wi);
        if (!waiting.isEmpty())
            s += QLatin1Char(' ') + tr("%1 can take it now.").arg(waiting.first());
        break;
    }
    default:
        break;
    }
    return s;
}

QString next(const Told &t, bool spins)
{
    if (t.process.op != Op::Lock) return {};
    const ResourceState &r = t.res;
    if (r.owner < 0) return tr("goes on: %1 is free").arg(r.name);
    if (r.owner == t.proc) return {};
    return spins ? tr("will spin: %1 holds %2").arg(Texts::processLabel(t.world, r.owner), r.name)
                 : tr("will block: %1 holds %2").arg(Texts::processLabel(t.world, r.owner), r.name);
}

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Lock:
        return "pthread_mutex_lock";
    case Op::TryLock:
        return "pthread_mutex_trylock";
    case Op::Unlock:
        return "pthread_mutex_unlock";
    default:
        return nullptr;
    }
}

QString nextBlocks(const Told &t)
{
    return next(t, false);
}

} // namespace

extern const KindWords story = {.noun = "mutex",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = nextBlocks,
                                .topic = "Shared memory and locks",
                                .topicRank = 1};

} // namespace ipcsim::core::kinds::mutex
