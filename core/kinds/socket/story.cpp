// A socket's words: send and recv, connections accepted and made, nothing arrived yet.
#include "kinds/pipe/story.h"

namespace ipcsim::core::kinds::socket {

using words::tr;

namespace {

const char *callName(Op op)
{
    switch (op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send:
        return "send";
    case Op::Read:
    case Op::Receive:
        return "recv";
    case Op::Close:
        return "close";
    case Op::Accept:
        return "accept";
    case Op::Connect:
        return "connect";
    default:
        return nullptr;
    }
}

QString asleep(const Told &t)
{
    switch (t.process.op) {
    case Op::Read:
        return tr("%1 called %2: nothing has arrived, %3 until data comes.")
            .arg(t.who, t.call, words::asleep());
    case Op::Write:
    case Op::WriteBytes:
        return tr("%1 called %2: there is no room, %3.").arg(t.who, t.call, words::asleep());
    case Op::Receive:
        return tr("%1 called %2: nothing has arrived, %3.").arg(t.who, t.call, words::asleep());
    case Op::Send:
        return tr("%1 called %2: the socket buffer is full, %3.")
            .arg(t.who, t.call, words::asleep());
    case Op::Accept:
        return tr("%1 called %2: nobody has connected yet, %3.")
            .arg(t.who, t.call, words::asleep());
    default:
        return {};
    }
}

QString ended(const Told &t)
{
    switch (t.event.op) {
    case Op::Accept:
        return tr("%1 accepted a connection on %2.").arg(t.who, t.res.name);
    case Op::Connect:
        return tr("%1 connected to %2.").arg(t.who, t.res.name);
    default:
        return {};
    }
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"tcp-echo", "unix-echo", "datagram-log"};

extern const KindWords story = {.noun = "socket",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .topic = "Sockets",
                                .topicRank = 5,
                                .lessons = kLessons};

} // namespace ipcsim::core::kinds::socket
