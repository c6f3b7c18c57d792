// Opens, at worker startup, every resource the script names: maps shared memory, opens queues
// and files, takes the inherited pipe and socket descriptors of the fd plan, and prepares
// socket addresses. FIFOs are opened later, inside the first step that uses them, because
// that open really blocks until the partner arrives.
#pragma once

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"
#include "worker/resourcehandle.h"

#include <string>
#include <vector>

namespace ipcsim::core {

class ResourceTable
{
public:
    // On failure returns false and sets *error (naming the resource and the errno).
    bool open(const Scenario &scenario, int spec, const SessionLayout &layout,
              wire::SessionHeader *session, std::string *error);
    // Fills in tcp addresses; the ports are in the session header once the engine has bound.
    void resolveAddresses(const wire::SessionHeader *session);

    ResourceHandle &operator[](int res) { return m_handles[size_t(res)]; }
    size_t size() const { return m_handles.size(); }

private:
    std::vector<ResourceHandle> m_handles;
    int m_dirFd = -1; // the session folder, when a socket's path is too long to bind by
};

} // namespace ipcsim::core
