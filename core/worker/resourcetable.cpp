#include "worker/resourcetable.h"

#include "ipc/syscall.h"

#include <arpa/inet.h>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/un.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

bool unixAddress(const std::string &path, ResourceHandle &h, std::string *error)
{
    sockaddr_un sun{};
    sun.sun_family = AF_UNIX;
    if (path.size() >= sizeof(sun.sun_path)) {
        *error = "socket path too long for sockaddr_un: " + path;
        return false;
    }
    std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
    std::memcpy(&h.addr, &sun, sizeof sun);
    h.addrLen = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + 1);
    return true;
}

} // namespace

bool ResourceTable::open(const Scenario &scenario, int spec, const SessionLayout &layout,
                         wire::SessionHeader *session, std::string *error)
{
    const ProcessSpec &proc = scenario.processes[size_t(spec)];
    m_handles.assign(scenario.resources.size(), ResourceHandle{});
    for (const PlannedEnd &end : fdPlan(scenario, spec)) {
        ResourceHandle &h = m_handles[size_t(end.res)];
        switch (end.role) {
        case EndRole::PipeRead:
        case EndRole::DatagramBound:
            h.readFd = end.fd;
            break;
        case EndRole::PipeWrite:
            h.writeFd = end.fd;
            break;
        case EndRole::Listener:
            h.listenFd = end.fd;
            break;
        }
    }

    for (size_t r = 0; r < scenario.resources.size(); ++r) {
        const ResourceSpec &rs = scenario.resources[r];
        ResourceHandle &h = m_handles[r];
        h.spec = &rs;
        const ResourceUse use = resourceUse(proc.script, int(r));
        h.used = use.any;
        if (!use.any) continue;
        auto fail = [&](const std::string &what) {
            *error = sys::describe(
                std::string(resourceTypeName(rs.type)) + " " + rs.name + ": " + what, errno);
            return false;
        };
        switch (rs.type) {
        case ResourceType::Pipe:
            break; // inherited
        case ResourceType::Fifo:
            h.path = layout.fifoPath(rs.name);
            break;
        case ResourceType::File: {
            const std::string path = layout.filePath(rs.name);
            const int fd =
                sys::retry([&] { return ::open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC); });
            if (fd < 0) return fail("open(" + path + ")");
            h.readFd = h.writeFd = fd;
            break;
        }
        case ResourceType::Shm: {
            const std::string name = layout.objectName(rs.name);
            const int fd = shm_open(name.c_str(), O_RDWR | O_CLOEXEC, 0);
            if (fd < 0) return fail("shm_open(" + name + ")");
            const size_t bytes = size_t(rs.cells) * sizeof(int64_t);
            void *p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            const int err = errno;
            ::close(fd);
            if (p == MAP_FAILED) {
                errno = err;
                return fail("mmap(" + name + ")");
            }
            h.cells = static_cast<volatile int64_t *>(p);
            h.cellCount = rs.cells;
            break;
        }
        case ResourceType::MQueue: {
            const std::string name = layout.objectName(rs.name);
            h.mq = mq_open(name.c_str(), O_RDWR | O_CLOEXEC);
            if (h.mq == mqd_t(-1)) return fail("mq_open(" + name + ")");
            mq_attr attr{};
            if (mq_getattr(h.mq, &attr) < 0) return fail("mq_getattr(" + name + ")");
            h.msgSize = size_t(attr.mq_msgsize);
            break;
        }
        case ResourceType::Semaphore:
        case ResourceType::Mutex:
        case ResourceType::Spinlock:
        case ResourceType::Barrier:
            h.slot = wire::syncSlot(session, int(r));
            break;
        case ResourceType::Socket:
            if (rs.domain == SocketDomain::Unix) {
                // A session folder too deep for a socket address is reached through a
                // descriptor of it, kept for the run (connect may come late).
                if (!layout.socketPathFits(rs.name) && m_dirFd < 0 &&
                    (m_dirFd = layout.openDirectory()) < 0)
                    return fail("open(" + layout.dir() + ")");
                if (!unixAddress(layout.socketAddress(rs.name, m_dirFd), h, error)) return false;
            }
            if (rs.kind == SocketKind::Datagram && use.writes) {
                const int family = rs.domain == SocketDomain::Unix ? AF_UNIX : AF_INET;
                h.sendFd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
                if (h.sendFd < 0) return fail("socket(SOCK_DGRAM)");
            }
            break;
        }
    }
    return true;
}

void ResourceTable::resolveAddresses(const wire::SessionHeader *session)
{
    for (size_t r = 0; r < m_handles.size(); ++r) {
        ResourceHandle &h = m_handles[r];
        if (!h.used || h.spec->type != ResourceType::Socket || h.spec->domain != SocketDomain::Tcp)
            continue;
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(session->tcpPort[r]);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        std::memcpy(&h.addr, &sin, sizeof sin);
        h.addrLen = sizeof sin;
    }
}

} // namespace ipcsim::core
