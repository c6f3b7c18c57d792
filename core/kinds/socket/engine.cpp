// A socket's kernel object: bound (a unix socket in the session's folder, a tcp one on a free
// loopback port, told to the workers through the session segment) and, for a stream,
// listening, before any process starts. Workers inherit it as the listener or the bound end.
#include "kinds/pipe/engine.h"
#include "engine/kernelobject.h"
#include "kinds/socket/settings.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace ipcsim::core::kinds::socket {

namespace {

class Socket final : public KernelObject
{
public:
    ~Socket() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        uint16_t port = 0;
        if (!bind(at.spec, at.layout, &port, error)) return false;
        at.session->tcpPort[at.index] = port;
        return true;
    }
    int endFd(EndRole role) const override
    {
        return role == EndRole::Listener || role == EndRole::DatagramBound ? m_fd : -1;
    }
    void closeInheritedEnds() override
    {
        if (m_fd >= 0) close(m_fd);
        m_fd = -1;
    }

private:
    bool bind(const ResourceSpec &rs, const SessionLayout &layout, uint16_t *port, QString *error);

    int m_fd = -1;
};

bool Socket::bind(const ResourceSpec &rs, const SessionLayout &layout, uint16_t *port,
                  QString *error)
{
    const int type =
        (settingsOf(rs).kind == SocketKind::Stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC;
    int fd = -1;
    if (settingsOf(rs).domain == SocketDomain::Unix) {
        fd = ::socket(AF_UNIX, type, 0);
        if (fd < 0) {
            *error = failure("socket(AF_UNIX) for " + rs.name);
            return false;
        }
        sockaddr_un addr = {};
        addr.sun_family = AF_UNIX;
        // A session folder too deep for a socket address is reached through a descriptor.
        const int dirFd = layout.socketPathFits(rs.name) ? -1 : layout.openDirectory();
        const std::string path = layout.socketAddress(rs.name, dirFd);
        if (path.size() >= sizeof addr.sun_path) {
            close(fd);
            if (dirFd >= 0) close(dirFd);
            *error = QStringLiteral(
                         "socket path %1 is longer than the %2 bytes a unix socket address holds")
                         .arg(QString::fromStdString(path))
                         .arg(sizeof addr.sun_path - 1);
            return false;
        }
        std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
        const bool bound = ::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        if (!bound)
            *error = failure("bind(" + path + ")");
        else
            chmod(path.c_str(), 0600);
        if (dirFd >= 0) close(dirFd);
        if (!bound) {
            close(fd);
            return false;
        }
    } else {
        fd = ::socket(AF_INET, type, 0);
        if (fd < 0) {
            *error = failure("socket(AF_INET) for " + rs.name);
            return false;
        }
        sockaddr_in addr = {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        socklen_t len = sizeof addr;
        if (::bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
            *error = failure("bind(127.0.0.1) for " + rs.name);
            close(fd);
            return false;
        }
        *port = ntohs(addr.sin_port);
    }
    if (settingsOf(rs).kind == SocketKind::Stream && listen(fd, 64) != 0) {
        *error = failure("listen for " + rs.name);
        close(fd);
        return false;
    }
    m_fd = fd;
    return true;
}

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Socket>();
}

} // namespace

// As a pipe; and on a stream, the peer at the other end wakes a receiver by sending, and also
// by closing or exiting (EOF), whatever its script says.
bool couldWake(const Sleeper &sleeper, const Other &other)
{
    if (sleeper.op != Op::Accept && sleeper.op != Op::Connect && pipe::wantsData(sleeper.op) &&
        settingsOf(sleeper.spec).kind == SocketKind::Stream &&
        (other.use.accepts || other.use.connects))
        return true;
    return pipe::streamCouldWake(sleeper, other);
}

extern const KindEngine engine = {.make = make, .couldWake = couldWake};

} // namespace ipcsim::core::kinds::socket
