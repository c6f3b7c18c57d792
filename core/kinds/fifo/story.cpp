// A fifo's words: a pipe's, and its open, which waits for the other end.
#include "kinds/pipe/story.h"

#include <sys/syscall.h>

namespace ipcsim::core::kinds::fifo {

using words::tr;

namespace {

QString asleep(const Told &t)
{
    // A fifo's first read or write opens it, and open() waits for the other end to be opened.
    const bool opening = t.event.syscall == SYS_openat
#ifdef SYS_open
                         || t.event.syscall == SYS_open
#endif
        ;
    const Op op = t.process.op;
    if (opening && (op == Op::Read || op == Op::Write || op == Op::WriteBytes))
        return tr("%1 called %2: opening a FIFO waits until another process opens its other "
                  "end, %3.")
            .arg(t.who, t.call, words::asleep());
    return pipe::asleep(t);
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"fifo-rendezvous"};

extern const KindWords story = {.noun = "FIFO",
                                .callName = pipe::callName,
                                .asleep = asleep,
                                .next = pipe::next,
                                .topic = "Pipes and FIFOs",
                                .topicRank = 4,
                                .lessons = kLessons};

} // namespace ipcsim::core::kinds::fifo
