// A rwlock's words: readers who hold it together, a writer who holds it alone, and who waits
// for whom.
#include "kinds/mutex/story.h"
#include "kinds/rwlock/state.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::rwlock {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Lock:
        return "pthread_rwlock_wrlock";
    case Op::TryLock:
        return "pthread_rwlock_trywrlock";
    case Op::Unlock:
        return "pthread_rwlock_unlock";
    default:
        return nullptr;
    }
}

const char *sharedCallName(Op op)
{
    switch (op) {
    case Op::Lock:
        return "pthread_rwlock_rdlock";
    case Op::TryLock:
        return "pthread_rwlock_tryrdlock";
    default:
        return callName(op);
    }
}

QStringList readerNames(const Told &t, int except)
{
    QStringList names;
    for (int h : stateOf(t.res).readers)
        if (h != except && !names.contains(Texts::processLabel(t.world, h)))
            names << Texts::processLabel(t.world, h);
    return names;
}

qsizetype readerCount(const Told &t, int except)
{
    return readerNames(t, except).size();
}

// "reader[0] and reader[1]": each process holding a read lock, once.
QString readers(const Told &t, int except = -1)
{
    QStringList names = readerNames(t, except);
    if (names.size() < 2) return names.value(0);
    const QString last = names.takeLast();
    return tr("%1 and %2").arg(names.join(QStringLiteral(", ")), last);
}

// Who the lock is kept from the process by: "writer holds it to write", "reader[0] and
// reader[1] hold it to read"; empty when nobody else holds it.
QString heldBy(const Told &t)
{
    if (t.res.owner >= 0 && t.res.owner != t.proc)
        return tr("%1 holds it to write").arg(Texts::processLabel(t.world, t.res.owner));
    if (t.process.shared) return {}; // readers do not keep a reader out
    const QString others = readers(t, t.proc);
    if (others.isEmpty()) return {};
    return stateOf(t.res).readers.contains(t.proc)
               ? tr("%1 holds it to read too, and a writer must be alone, even with its own "
                    "read lock")
                     .arg(others)
           : readerCount(t, t.proc) > 1 ? tr("%1 hold it to read").arg(others)
                                        : tr("%1 holds it to read").arg(others);
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::Lock) return {};
    const QString why = heldBy(t);
    if (why.isEmpty())
        return tr("%1 called %2: the lock is not free for it, %3.")
            .arg(t.who, t.call, words::asleep());
    return tr("%1 called %2: %3, %4.").arg(t.who, t.call, why, words::asleep());
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const QString &rn = t.res.name;
    switch (e.op) {
    case Op::Lock:
    case Op::TryLock: {
        if (e.op == Op::TryLock && !e.took())
            return tr("%1 called %2: %3 was held, so it goes on without it.")
                .arg(t.who, t.call, rn);
        if (!e.shared)
            return t.woke ? tr("%1 woke up and holds %2 to write, alone.").arg(t.who, rn)
                          : tr("%1 took %2 to write: nobody else may hold it now.").arg(t.who, rn);
        const QString others = readers(t, e.proc);
        const QString got = t.woke ? tr("%1 woke up and holds %2 to read").arg(t.who, rn)
                                   : tr("%1 took %2 to read").arg(t.who, rn);
        return others.isEmpty() ? got + QLatin1Char('.')
                                : tr("%1, together with %2.").arg(got, others);
    }
    case Op::Unlock: {
        const QString s = e.shared ? tr("%1 let go of its read lock on %2.").arg(t.who, rn)
                                   : tr("%1 let go of %2, which it held to write.").arg(t.who, rn);
        if (e.shared && stateOf(t.res).readers.size() > 1)
            return s; // other read locks still hold it: a writer waiting stays asleep
        return s + mutex::canTakeItNow(t);
    }
    default:
        return {};
    }
}

QString next(const Told &t)
{
    if (t.process.op != Op::Lock) return {};
    const QString why = heldBy(t);
    if (why.isEmpty()) return tr("goes on: nobody keeps it from %1").arg(t.res.name);
    return tr("will block: %1").arg(why);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"rwlock"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "—",
    .kernelObject = "process-shared `pthread_rwlock_t` in shared memory (glibc's default:"
                    " it prefers readers)",
    .statements = "`lock`: `pthread_rwlock_wrlock` (`shared`: `pthread_rwlock_rdlock`) · "
                  "`trylock`: `pthread_rwlock_trywrlock` (`shared`: "
                  "`pthread_rwlock_tryrdlock`) · `unlock`: `pthread_rwlock_unlock`",
    .notes = R"(
- **Read-write locks.** `lock L shared` is `pthread_rwlock_rdlock`: any number of processes
  hold the read lock together. `lock L` is `pthread_rwlock_wrlock`: one process holds it
  alone, with no reader. `trylock L [shared]` are the `try` forms; `unlock L` lets go of
  either. A process may hold several read locks (each needs its `unlock`); asking for the
  write lock while holding a read lock waits for ever, as glibc does (two such processes are
  a deadlock). Relocking the write lock you hold is `EDEADLK`; unlocking a rwlock you do not
  hold is `EPERM`, refused by ipcsim without the call, since POSIX leaves it undefined. No
  rwlock is robust: one whose holder died stays held.)",
};

extern const KindWords story = {.noun = "rwlock",
                                .callName = callName,
                                .sharedCallName = sharedCallName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .topic = "Shared memory and locks",
                                .topicRank = 1,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::rwlock
