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

std::string statementFault(const ResourceSpec &r, const Stmt &s)
{
    if (s.op == Op::Send && s.e2 >= 0 && !s.typed)
        return "\"priority\" applies to a mqueue, and \"" + r.name +
               "\" is a sysv-mqueue, whose messages have a type (type T)";
    return {};
}

const KindOption options[] = {{"message_size", readMessageSize}};
const Op statements[] = {Op::Send, Op::Receive};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::SysvMQueue,
    .name = "sysv-mqueue",
    .options = options,
    .settings = &settingsImage<mqueue::Settings>,
    .statements = statements,
    .messages = true,
    .messageTypes = true,
    .statementFault = statementFault,
};

} // namespace ipcsim::core::kinds::sysvmqueue
