// A POSIX message queue: whole messages with priorities, bounded in number and size.
#include "kinds/mqueue/settings.h"
#include "scenario/kind.h"

#include <algorithm>

namespace ipcsim::core::kinds::mqueue {

namespace {

bool readMaxMessages(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().mqMsgMax;
    return value.integerUpTo(1, most,
                             "the kernel limit msg_max = " + std::to_string(most) +
                                 " (/proc/sys/fs/mqueue/msg_max)",
                             &into.own.get<Settings>().maxMessages);
}

bool readMessageSize(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().mqMsgsizeMax;
    return value.integerUpTo(1, most,
                             "the kernel limit msgsize_max = " + std::to_string(most) +
                                 " (/proc/sys/fs/mqueue/msgsize_max)",
                             &into.own.get<Settings>().messageSize);
}

// The number of queues (queues_max), and the bytes mq_open charges to the user's
// RLIMIT_MSGQUEUE (ipc/mqueue.c, mqueue_get_inode): each message slot's bytes, its struct
// msg_msg, and a priority tree node per slot (at most MQ_PRIO_MAX of them); 48 bytes each on
// 64-bit Linux. Ten queues of ten 8192-byte messages are 828,800 bytes, over the default
// 819,200.
void checkAll(std::span<const ResourceSpec> resources, KindCheck &check)
{
    const KernelLimits &limits = check.limits();
    constexpr int64_t kMsgHeader = 48, kTreeNode = 48, kPrioMax = 32768;
    int64_t queues = 0, bytes = 0;
    bool bytesReported = false;
    for (size_t i = 0; i < resources.size(); ++i) {
        const ResourceSpec &r = resources[i];
        if (r.type != ResourceType::MQueue) continue;
        if (++queues - 1 == limits.mqQueuesMax)
            check.refuse(
                int(i), nullptr,
                "mqueue \"" + r.name + "\" is queue number " + std::to_string(queues) +
                    ", over the kernel limit queues_max = " + std::to_string(limits.mqQueuesMax) +
                    " (/proc/sys/fs/mqueue/queues_max)");
        const Settings &q = settingsOf(r);
        int64_t need = 0, slots = 0;
        if (__builtin_add_overflow(q.messageSize, kMsgHeader, &slots) ||
            __builtin_mul_overflow(q.maxMessages, slots, &need) ||
            __builtin_add_overflow(need, std::min(q.maxMessages, kPrioMax) * kTreeNode, &need) ||
            __builtin_add_overflow(bytes, need, &bytes))
            bytes = INT64_MAX;
        if (!bytesReported && bytes > limits.rlimitMsgqueue) {
            bytesReported = true;
            check.refuse(
                int(i), "max_messages",
                "mqueue \"" + r.name + "\" brings the message queues to " + std::to_string(bytes) +
                    " bytes as the kernel counts them (max_messages * (message_size + "
                    "96) per queue), over the limit RLIMIT_MSGQUEUE = " +
                    std::to_string(limits.rlimitMsgqueue) + " (getrlimit; ulimit -q raises it)");
        }
    }
}

const KindOption options[] = {{"max_messages", readMaxMessages}, {"message_size", readMessageSize}};
const Op statements[] = {Op::Send, Op::Receive};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::MQueue,
    .name = "mqueue",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .messages = true,
    .checkAll = checkAll,
};

} // namespace ipcsim::core::kinds::mqueue
