// A file's words: read and write as a stream, and its locks (fcntl), shared or exclusive.
#include "kinds/pipe/story.h"
#include "kinds/file/state.h"
#include "story/texts.h"

namespace ipcsim::core::kinds::file {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::LockFile || op == Op::UnlockFile ? "fcntl" : pipe::callName(op);
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::LockFile) return {};
    const QString &rn = t.res.name;
    if (t.res.owner >= 0)
        return tr("%1 asked fcntl to lock file %2: %3 holds the lock, %4.")
            .arg(t.who, rn, Texts::processLabel(t.world, t.res.owner), words::asleep());
    return tr("%1 asked fcntl to lock file %2: someone else holds a lock on it, %3.")
        .arg(t.who, rn, words::asleep());
}

QString ended(const Told &t)
{
    const QString &rn = t.res.name;
    switch (t.event.op) {
    case Op::LockFile:
        return t.event.shared ? tr("%1 took a shared (read) lock on file %2.").arg(t.who, rn)
                              : tr("%1 took the exclusive lock on file %2.").arg(t.who, rn);
    case Op::UnlockFile:
        return tr("%1 released its lock on file %2.").arg(t.who, rn);
    default:
        return {};
    }
}

// fcntl's record locks: a process's own lock never stands in its way (it converts it), and a
// waiting writer does not hold back a reader (the kernel keeps no line).
QString next(const Told &t)
{
    const QString &rn = t.res.name;
    switch (t.process.op) {
    case Op::LockFile: {
        if (t.res.owner >= 0 && t.res.owner != t.proc)
            return tr("will block: %1 holds the exclusive lock on %2")
                .arg(Texts::processLabel(t.world, t.res.owner), rn);
        if (t.process.shared) return tr("goes on: nobody holds an exclusive lock on %1").arg(rn);
        QList<int> others = stateOf(t.res).sharedHolders;
        others.removeAll(t.proc);
        if (others.isEmpty()) return tr("goes on: nobody else holds a lock on %1").arg(rn);
        return others.size() == 1 ? tr("will block: %1 holds a shared lock on %2")
                                        .arg(Texts::processLabel(t.world, others.first()), rn)
                                  : tr("will block: %1 readers hold shared locks on %2")
                                        .arg(others.size())
                                        .arg(rn);
    }
    case Op::Read:
        return tr("goes on: a file never makes a read wait");
    case Op::Write:
        return tr("goes on: a file never makes a write wait");
    default:
        return {};
    }
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"file-locking"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`content` string (`\"\"`)",
    .kernelObject = "a regular file in the session's private folder",
    .statements = "`write`: `write` (opened `O_APPEND`) · `read`: `read` (at its own offset) "
                  "· `close`: `close` · `lockfile`: `fcntl(F_SETLKW)` of the whole file, "
                  "`F_WRLCK` (`shared`: `F_RDLCK`) · `unlockfile`: `fcntl(F_SETLK)`, "
                  "`F_UNLCK`",
    .notes = R"(
- **Files.** Each process opens the file itself (`O_APPEND` for writes, its own read offset).)",
};

extern const KindWords story = {.noun = "file",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .topic = "Files and file locks",
                                .topicRank = 6,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::file
