// A POSIX shared memory segment: numbered 64-bit cells every process maps.
#include "kinds/shm/format.h"
#include "kinds/shm/settings.h"

namespace ipcsim::core::kinds::shm {

bool readCells(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().maxShmCells;
    return value.integerUpTo(1, most,
                             "ipcsim's limit of " + std::to_string(most) + " cells per " +
                                 resourceTypeName(into.type),
                             &into.own.get<Settings>().cells);
}

int64_t cellsOf(const ResourceSpec &spec)
{
    return settingsOf(spec).cells;
}

const Op cellStatements[3] = {Op::Load, Op::Store, Op::Add};

namespace {
const KindOption options[] = {{"cells", readCells}};
} // namespace

extern const KindFormat format = {
    .type = ResourceType::Shm,
    .name = "shm",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = cellStatements,
    .cells = cellsOf,
};

} // namespace ipcsim::core::kinds::shm
