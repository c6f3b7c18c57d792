// A socket in a worker. A stream socket: the listener it inherited when its script accepts,
// and one connection at a time (accept or connect). A datagram socket: the bound socket it
// inherited when its script receives, and an unbound one that sends to the bound address.
#include "kinds/pipe/worker.h"
#include "ipc/syscall.h"
#include "kinds/socket/settings.h"
#include "worker/scripterror.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace ipcsim::core::kinds::socket {

namespace {

constexpr size_t kReceiveMax = 65536; // a stream or datagram receive is one recv of up to 64 KiB

class Socket final : public pipe::ByteStream
{
public:
    ~Socket() override
    {
        if (m_dirFd >= 0) ::close(m_dirFd);
    }
    bool open(const Place &at, std::string *error) override
    {
        m_spec = &at.spec;
        m_index = at.index;
        m_stream = settingsOf(at.spec).kind == SocketKind::Stream;
        m_listen = at.end(EndRole::Listener);
        m_read = at.end(EndRole::DatagramBound);
        if (settingsOf(at.spec).domain == SocketDomain::Unix) {
            // A session folder too deep for a socket address is reached through a
            // descriptor of it, kept for the run (connect may come late).
            if (!at.layout.socketPathFits(at.spec.name) &&
                (m_dirFd = at.layout.openDirectory()) < 0)
                return fail(at.spec, "open(" + at.layout.dir() + ")", error);
            const std::string path = at.layout.socketAddress(at.spec.name, m_dirFd);
            sockaddr_un sun{};
            sun.sun_family = AF_UNIX;
            if (path.size() >= sizeof(sun.sun_path)) {
                *error = "socket path too long for sockaddr_un: " + path;
                return false;
            }
            std::memcpy(sun.sun_path, path.c_str(), path.size() + 1);
            std::memcpy(&m_addr, &sun, sizeof sun);
            m_addrLen = socklen_t(offsetof(sockaddr_un, sun_path) + path.size() + 1);
        }
        if (!m_stream && at.use.writes) {
            const int family = settingsOf(at.spec).domain == SocketDomain::Unix ? AF_UNIX : AF_INET;
            m_write = ::socket(family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (m_write < 0) return fail(at.spec, "socket(SOCK_DGRAM)", error);
        }
        return true;
    }
    // The tcp port is in the session header once the engine has bound.
    void started(const wire::SessionHeader *session) override
    {
        if (settingsOf(*m_spec).domain != SocketDomain::Tcp) return;
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_port = htons(session->tcpPort[m_index]);
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        std::memcpy(&m_addr, &sin, sizeof sin);
        m_addrLen = sizeof sin;
    }
    void run(const Stmt &s, Step &step) override
    {
        switch (s.op) {
        case Op::Send:
            write(s, step); // a message on a socket is its bytes
            return;
        case Op::Receive:
            prepare(s);
            receive(s, step, kReceiveMax);
            return;
        case Op::Accept:
            accept(s, step);
            return;
        case Op::Connect:
            connect(s, step);
            return;
        default:
            ByteStream::run(s, step);
        }
    }

private:
    void prepare(const Stmt &s) override
    {
        if (m_stream && m_conn < 0)
            throwScriptError(s.line, "no connection on " + m_spec->name +
                                         " (accept or connect first, or it was closed)");
    }
    // A first try that does not wait (MSG_DONTWAIT) asks the kernel whether there is room.
    // When it falls short, the rest waits for the other side to read (a stream's buffer, a
    // datagram receiver's queue), and the End says so: the read that made room is told first.
    uint16_t writeAll(Step &step, const char *data, size_t n) override
    {
        const auto sendSome = [&](size_t done, int flags) {
            return sys::retry([&] {
                return m_stream ? send(m_conn, data + done, n - done, flags)
                                : sendto(m_write, data, n, flags, // one datagram, whole
                                         reinterpret_cast<const sockaddr *>(&m_addr), m_addrLen);
            });
        };
        ssize_t r = sendSome(0, MSG_DONTWAIT);
        if (r < 0 && errno != EAGAIN) step.failCall(errno);
        if (r >= 0 && size_t(r) == n) return 0;
        size_t done = r > 0 ? size_t(r) : 0;
        do {
            r = sendSome(done, 0);
            if (r < 0) step.failCall(errno);
            done += size_t(r);
        } while (done < n);
        return wire::WaitedForRoom;
    }
    ssize_t readSome(Step &, char *buf, size_t n) override
    {
        return sys::retry([&] { return recv(m_stream ? m_conn : m_read, buf, n, 0); });
    }
    void takeEnds(int fds[2]) override
    {
        if (m_stream) {
            fds[0] = m_conn;
            m_conn = -1;
        } else {
            fds[0] = m_write;
            fds[1] = m_read;
            m_write = m_read = -1;
        }
    }
    void accept(const Stmt &s, Step &step)
    {
        step.enter(s, s.res);
        step.begin();
        const int fd =
            sys::retry([&] { return accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC); });
        if (fd < 0) step.failCall(errno);
        // A previous connection stays open, as in code that overwrites its descriptor variable.
        m_conn = fd;
        // Who is at the other end: the peer's pid on a unix socket (SO_PEERCRED), the peer's
        // port on tcp (the same port its connect reports as its own), so the two ends can be
        // paired.
        int64_t peer = 0;
        if (settingsOf(*m_spec).domain == SocketDomain::Unix) {
            ucred cred{};
            socklen_t len = sizeof cred;
            if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) peer = cred.pid;
        } else {
            sockaddr_in sin{};
            socklen_t len = sizeof sin;
            if (getpeername(fd, reinterpret_cast<sockaddr *>(&sin), &len) == 0)
                peer = ntohs(sin.sin_port);
        }
        step.end(fd, peer);
    }
    void connect(const Stmt &s, Step &step)
    {
        step.enter(s, s.res);
        step.begin();
        const int family = settingsOf(*m_spec).domain == SocketDomain::Unix ? AF_UNIX : AF_INET;
        const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) step.failCall(errno);
        if (::connect(fd, reinterpret_cast<const sockaddr *>(&m_addr), m_addrLen) < 0) {
            if (errno != EINTR) step.failCall(errno);
            // An interrupted connect goes on in the background: wait for it, then ask how it
            // ended.
            pollfd p{fd, POLLOUT, 0};
            if (sys::retry([&] { return poll(&p, 1, -1); }) < 0) step.failCall(errno);
            int err = 0;
            socklen_t len = sizeof err;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err) step.failCall(err);
        }
        m_conn = fd;
        int64_t port = 0; // tcp: our own port, which the accepting side reports as its peer's
        if (settingsOf(*m_spec).domain == SocketDomain::Tcp) {
            sockaddr_in sin{};
            socklen_t len = sizeof sin;
            if (getsockname(fd, reinterpret_cast<sockaddr *>(&sin), &len) == 0)
                port = ntohs(sin.sin_port);
        }
        step.end(fd, port);
    }

    const ResourceSpec *m_spec = nullptr;
    int m_index = -1;
    bool m_stream = true;
    int m_listen = -1;
    int m_conn = -1;
    int m_dirFd = -1; // the session folder, when the socket's path is too long to bind by
    sockaddr_storage m_addr{};
    socklen_t m_addrLen = 0;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Socket>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::socket
