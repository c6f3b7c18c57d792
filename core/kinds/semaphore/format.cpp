// A POSIX named semaphore: a counter that wait takes from (sleeping at 0) and post adds to.
#include "kinds/semaphore/settings.h"
#include "scenario/kind.h"

#include <climits>

namespace ipcsim::core::kinds::semaphore {

namespace {

bool readInitial(OptionValue &value, ResourceSpec &into)
{
    // SEM_VALUE_MAX is INT_MAX on Linux.
    return value.integerUpTo(
        0, INT_MAX, "the limit SEM_VALUE_MAX = " + std::to_string(INT_MAX) + " (<semaphore.h>)",
        &into.own.get<Settings>().initial);
}

const KindOption options[] = {{"initial", readInitial}};
const Op statements[] = {Op::Wait, Op::TryWait, Op::Post};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Semaphore,
    .name = "semaphore",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
};

} // namespace ipcsim::core::kinds::semaphore
