// A file mapped MAP_SHARED by every process that uses it: numbered 64-bit cells as shared
// memory has, but what they hold is the file's own bytes.
#include "kinds/shm/format.h"
#include "kinds/shm/settings.h"

namespace ipcsim::core::kinds::mappedfile {

namespace {
const KindOption options[] = {{"cells", shm::readCells}};
} // namespace

extern const KindFormat format = {
    .type = ResourceType::MappedFile,
    .name = "mapped-file",
    .options = options,
    .settings = &settingsImage<shm::Settings>,
    .statements = shm::cellStatements,
    .cells = shm::cellsOf,
};

} // namespace ipcsim::core::kinds::mappedfile
