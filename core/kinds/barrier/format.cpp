// A process-shared pthread barrier: the first parties - 1 to arrive sleep until the last.
#include "kinds/barrier/settings.h"
#include "scenario/kind.h"

#include <climits>

namespace ipcsim::core::kinds::barrier {

namespace {

bool readParties(OptionValue &value, ResourceSpec &into)
{
    return value.integer(1, INT_MAX, &into.own.get<Settings>().parties);
}

const KindOption options[] = {{"parties", readParties, /*required=*/true}};
const Op statements[] = {Op::Arrive};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Barrier,
    .name = "barrier",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
};

} // namespace ipcsim::core::kinds::barrier
