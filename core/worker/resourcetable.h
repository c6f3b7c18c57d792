// Opens, at worker startup, every resource the script names, each as its kind does it
// (worker/workerobject.h): maps shared memory, opens queues and files, takes the inherited
// pipe and socket descriptors of the fd plan, and prepares socket addresses. A fifo is opened
// later, inside the first step that uses it, because that open really sleeps until the
// partner arrives.
#pragma once

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"
#include "worker/workerobject.h"

#include <memory>
#include <string>
#include <vector>

namespace ipcsim::core {

class ResourceTable
{
public:
    // On failure returns false and sets *error (naming the resource and the errno).
    bool open(const Scenario &scenario, int spec, const SessionLayout &layout,
              wire::SessionHeader *session, std::string *error);
    // Once the engine has started every process: the tcp ports are in the session header.
    void started(const wire::SessionHeader *session);

    // Resource res, which the script names.
    WorkerObject &operator[](int res) { return *m_objects[size_t(res)]; }

private:
    std::vector<std::unique_ptr<WorkerObject>> m_objects; // null where the script names none
};

} // namespace ipcsim::core
