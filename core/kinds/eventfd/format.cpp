// An eventfd: a 64-bit counter in the kernel behind one descriptor, which every process that
// uses it inherits. A write adds to the counter; a read takes all of it (in semaphore mode,
// 1), and sleeps while it is 0.
#include "ipc/sessionlayout.h"
#include "kinds/eventfd/settings.h"
#include "scenario/kind.h"

#include <climits>

namespace ipcsim::core::kinds::eventfd {

namespace {

bool readInitial(OptionValue &value, ResourceSpec &into)
{
    return value.integerUpTo(
        0, UINT_MAX, "eventfd's initval, an unsigned int (" + std::to_string(UINT_MAX) + ")",
        &into.own.get<Settings>().initial);
}

bool readSemaphore(OptionValue &value, ResourceSpec &into)
{
    return value.boolean(&into.own.get<Settings>().semaphoreMode);
}

const KindOption options[] = {{"initial", readInitial}, {"semaphore", readSemaphore}};
const Op statements[] = {Op::Write, Op::Read};

// Its one descriptor, to every process that uses it.
void inherited(const ResourceSpec &, const ResourceUse &use, std::vector<EndRole> *roles)
{
    if (use.any) roles->push_back(EndRole::Object);
}

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Eventfd,
    .name = "eventfd",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .inherited = inherited,
};

} // namespace ipcsim::core::kinds::eventfd
