// A System V semaphore set's words: semop on several members at once, all or nothing, the
// values of the members it names, who sleeps and who wakes, and what SEM_UNDO gives back.
#include "kinds/sysvsemaphore/state.h"
#include "story/kindwords.h"

#include <algorithm>

namespace ipcsim::core::kinds::sysvsemaphore {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::Wait || op == Op::TryWait || op == Op::Post ? "semop" : nullptr;
}

// "forks[1]", "forks[1] and forks[2]", "forks[0], forks[1] and forks[2]"
QString named(const ResourceState &r, const QList<int> &members)
{
    QStringList names;
    for (int k : members)
        if (const QString n = QStringLiteral("%1[%2]").arg(r.name).arg(k); !names.contains(n))
            names << n;
    if (names.size() < 2) return names.value(0);
    const QString last = names.takeLast();
    return tr("%1 and %2").arg(names.join(QStringLiteral(", ")), last);
}

qsizetype distinct(QList<int> members)
{
    std::sort(members.begin(), members.end());
    return std::unique(members.begin(), members.end()) - members.begin();
}

// "forks[1] is 0, forks[2] is 1", with each member's value plus delta per time it is named.
QString values(const ResourceState &r, const QList<int> &members, qint64 delta)
{
    QStringList said;
    QList<int> seen;
    for (int k : members) {
        const QVector<qint64> &value = stateOf(r).members;
        if (seen.contains(k) || k < 0 || k >= value.size()) continue;
        seen << k;
        said << tr("%1[%2] is %3")
                    .arg(r.name)
                    .arg(k)
                    .arg(qMax<qint64>(0, value[k] + delta * members.count(k)));
    }
    return said.join(QStringLiteral(", "));
}

QString asleep(const Told &t)
{
    const QList<int> members = t.res.asking.value(t.proc);
    if (members.isEmpty()) return {};
    const QVector<qint64> &value = stateOf(t.res).members;
    QList<int> empty;
    for (int k : members)
        if (k >= 0 && k < value.size() && value[k] < members.count(k)) empty << k;
    if (distinct(members) == 1)
        return tr("%1 called semop to take a token of %2: it has none, %3 until it has one.")
            .arg(t.who, named(t.res, members), words::asleep());
    return (distinct(empty) > 1
                ? tr("%1 called semop to take a token of %2 at once: %3 have none, %4 until "
                     "every member it asks for has one (it takes none before).")
                : tr("%1 called semop to take a token of %2 at once: %3 has none, %4 until every "
                     "member it asks for has one (it takes none before)."))
        .arg(t.who, named(t.res, members), named(t.res, empty), words::asleep());
}

// The first other process asleep in a semop on the set that this post lets through: every
// member it asks for has a token after it.
QString wakes(const Told &t, const QList<int> &posted)
{
    const QVector<qint64> &value = stateOf(t.res).members;
    const int wi = words::firstWoken(t, [&](int w) {
        const QList<int> wanted = t.res.asking.value(w);
        return !wanted.isEmpty() && std::ranges::all_of(wanted, [&](int k) {
            return k >= 0 && k < value.size() && value[k] + posted.count(k) >= wanted.count(k);
        });
    });
    if (wi < 0) return {};
    return QLatin1Char(' ') +
           tr("That wakes %1, who was asleep in semop waiting for %2.")
               .arg(t.world.processes[wi].name, named(t.res, t.res.asking.value(wi)));
}

// The values as counted by the model (the world is as it was before this event).
QString ended(const Told &t)
{
    const Event &e = t.event;
    const QList<int> members = membersOf(e.text);
    const QString which = named(t.res, members);
    switch (e.op) {
    case Op::Wait:
        if (distinct(members) == 1)
            return t.woke ? tr("%1 woke up: its semop took the token of %2 and returned; now %3.")
                                .arg(t.who, which, values(t.res, members, -1))
                          : tr("%1 called semop to take a token of %2: it had one, so it took "
                               "it and went on; now %3.")
                                .arg(t.who, which, values(t.res, members, -1));
        return t.woke ? tr("%1 woke up: its semop took a token of %2 at once and returned; now %3.")
                            .arg(t.who, which, values(t.res, members, -1))
                      : tr("%1 called semop to take a token of %2: there were enough, so it took "
                           "them at once and went on; now %3.")
                            .arg(t.who, which, values(t.res, members, -1));
    case Op::TryWait:
        return e.took() ? tr("%1 called semop with IPC_NOWAIT and took a token of %2; now %3.")
                              .arg(t.who, which, values(t.res, members, -1))
                        : tr("%1 called semop with IPC_NOWAIT on %2: not every member had a "
                             "token, so it took none and goes on (EAGAIN).")
                              .arg(t.who, which);
    case Op::Post:
        return tr("%1 called semop to give a token to %2; now %3.")
                   .arg(t.who, which, values(t.res, members, +1)) +
               wakes(t, members);
    default:
        return {};
    }
}

