// A System V semaphore set: semget's N counters under one id. One wait, trywait or post is one
// semop on members of the set, all at once or not at all (wait forks[0], forks[1]).
#include "kinds/sysvsemaphore/settings.h"
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
                             &into.own.get<Settings>().semaphores);
}

// One value for every member, or a list of each one's: [1, 4, 0] (then the set has as many
// members as the list, unless "semaphores" says otherwise, which checkAll refuses).
bool readInitial(OptionValue &value, ResourceSpec &into)
{
    Settings &set = into.own.get<Settings>();
    const char *limit = "SEMVMX = 32767, a member's largest value (<linux/sem.h>)";
    if (!value.isList()) return value.integerUpTo(0, kSemVmx, limit, &set.initial);
    const bool read = value.integersUpTo(0, kSemVmx, limit, &set.initials);
    if (!value.given("semaphores")) set.semaphores = int64_t(set.initials.size());
    if (!read) return false;
    const int64_t most = value.limits().sysvSemMsl;
    if (int64_t(set.initials.size()) > most)
        return value.refuse("\"initial\" lists " + std::to_string(set.initials.size()) +
                            " values, over the kernel limit SEMMSL = " + std::to_string(most) +
                            " (/proc/sys/kernel/sem, its first field)");
    return true;
}

// A list of initial values gives one to each member.
void checkAll(std::span<const ResourceSpec> resources, KindCheck &check)
{
    for (size_t i = 0; i < resources.size(); ++i) {
        if (resources[i].type != ResourceType::SysvSemaphore) continue;
        const Settings &set = settingsOf(resources[i]);
        if (set.initials.empty() || int64_t(set.initials.size()) == set.semaphores) continue;
        check.refuse(int(i), "initial",
                     "\"initial\" lists " + std::to_string(set.initials.size()) +
                         " values, and \"" + resources[i].name + "\" has " +
                         std::to_string(set.semaphores) +
                         (set.semaphores == 1 ? " semaphore" : " semaphores") +
                         ": give one value for each member, or one for all");
    }
}

bool readUndo(OptionValue &value, ResourceSpec &into)
{
    return value.boolean(&into.own.get<Settings>().undo);
}

const KindOption options[] = {
    {"semaphores", readSemaphores}, {"initial", readInitial}, {"undo", readUndo}};
const Op statements[] = {Op::Wait, Op::TryWait, Op::Post};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::SysvSemaphore,
    .name = "sysv-semaphore",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .members = [](const ResourceSpec &spec) { return settingsOf(spec).semaphores; },
    .checkAll = checkAll,
};

} // namespace ipcsim::core::kinds::sysvsemaphore
