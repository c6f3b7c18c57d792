// The kernel objects of one run, created before any process starts: the session segment
// (where every semaphore, mutex, spinlock and barrier lives) and one object per resource, made
// by its kind (engine/kernelobject.h, core/kinds/<module>/engine.cpp). Each named one is
// recorded in the session manifest first. The engine keeps read-only views (mappings, queue
// descriptors) to read kernel truth back.
#pragma once

#include "engine/kernelobject.h"
#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"

#include <QString>
#include <memory>
#include <vector>

namespace ipcsim::core {

class SessionDirectory;

class KernelObjects
{
public:
    KernelObjects(const Scenario &scenario, const SessionLayout &layout);
    ~KernelObjects();
    KernelObjects(const KernelObjects &) = delete;
    KernelObjects &operator=(const KernelObjects &) = delete;

    bool create(SessionDirectory &dir, QString *error);

    // Descriptors a worker inherits.
    int sessionFd() const { return m_sessionFd; }
    int endFd(int res, EndRole role) const { return m_objects[size_t(res)]->endFd(role); }
    // After every process is launched: the engine lets go of its pipe ends and sockets, so that
    // EOF and SIGPIPE happen as in real code.
    void closeInheritedEnds();

    wire::SessionHeader *session() const { return m_session; }

    // Resource res's object, to read kernel truth back.
    KernelObject &at(int res) const { return *m_objects[size_t(res)]; }

    void closeAll();

private:
    const Scenario &m_scenario;
    SessionLayout m_layout;
    std::vector<std::unique_ptr<KernelObject>> m_objects;
    int m_sessionFd = -1;
    wire::SessionHeader *m_session = nullptr;
    size_t m_sessionBytes = 0;
};

} // namespace ipcsim::core
