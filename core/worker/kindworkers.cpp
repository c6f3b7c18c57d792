#include "worker/workerobject.h"

#include "ipc/syscall.h"
#include "worker/scripterror.h"

#include <array>
#include <cerrno>

namespace ipcsim::core {

// Each kind's part, defined in its module (core/kinds/<module>/worker.cpp).
#define IPCSIM_KIND_PART_TYPE KindWorker
#define IPCSIM_KIND_PART worker
#include "kinds/parts.inc"

const KindWorker &kindWorker(ResourceType type)
{
    return *kKindParts.at(size_t(type));
}

bool WorkerObject::fail(const ResourceSpec &spec, const std::string &what, std::string *error)
{
    *error = sys::describe(std::string(resourceTypeName(spec.type)) + " " + spec.name + ": " + what,
                           errno);
    return false;
}

void WorkerObject::unsupported(const Stmt &s)
{
    throwScriptError(s.line, std::string("statement ") + opName(s.op) + " is not supported");
}

} // namespace ipcsim::core
