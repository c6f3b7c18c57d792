// A pipe's words: write and read, an empty or full buffer, end of file.
#include "kinds/pipe/story.h"
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
    case Op::WriteBytes:
        if (r.level < 0 || r.capacity <= 0) return {};
        return r.level >= r.capacity ? tr("will block: %1 is full").arg(r.name)
                                     : tr("goes on unless it fills %1").arg(r.name);
    default:
        return {};
    }
}

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"pipe-hello", "pipe-full", "sigpipe"};

extern const KindWords story = {.noun = "pipe",
                                .callName = callName,
                                .asleep = asleep,
                                .next = next,
                                .topic = "Pipes and FIFOs",
                                .topicRank = 4,
                                .lessons = kLessons};

} // namespace ipcsim::core::kinds::pipe
