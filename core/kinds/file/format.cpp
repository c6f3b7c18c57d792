// A regular file in the session's folder: read and written through each process's own
// descriptor, and locked whole with fcntl (shared or exclusive).
#include "kinds/file/settings.h"
#include "scenario/kind.h"

namespace ipcsim::core::kinds::file {

namespace {

bool readContent(OptionValue &value, ResourceSpec &into)
{
    return value.text(&into.own.get<Settings>().content);
}

const KindOption options[] = {{"content", readContent}};
const Op statements[] = {Op::Write, Op::WriteBytes, Op::Read,
                         Op::Close, Op::LockFile,   Op::UnlockFile};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::File,
    .name = "file",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .standardStream = true,
};

} // namespace ipcsim::core::kinds::file
