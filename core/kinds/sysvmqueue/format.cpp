// A System V message queue: whole messages, each with a type (a positive number) that a
// receive can choose by: msgget, msgsnd, msgrcv.
#include "kinds/mqueue/settings.h"
#include "scenario/kind.h"

namespace ipcsim::core::kinds::sysvmqueue {

namespace {

bool readMessageSize(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().sysvMsgMax;
    return value.integerUpTo(
        1, most, "the kernel limit msgmax = " + std::to_string(most) + " (/proc/sys/kernel/msgmax)",
        &into.own.get<mqueue::Settings>().messageSize);
}

// The queue's bytes (msg_qbytes), which the engine sets with msgctl(IPC_SET): a sender sleeps
// while its message would take the queue over them. Up to the kernel's msgmnb, which only a
// privileged process may exceed; that is also its default.
bool readQueueBytes(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().sysvMsgMnb;
    return value.integerUpTo(
        1, most, "the kernel limit msgmnb = " + std::to_string(most) + " (/proc/sys/kernel/msgmnb)",
        &into.own.get<mqueue::Settings>().queueBytes);
}

void defaults(ResourceSpec &into, const KernelLimits &limits)
{
    into.own.get<mqueue::Settings>().queueBytes = limits.sysvMsgMnb;
}

// A message longer than the queue's bytes would wait for room forever.
void checkAll(std::span<const ResourceSpec> resources, KindCheck &check)
{
    for (size_t i = 0; i < resources.size(); ++i) {
        if (resources[i].type != ResourceType::SysvMQueue) continue;
        const mqueue::Settings &q = mqueue::settingsOf(resources[i]);
        if (q.messageSize > q.queueBytes)
            check.refuse(int(i), "message_size",
                         "sysv-mqueue \"" + resources[i].name + "\" has message_size " +
                             std::to_string(q.messageSize) + ", more than its queue_bytes " +
                             std::to_string(q.queueBytes) +
                             ": a message that long would wait for room forever");
    }
}

std::string statementFault(const ResourceSpec &r, const Stmt &s)
{
    if (s.op == Op::Send && s.e2 >= 0 && !s.typed)
        return "\"priority\" applies to a mqueue, and \"" + r.name +
               "\" is a sysv-mqueue, whose messages have a type (type T)";
    return {};
}

const KindOption options[] = {{"message_size", readMessageSize}, {"queue_bytes", readQueueBytes}};
const Op statements[] = {Op::Send, Op::Receive};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::SysvMQueue,
    .name = "sysv-mqueue",
    .options = options,
    .defaults = defaults,
    .settings = &settingsImage<mqueue::Settings>,
    .statements = statements,
    .messages = true,
    .messageTypes = true,
    .statementFault = statementFault,
    .checkAll = checkAll,
};

} // namespace ipcsim::core::kinds::sysvmqueue
