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

QString next(const Told &t)
{
    if (t.process.op != Op::LockFile) return {};
    return t.res.owner < 0 && stateOf(t.res).sharedHolders.isEmpty()
               ? tr("goes on: nobody holds a lock on %1").arg(t.res.name)
               : tr("may block: %1 is locked").arg(t.res.name);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"file-locking"};

extern const KindWords story = {.noun = "file",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .topic = "Files and file locks",
                                .topicRank = 6,
                                .lessons = kLessons};

} // namespace ipcsim::core::kinds::file
