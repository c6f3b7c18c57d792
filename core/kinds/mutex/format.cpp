// A process-shared pthread mutex in shared memory; robust by default, so that a holder's
// death is told to the next one to lock it (EOWNERDEAD).
#include "kinds/mutex/format.h"
#include "kinds/mutex/settings.h"

namespace ipcsim::core::kinds::mutex {

const Op lockStatements[3] = {Op::Lock, Op::TryLock, Op::Unlock};

std::string noSharedLock(const ResourceSpec &r, const Stmt &s)
{
    if (!s.shared) return {};
    return "\"shared\" asks a rwlock for a read lock, and \"" + r.name + "\" is a " +
           resourceTypeName(r.type) + ", which has one owner at a time";
}

namespace {

bool readRobust(OptionValue &value, ResourceSpec &into)
{
    return value.boolean(&into.own.get<Settings>().robust);
}

const KindOption options[] = {{"robust", readRobust}};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Mutex,
    .name = "mutex",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = lockStatements,
    .statementFault = noSharedLock,
};

} // namespace ipcsim::core::kinds::mutex
