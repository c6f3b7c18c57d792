// A System V message queue's words: msgsnd and msgrcv, message types, a receive that chooses.
#include "kinds/mqueue/state.h"
#include "story/kindwords.h"

#include <algorithm>

namespace ipcsim::core::kinds::sysvmqueue {

using words::tr;

namespace {

const char *callName(Op op)
{
    return op == Op::Send ? "msgsnd" : op == Op::Receive ? "msgrcv" : nullptr;
}

// "of type 2", "of type 1 or 2" (-2: the lowest type up to 2), "" (0: any)
QString ofType(qint64 type)
{
    if (type > 0) return tr(" of type %1").arg(type);
    if (type == -1) return tr(" of type 1");
    if (type < 0) return tr(" of a type up to %1").arg(-type);
    return {};
}

// The type a process asks for in its receive (0: any).
qint64 askedBy(const ResourceState &r, int proc)
{
    const QList<int> asked = r.asking.value(proc);
    return asked.isEmpty() ? 0 : asked.first();
}

// Whether a message of this type is one a receive asking for `asked` takes.
bool takes(qint64 asked, qint64 type)
{
    return asked == 0 || (asked > 0 && type == asked) || (asked < 0 && type <= -asked);
}

QString asleep(const Told &t)
{
    if (t.process.op == Op::Send)
        return tr("%1 called %2: the queue holds %3 of its %4 bytes, no room for the message, "
                  "%5 until a receive takes one out.")
            .arg(t.who, t.call)
            .arg(mqueue::stateOf(t.res).bytes())
            .arg(t.res.capacity)
            .arg(words::asleep());
    if (t.process.op != Op::Receive) return {};
    const qint64 type = askedBy(t.res, t.proc);
    const QString call = type ? tr("msgrcv(%1, type %2)").arg(t.res.name).arg(type) : t.call;
    return mqueue::stateOf(t.res).messages.isEmpty()
               ? tr("%1 called %2: the queue is empty, %3 until a message%4 is sent.")
                     .arg(t.who, call, words::asleep(), ofType(type))
               : tr("%1 called %2: no message%3 is queued, %4 until one is sent.")
                     .arg(t.who, call, ofType(type), words::asleep());
}

QString ended(const Told &t)
{
    const Event &e = t.event;
    const ResourceState &r = t.res;
    switch (e.op) {
    case Op::Send:
        return tr("%1 sent %2 with type %3 to %4; it now holds %5.")
                   .arg(t.who, words::quoted(e.text))
                   .arg(e.messageType())
                   .arg(r.name)
                   .arg(mqueue::stateOf(r).messages.isEmpty()
                            ? tr("1 message")
                            : tr("%1 messages").arg(mqueue::stateOf(r).messages.size() + 1)) +
               words::wakes(t, "msgrcv", [&](int wi) {
                   return t.world.processes[wi].op == Op::Receive &&
                          takes(askedBy(r, wi), e.messageType());
               });
    case Op::Receive: {
        const qint64 asked = askedBy(r, t.proc);
        const QString which = asked > 0   ? tr("the oldest message of type %1").arg(asked)
                              : asked < 0 ? tr("the oldest of the lowest type up to %1").arg(-asked)
                                          : tr("the oldest message");
        return tr("%1 received %2 (type %3) from %4: %5.")
            .arg(t.who, words::quoted(e.text))
            .arg(e.messageType())
            .arg(r.name, which);
    }
    default:
        return {};
    }
}

// A send goes on while its message fits (the kernel's test: its bytes, and one message more,
// within msg_qbytes); a receive while a message of the type it asks for is queued.
QString next(const Told &t)
{
    const ResourceState &r = t.res;
    const mqueue::State &q = mqueue::stateOf(r);
    switch (t.process.op) {
    case Op::Send: {
        if (r.capacity <= 0) return {};
        const qint64 size = t.event.text.size(), held = q.bytes();
        const bool fits = held + size <= r.capacity && q.messages.size() + 1 <= r.capacity;
        return (fits ? tr("goes on: %1 holds %2 of its %3 bytes, room for %4")
                     : tr("will block: %1 holds %2 of its %3 bytes, no room for %4"))
            .arg(r.name)
            .arg(held)
            .arg(r.capacity)
            .arg(size);
    }
    case Op::Receive: {
        const qint64 asked = t.event.messageType();
        const bool queued = std::ranges::any_of(
            q.messages, [&](const mqueue::Message &m) { return takes(asked, m.priority); });
        if (queued)
            return asked ? tr("goes on: a message%1 is in %2").arg(ofType(asked), r.name)
                         : tr("goes on: %1 holds %2")
                               .arg(r.name)
                               .arg(q.messages.size() == 1
                                        ? tr("1 message")
                                        : tr("%1 messages").arg(q.messages.size()));
        return q.messages.isEmpty()
                   ? tr("will block: %1 is empty").arg(r.name)
                   : tr("will block: no message%1 in %2").arg(ofType(asked), r.name);
    }
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

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"sysv-mqueue"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`message_size` (256, at most the kernel's `msgmax`); `queue_bytes` (the "
               "kernel's `msgmnb`, 16384 by default, and at most that): the bytes it "
               "holds (`msg_qbytes`), at least `message_size`",
    .kernelObject = "System V `msgget` with a key of ipcsim's (`0x69……`), its bytes set "
                    "with `msgctl(IPC_SET)`",
    .statements = "`send`: `msgsnd` (`type T`, 1 by default) · `receive`: `msgrcv` (`type T`:"
                  " 0, the default, takes any)",
    .notes = R"(
- **System V message queues** (the forms `send R VALUE [priority P | type T]` and `receive R
  [type T] [-> reg]`, where `priority` is a POSIX queue's and `type` a System V queue's). `send
  Q VALUE type T` is `msgsnd` of a message of type T (1 or more; 1 when not given). `receive Q
  type T -> reg` is `msgrcv`: type 0 (the default) takes the oldest message, T the oldest of
  type T, and -T the oldest of the lowest type up to T; it sleeps while there is none it asks
  for, even with other types queued. A message is at most `message_size` bytes, and the queue
  holds `queue_bytes` of them: a `send` whose message would take it over sleeps until a
  `receive` makes room. The queue has no name: the engine makes it with a key recorded in the
  session's manifest first (ipcsim's keys are `0x69……`, as `ipcs -q` shows them) and removes it
  however the run ends.)",
};

extern const KindWords story = {.noun = "System V message queue",
                                .callName = callName,
                                .asleep = asleep,
                                .ended = ended,
                                .next = next,
                                .atTheEnd = atTheEnd,
                                .topic = "Message queues",
                                .topicRank = 3,
                                .lessons = kLessons,
                                .reference = kReference};

} // namespace ipcsim::core::kinds::sysvmqueue
