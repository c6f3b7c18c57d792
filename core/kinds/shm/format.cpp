// A POSIX shared memory segment: numbered 64-bit cells every process maps.
#include "scenario/kind.h"

namespace ipcsim::core::kinds::shm {

namespace {

bool readCells(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().maxShmCells;
    return value.integerUpTo(
        1, most, "ipcsim's limit of " + std::to_string(most) + " cells per shm", &into.cells);
}

const KindOption options[] = {{"cells", readCells}};
const Op statements[] = {Op::Load, Op::Store, Op::Add};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Shm,
    .name = "shm",
    .options = options,
    .statements = statements,
    .cells = true,
};

} // namespace ipcsim::core::kinds::shm
