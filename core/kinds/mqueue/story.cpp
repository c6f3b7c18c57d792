// A message queue's words: mq_send and mq_receive, priorities, an empty or full queue.
#include "kinds/mqueue/state.h"
#include "story/kindwords.h"

namespace ipcsim::core::kinds::mqueue {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::Send ? "mq_send" : op == Op::Receive ? "mq_receive" : nullptr;
}

QString asleep(const Told &t)
{
    switch (t.process.op) {
    case Op::Receive:
        return tr("%1 called %2: the queue is empty, %3 until a message is sent.")
            .arg(t.who, t.call, words::asleep());
    case Op::Send:
        return tr("%1 called %2: the queue is full (%3 messages), %4 until one is received.")
            .arg(t.who, t.call)
            .arg(stateOf(t.res).messages.size())
            .arg(words::asleep());
    default:
        return {};
    }
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const ResourceState &r = t.res;
    switch (e.op) {
    case Op::Send:
        return tr("%1 sent %2 with priority %3 to %4; it now holds %5.")
            .arg(t.who, words::quoted(e.text))
            .arg(e.priority())
            .arg(r.name)
            .arg(stateOf(r).messages.isEmpty()
                     ? tr("1 message")
                     : tr("%1 messages").arg(stateOf(r).messages.size() + 1));
    case Op::Receive:
        if (e.eof) return {};
        return tr("%1 received %2 (priority %3) from %4: the kernel hands out the highest "
                  "priority first.")
            .arg(t.who, words::quoted(e.text))
            .arg(e.priority())
            .arg(r.name);
    default:
        return {};
    }
}

QString next(const Told &t)
{
    const ResourceState &r = t.res;
    const qsizetype n = stateOf(r).messages.size();
    switch (t.process.op) {
    case Op::Receive:
        return n == 0   ? tr("will block: %1 is empty").arg(r.name)
               : n == 1 ? tr("goes on: 1 message in %1").arg(r.name)
                        : tr("goes on: %1 messages in %2").arg(n).arg(r.name);
    case Op::Send:
        if (r.capacity <= 0) return {};
        return n >= r.capacity ? tr("will block: %1 is full").arg(r.name)
                               : tr("goes on: %1 has room").arg(r.name);
    default:
        return {};
    }
}

QString atTheEnd(const KernelFinal &f)
{
    QStringList left;
    for (const QByteArray &msg : f.messages)
        left << QStringLiteral("\"%1\"").arg(QString::fromUtf8(msg.left(40)));
    return QStringLiteral(": %1 message%2 left%3%4  (kernel: taken at the end)")
        .arg(f.value)
        .arg(f.value == 1 ? QString() : QStringLiteral("s"))
        .arg(left.isEmpty() ? QString() : QStringLiteral(": "), left.join(QStringLiteral(", ")));
}

} // namespace

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"mqueue-priorities", "mqueue-full"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`max_messages` (10), `message_size` (256)",
    .kernelObject = "POSIX `mq_open`",
    .statements = "`send`: `mq_send` (`priority P`, 0 by default) · `receive`: `mq_receive` "
                  "(the oldest message of the highest priority)",
};

extern const KindWords story = {.noun = "message queue",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .topic = "Message queues",
                                .topicRank = 3,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::mqueue