// All or nothing: a semop that takes goes on when every member it names has a token for each
// time it names it, else it sleeps (IPC_NOWAIT: fails) and takes none.
QString next(const Told &t)
{
    const Op op = t.process.op;
    const QList<int> members = membersOf(t.event.text);
    if ((op != Op::Wait && op != Op::TryWait) || members.isEmpty()) return {};
    const QVector<qint64> &value = stateOf(t.res).members;
    QList<int> empty;
    for (int k : members)
        if (k >= 0 && k < value.size() && value[k] < members.count(k) && !empty.contains(k))
            empty << k;
    if (empty.isEmpty()) return tr("goes on: %1").arg(values(t.res, members, 0));
    const QString none = empty.size() == 1 ? tr("%1 has none").arg(named(t.res, empty))
                                           : tr("%1 have none").arg(named(t.res, empty));
    return op == Op::TryWait ? tr("fails with EAGAIN: %1").arg(none)
                             : tr("will block: %1").arg(none);
}

QString atTheEnd(const KernelFinal &f)
{
    QStringList v;
    for (qint64 x : f.values)
        v << QString::number(x);
    return QStringLiteral(" = [%1]  (kernel: semctl GETALL at the end)")
        .arg(v.join(QStringLiteral(", ")));
}

// SEM_UNDO: what the kernel gives back of a process that exited.
QString exited(const Told &t)
{
    const State &set = stateOf(t.res);
    const QVector<qint64> adj = set.semadj.value(t.proc);
    QStringList back;
    for (qsizetype k = 0; k < adj.size() && k < set.members.size(); ++k)
        if (adj[k])
            back << tr("%1[%2] is %3 again")
                        .arg(t.res.name)
                        .arg(k)
                        .arg(qMax<qint64>(0, set.members[k] + adj[k]));
    if (back.isEmpty()) return {};
    return tr("The kernel undid its semops on %1 (SEM_UNDO): %2.")
        .arg(t.res.name, back.join(QStringLiteral(", ")));
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"sysv-semaphore", "sysv-bounded-buffer", "sysv-semaphore-undo"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`semaphores` (1): the set's members, at most the kernel's `SEMMSL`; "
               "`initial` (0): each member's value, at most 32767 (`SEMVMX`), or a list "
               "of each one's (`[4, 0, 1]`: then `semaphores` is the list's length, and "
               "if given must equal it); `undo` (false): every `semop` with `SEM_UNDO`",
    .kernelObject = "System V `semget` with a key of ipcsim's, each member set with "
                    "`semctl(SETALL)`",
    .statements = "`wait`: one `semop` on every member it names, -1 each · `trywait`: the "
                  "same with `IPC_NOWAIT` · `post`: one `semop`, +1 each (with `undo`, every "
                  "`semop` has `SEM_UNDO`)",
    .notes = R"(
- **System V semaphore sets** (the forms `wait S[i], S[j], …`, `trywait S[i], … [-> reg]` and
  `post S[i], …`). One statement is one `semop` on every member it names, all at once or not at
  all: `wait` takes a token of each (`sem_op` -1) and sleeps, taking none, until every one has
  a token; `post` gives one to each (+1); `trywait` is `wait` with `IPC_NOWAIT`, and its
  register gets 1 if it took them, 0 if not. A member named twice counts twice. A set of one
  member may be named alone (`wait S` is `wait S[0]`); a larger set's statements name their
  members, and a member index is an expression (`wait forks[$index], forks[($index + 1) % 5]`).
  One statement acts on one set. `"initial": [4, 0, 1]` starts each member at its own value (a
  bounded buffer's free slots, filled slots and lock in one set). With `undo`, the kernel keeps
  for each process what its semops took less what they gave (its `semadj`) and gives it back
  when the process exits, however it ends: killed while holding a token, it holds none. The set
  has no name: like a System V queue, the engine makes it with a key recorded in the manifest
  first (`ipcs -s` shows ipcsim's `0x69……` keys) and removes it however the run ends.)",
};

extern const KindWords story = {.noun = "System V semaphore set",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .exited = exited,
                                .topic = "Semaphores and barriers",
                                .topicRank = 2,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::sysvsemaphore
