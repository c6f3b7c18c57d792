// A System V shared memory segment: shmget's numbered 64-bit cells, which every process that
// uses it attaches with shmat. Its cells, statements and limits are shared memory's.
#include "kinds/shm/format.h"
#include "kinds/shm/settings.h"

namespace ipcsim::core::kinds::sysvshm {

namespace {
const KindOption options[] = {{"cells", shm::readCells}};
} // namespace

extern const KindFormat format = {
    .type = ResourceType::SysvShm,
    .name = "sysv-shm",
    .options = options,
    .settings = &settingsImage<shm::Settings>,
    .statements = shm::cellStatements,
    .cells = shm::cellsOf,
};

} // namespace ipcsim::core::kinds::sysvshm
