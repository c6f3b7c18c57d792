#include "engine/kernelobjects.h"

#include "engine/sessiondirectory.h"
#include "ipc/syscall.h"

#include <sys/mman.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

QString fail(const std::string &what)
{
    return QString::fromStdString(sys::describe(what, errno));
}

} // namespace

QString KernelObject::failure(const std::string &what)
{
    return fail(what);
}

bool KernelObject::recordKey(const Place &at, const char *word, int32_t key, QString *error)
{
    return at.dir.record(word, std::to_string(key), error);
}

KernelObjects::KernelObjects(const Scenario &scenario, const SessionLayout &layout)
    : m_scenario(scenario), m_layout(layout)
{
    for (const ResourceSpec &rs : scenario.resources)
        m_objects.push_back(kindEngine(rs.type).make());
}

KernelObjects::~KernelObjects()
{
    closeAll();
}

bool KernelObjects::create(SessionDirectory &dir, QString *error)
{
    const uint32_t nres = uint32_t(m_scenario.resources.size());
    m_sessionFd = int(memfd_create(wire::kSessionMemfdName, MFD_CLOEXEC));
    m_sessionBytes = wire::sessionBytes(nres);
    if (m_sessionFd < 0 || ftruncate(m_sessionFd, off_t(m_sessionBytes)) != 0) {
        *error = fail("memfd for the session segment");
        return false;
    }
    void *p = mmap(nullptr, m_sessionBytes, PROT_READ | PROT_WRITE, MAP_SHARED, m_sessionFd, 0);
    if (p == MAP_FAILED) {
        *error = fail("mmap of the session segment");
        return false;
    }
    m_session = new (p) wire::SessionHeader();
    m_session->magic = wire::kSessionMagic;
    m_session->instances = uint32_t(m_scenario.instances.size());
    m_session->resources = nres;

    for (uint32_t r = 0; r < nres; ++r) {
        wire::SyncSlot *slot = new (wire::syncSlot(m_session, int(r))) wire::SyncSlot();
        const KernelObject::Place place{
            m_scenario.resources[r], int(r), m_scenario, m_layout, dir, m_session, slot};
        if (!m_objects[r]->create(place, error)) return false;
    }
    return true;
}

void KernelObjects::closeInheritedEnds()
{
    for (const std::unique_ptr<KernelObject> &o : m_objects)
        o->closeInheritedEnds();
}

void KernelObjects::closeAll()
{
    for (const std::unique_ptr<KernelObject> &o : m_objects)
        o->closeAll();
    if (m_session) munmap(m_session, m_sessionBytes);
    m_session = nullptr;
    if (m_sessionFd >= 0) close(m_sessionFd);
    m_sessionFd = -1;
}

} // namespace ipcsim::core
