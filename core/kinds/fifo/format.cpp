// A fifo: a pipe with a name in the file system, opened by each process.
#include "kinds/pipe/format.h"
#include "kinds/pipe/settings.h"

namespace ipcsim::core::kinds::fifo {

namespace {
const KindOption options[] = {{"capacity", pipe::readCapacity}};
} // namespace

extern const KindFormat format = {
    .type = ResourceType::Fifo,
    .name = "fifo",
    .options = options,
    .settings = &settingsImage<pipe::Settings>,
    .statements = pipe::streamStatements,
    .standardStream = true,
};

} // namespace ipcsim::core::kinds::fifo
