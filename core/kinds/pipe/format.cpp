// An anonymous pipe: a byte stream with a bounded buffer, inherited by the processes.
#include "kinds/pipe/format.h"
#include "kinds/pipe/settings.h"

#include "ipc/sessionlayout.h"

namespace ipcsim::core::kinds::pipe {

bool readCapacity(OptionValue &value, ResourceSpec &into)
{
    const int64_t most = value.limits().pipeMaxSize;
    return value.integerUpTo(1, most,
                             "the kernel limit pipe-max-size = " + std::to_string(most) +
                                 " (/proc/sys/fs/pipe-max-size)",
                             &into.own.get<Settings>().capacity);
}

const Op streamStatements[4] = {Op::Write, Op::WriteBytes, Op::Read, Op::Close};

namespace {

const KindOption options[] = {{"capacity", readCapacity}};

// Its read end to a process that reads it, its write end to one that writes it.
void inherited(const ResourceSpec &, const ResourceUse &use, std::vector<EndRole> *roles)
{
    if (use.reads) roles->push_back(EndRole::PipeRead);
    if (use.writes) roles->push_back(EndRole::PipeWrite);
}

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Pipe,
    .name = "pipe",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = streamStatements,
    .standardStream = true,
    .inherited = inherited,
};

} // namespace ipcsim::core::kinds::pipe
