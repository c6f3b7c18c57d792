#include "engine/kernelobjects.h"

#include "engine/sessiondirectory.h"
#include "ipc/syscall.h"

#include <arpa/inet.h>
#include <cstring>
#include <fcntl.h>
#include <linux/futex.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

QString fail(const std::string &what)
{
    return QString::fromStdString(sys::describe(what, errno));
}

bool bindSocket(const ResourceSpec &rs, const SessionLayout &layout, int *fdOut, uint16_t *port,
                QString *error)
{
    const int type = (rs.kind == SocketKind::Stream ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC;
    int fd = -1;
    if (rs.domain == SocketDomain::Unix) {
        fd = socket(AF_UNIX, type, 0);
        if (fd < 0) {
            *error = fail("socket(AF_UNIX) for " + rs.name);
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
        const bool bound = bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
        if (!bound)
            *error = fail("bind(" + path + ")");
        else
            chmod(path.c_str(), 0600);
        if (dirFd >= 0) close(dirFd);
        if (!bound) {
            close(fd);
            return false;
        }
    } else {
        fd = socket(AF_INET, type, 0);
        if (fd < 0) {
            *error = fail("socket(AF_INET) for " + rs.name);
            return false;
        }
        sockaddr_in addr = {};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        socklen_t len = sizeof addr;
        if (bind(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
            getsockname(fd, reinterpret_cast<sockaddr *>(&addr), &len) != 0) {
            *error = fail("bind(127.0.0.1) for " + rs.name);
            close(fd);
            return false;
        }
        *port = ntohs(addr.sin_port);
    }
    if (rs.kind == SocketKind::Stream && listen(fd, 64) != 0) {
        *error = fail("listen for " + rs.name);
        close(fd);
        return false;
    }
    *fdOut = fd;
    return true;
}

} // namespace

KernelObjects::KernelObjects(const Scenario &scenario, const SessionLayout &layout)
    : m_scenario(scenario), m_layout(layout), m_res(scenario.resources.size())
{
}

KernelObjects::~KernelObjects()
{
    closeAll();
}

bool KernelObjects::create(SessionDirectory &dir, QString *error)
{
    const uint32_t nres = uint32_t(m_scenario.resources.size());
    m_sessionFd = int(memfd_create("ipcsim-session", MFD_CLOEXEC));
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
        const ResourceSpec &rs = m_scenario.resources[r];
        Res &res = m_res[r];
        wire::SyncSlot *slot = new (wire::syncSlot(m_session, int(r))) wire::SyncSlot();
        switch (rs.type) {
        case ResourceType::Pipe: {
            if (pipe2(res.pipe, O_CLOEXEC) != 0) {
                *error = fail("pipe2 for " + rs.name);
                return false;
            }
            if (rs.capacity > 0 && fcntl(res.pipe[1], F_SETPIPE_SZ, int(rs.capacity)) < 0) {
                *error = fail("F_SETPIPE_SZ " + std::to_string(rs.capacity) + " for " + rs.name);
                return false;
            }
            res.capacity = fcntl(res.pipe[1], F_GETPIPE_SZ);
            break;
        }
        case ResourceType::Fifo: {
            const std::string path = m_layout.fifoPath(rs.name);
            if (mkfifo(path.c_str(), 0600) != 0) {
                *error = fail("mkfifo(" + path + ")");
                return false;
            }
            res.capacity = rs.capacity > 0 ? rs.capacity : 65536;
            break;
        }
        case ResourceType::MQueue: {
            const std::string name = m_layout.objectName(rs.name);
            if (!dir.record("mq", name, error)) return false;
            mq_attr attr = {};
            attr.mq_maxmsg = rs.maxMessages;
            attr.mq_msgsize = rs.messageSize;
            res.mq = mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0600,
                             &attr);
            if (res.mq == mqd_t(-1)) {
                const bool budget = errno == EMFILE;
                *error =
                    fail("mq_open(" + name + ", max_messages " + std::to_string(rs.maxMessages) +
                         ", message_size " + std::to_string(rs.messageSize) + ")");
                if (budget)
                    *error += QStringLiteral(
                        " (the user's message queues would pass RLIMIT_MSGQUEUE: queues "
                        "of other programs of this user count too; ulimit -q raises it)");
                return false;
            }
            res.capacity = rs.maxMessages;
            break;
        }
        case ResourceType::Shm: {
            const std::string name = m_layout.objectName(rs.name);
            if (!dir.record("shm", name, error)) return false;
            const int fd = shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
            res.cellBytes = size_t(rs.cells) * sizeof(qint64);
            if (fd < 0 || ftruncate(fd, off_t(res.cellBytes)) != 0) {
                *error = fail("shm_open(" + name + ")");
                if (fd >= 0) close(fd);
                return false;
            }
            void *m = mmap(nullptr, res.cellBytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
            close(fd);
            if (m == MAP_FAILED) {
                *error = fail("mmap(" + name + ")");
                return false;
            }
            res.cells = static_cast<qint64 *>(m);
            break;
        }
        case ResourceType::Semaphore:
            if (sem_init(&slot->sem, 1, unsigned(rs.initial)) != 0) {
                *error = fail("sem_init for " + rs.name);
                return false;
            }
            break;
        case ResourceType::Mutex: {
            pthread_mutexattr_t a;
            pthread_mutexattr_init(&a);
            pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
            pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
            pthread_mutexattr_setrobust(&a,
                                        rs.robust ? PTHREAD_MUTEX_ROBUST : PTHREAD_MUTEX_STALLED);
            const int rc = pthread_mutex_init(&slot->mutex, &a);
            pthread_mutexattr_destroy(&a);
            if (rc != 0) {
                errno = rc;
                *error = fail("pthread_mutex_init for " + rs.name);
                return false;
            }
            break;
        }
        case ResourceType::Spinlock:
            slot->spin.store(0);
            slot->ticket.next = slot->ticket.serving = 0; // before any worker exists
            slot->ticket.abandoned = 0;
            break;
        case ResourceType::Barrier: {
            pthread_barrierattr_t a;
            pthread_barrierattr_init(&a);
            pthread_barrierattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
            const int rc = pthread_barrier_init(&slot->barrier, &a, unsigned(rs.parties));
            pthread_barrierattr_destroy(&a);
            if (rc != 0) {
                errno = rc;
                *error = fail("pthread_barrier_init for " + rs.name);
                return false;
            }
            break;
        }
        case ResourceType::Socket: {
            uint16_t port = 0;
            if (!bindSocket(rs, m_layout, &res.socket, &port, error)) return false;
            m_session->tcpPort[r] = port;
            break;
        }
        case ResourceType::File: {
            const std::string path = m_layout.filePath(rs.name);
            const int fd = open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
            if (fd < 0) {
                *error = fail("creating " + path);
                return false;
            }
            size_t done = 0;
            while (done < rs.content.size()) {
                const ssize_t n = sys::retry(
                    [&] { return write(fd, rs.content.data() + done, rs.content.size() - done); });
                if (n <= 0) {
                    *error = fail("writing " + path);
                    close(fd);
                    return false;
                }
                done += size_t(n);
            }
            close(fd);
            break;
        }
        }
    }
    return true;
}

int KernelObjects::endFd(int res, EndRole role) const
{
    const Res &r = m_res[size_t(res)];
    switch (role) {
    case EndRole::PipeRead:
        return r.pipe[0];
    case EndRole::PipeWrite:
        return r.pipe[1];
    case EndRole::Listener:
    case EndRole::DatagramBound:
        return r.socket;
    }
    return -1;
}

void KernelObjects::closeInheritedEnds()
{
    for (Res &r : m_res) {
        for (int &fd : r.pipe) {
            if (fd >= 0) close(fd);
            fd = -1;
        }
        if (r.socket >= 0) close(r.socket);
        r.socket = -1;
    }
}

qint64 KernelObjects::pipeCapacity(int res) const
{
    return m_res[size_t(res)].capacity;
}

QVector<qint64> KernelObjects::cells(int res) const
{
    const Res &r = m_res[size_t(res)];
    QVector<qint64> out;
    if (!r.cells) return out;
    const size_t n = r.cellBytes / sizeof(qint64);
    out.resize(qsizetype(n));
    for (size_t i = 0; i < n; ++i)
        out[qsizetype(i)] = __atomic_load_n(&r.cells[i], __ATOMIC_RELAXED);
    return out;
}

const qint64 *KernelObjects::cellData(int res) const
{
    return m_res[size_t(res)].cells;
}

int KernelObjects::semaphoreValue(int res) const
{
    int v = 0;
    sem_getvalue(&slot(res)->sem, &v);
    return v;
}

int KernelObjects::mutexOwnerTid(int res, bool *ownerDied) const
{
    // glibc keeps the futex word first in pthread_mutex_t; for a robust mutex the kernel reads
    // it too (owner TID, FUTEX_WAITERS, FUTEX_OWNER_DIED), so it is the kernel's view of owner.
    const auto *word = reinterpret_cast<const int *>(&slot(res)->mutex);
    const int v = __atomic_load_n(word, __ATOMIC_ACQUIRE);
    if (ownerDied) *ownerDied = (v & FUTEX_OWNER_DIED) != 0;
    return v & FUTEX_TID_MASK;
}

long KernelObjects::queueDepth(int res) const
{
    mq_attr a = {};
    if (m_res[size_t(res)].mq == mqd_t(-1) || mq_getattr(m_res[size_t(res)].mq, &a) != 0) return -1;
    return a.mq_curmsgs;
}

QList<QByteArray> KernelObjects::takeMessages(int res, QList<qint64> *priorities)
{
    QList<QByteArray> out;
    const mqd_t mq = m_res[size_t(res)].mq;
    mq_attr a = {};
    if (mq == mqd_t(-1) || mq_getattr(mq, &a) != 0) return out;
    QByteArray buf(qsizetype(a.mq_msgsize), Qt::Uninitialized);
    for (;;) { // the descriptor is non-blocking: EAGAIN once it is empty
        unsigned prio = 0;
        const ssize_t n =
            sys::retry([&] { return mq_receive(mq, buf.data(), size_t(buf.size()), &prio); });
        if (n < 0) break;
        out.append(buf.left(qsizetype(n)));
        priorities->append(qint64(prio));
    }
    return out;
}

qint64 KernelObjects::fileSize(int res) const
{
    struct stat st = {};
    const std::string path = m_layout.filePath(m_scenario.resources[size_t(res)].name);
    return stat(path.c_str(), &st) == 0 ? qint64(st.st_size) : -1;
}

int KernelObjects::fileLockHolder(int res) const
{
    const std::string path = m_layout.filePath(m_scenario.resources[size_t(res)].name);
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct flock fl = {};
    fl.l_type = F_WRLCK;
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0;
    int holder = 0;
    if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK) holder = fl.l_pid;
    close(fd); // closing our own descriptor drops only our locks, and we hold none
    return holder;
}

void KernelObjects::closeAll()
{
    closeInheritedEnds();
    for (Res &r : m_res) {
        if (r.mq != mqd_t(-1)) mq_close(r.mq);
        r.mq = mqd_t(-1);
        if (r.cells) munmap(r.cells, r.cellBytes);
        r.cells = nullptr;
    }
    if (m_session) munmap(m_session, m_sessionBytes);
    m_session = nullptr;
    if (m_sessionFd >= 0) close(m_sessionFd);
    m_sessionFd = -1;
}

} // namespace ipcsim::core
