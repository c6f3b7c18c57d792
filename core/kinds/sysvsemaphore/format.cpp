// A System V semaphore set: semget's N counters under one id. One wait, trywait or post is one
// semop on members of the set, all at once or not at all (wait forks[0], forks[1]).
#include "scenario/kind.h"

namespace ipcsim::core::kinds::sysvsemaphore {

namespace {

constexpr int64_t kSemVmx = 32767; // SEMVMX, <linux/sem.h>: a member's largest value

bool readSemaphores(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().sysvSemMsl;
    return value.integerUpTo(1, most,
                             "the kernel limit SEMMSL = " + std::to_string(most) +
                                 " (/proc/sys/kernel/sem, its first field)",
                             &into.semaphores);
}

bool readInitial(OptionValue &value, ResourceSpec &into)
{
    return value.integerUpTo(0, kSemVmx, "SEMVMX = 32767, a member's largest value (<linux/sem.h>)",
                             &into.initial);
}

bool readUndo(OptionValue &value, ResourceSpec &into)
{
    return value.boolean(&into.undo);
}

const KindOption options[] = {
    {"semaphores", readSemaphores}, {"initial", readInitial}, {"undo", readUndo}};
const Op statements[] = {Op::Wait, Op::TryWait, Op::Post};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::SysvSemaphore,
    .name = "sysv-semaphore",
    .options = options,
    .statements = statements,
    .members = true,
};

} // namespace ipcsim::core::kinds::sysvsemaphore
