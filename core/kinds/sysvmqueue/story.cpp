// A System V message queue's words: msgsnd and msgrcv, message types, a receive that chooses.
#include "story/kindwords.h"

namespace ipcsim::core::kinds::sysvmqueue {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::Send ? "msgsnd" : op == Op::Receive ? "msgrcv" : nullptr;
}

QString asleep(const Told &t)
{
    if (t.process.op != Op::Receive) return {};
    return t.res.messages.isEmpty()
               ? tr("%1 called %2: the queue is empty, %3 until a message is sent.")
                     .arg(t.who, t.call, words::asleep())
               : tr("%1 called %2: no message of the type it asks for is queued, %3 until one "
                    "is sent.")
                     .arg(t.who, t.call, words::asleep());
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const ResourceState &r = t.res;
    switch (e.op) {
    case Op::Send:
        return tr("%1 sent %2 with type %3 to %4; it now holds %5.")
                   .arg(t.who, words::quoted(e.text))
                   .arg(e.aux)
                   .arg(r.name)
                   .arg(r.messages.isEmpty() ? tr("1 message")
                                             : tr("%1 messages").arg(r.messages.size() + 1)) +
               words::wakes(t, "msgrcv");
    case Op::Receive:
        return tr("%1 received %2 (type %3) from %4: the oldest message of the type it asked "
                  "for.")
            .arg(t.who, words::quoted(e.text))
            .arg(e.aux)
            .arg(r.name);
    default:
        return {};
    }
}

QString atTheEnd(const KernelFinal &f)
{
    QStringList left;
    for (qsizetype i = 0; i < f.messages.size(); ++i)
        left << QStringLiteral("\"%1\" (type %2)")
                    .arg(QString::fromUtf8(f.messages[i].left(40)))
                    .arg(f.priorities.value(i));
    return QStringLiteral(": %1 message%2 left%3%4  (kernel: taken at the end)")
        .arg(f.value)
        .arg(f.value == 1 ? QString() : QStringLiteral("s"))
        .arg(left.isEmpty() ? QString() : QStringLiteral(": "), left.join(QStringLiteral(", ")));
}

} // namespace

extern const KindWords story = {.noun = "System V message queue",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .atTheEnd = atTheEnd,
                                .topic = "Message queues",
                                .topicRank = 3};

} // namespace ipcsim::core::kinds::sysvmqueue
