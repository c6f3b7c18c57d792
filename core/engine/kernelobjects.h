// The kernel objects of one run, created before any process starts: pipes, fifos, message
// queues, shared memory, the session segment with every semaphore, mutex, spinlock and barrier,
// bound (and listening) sockets, files. Each named one is recorded in the session manifest first.
// The engine keeps read-only views (mappings, queue descriptors) to read kernel truth back.
#pragma once

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"

#include <QString>
#include <QVector>
#include <mqueue.h>
#include <string>
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
    int endFd(int res, EndRole role) const;
    // After every process is launched: the engine lets go of its pipe ends and sockets, so that
    // EOF and SIGPIPE happen as in real code.
    void closeInheritedEnds();

    wire::SessionHeader *session() const { return m_session; }
    wire::SyncSlot *slot(int res) const { return wire::syncSlot(m_session, res); }

    // Kernel truth, read back.
    qint64 pipeCapacity(int res) const; // F_GETPIPE_SZ at creation
    QVector<qint64> cells(int res) const;
    const qint64 *cellData(int res) const;
    int semaphoreValue(int res) const;
    // Thread id in the mutex's futex word (0 if free); owner-died bit reported separately.
    int mutexOwnerTid(int res, bool *ownerDied = nullptr) const;
    long queueDepth(int res) const; // mq_getattr: mq_curmsgs, -1 on failure
    // Takes every message left in the queue, in the order the kernel delivers them (at the end
    // of a run only: the queue is emptied).
    QList<QByteArray> takeMessages(int res, QList<qint64> *priorities);
    qint64 fileSize(int res) const; // -1 on failure
    // F_GETLK on the whole file: pid of a holder that conflicts with a write lock, or 0.
    int fileLockHolder(int res) const;

    void closeAll();

private:
    struct Res
    {
        int pipe[2] = {-1, -1};
        int socket = -1;
        mqd_t mq = mqd_t(-1);
        qint64 *cells = nullptr;
        size_t cellBytes = 0;
        qint64 capacity = 0;
    };
    const Scenario &m_scenario;
    SessionLayout m_layout;
    std::vector<Res> m_res;
    int m_sessionFd = -1;
    wire::SessionHeader *m_session = nullptr;
    size_t m_sessionBytes = 0;
};

} // namespace ipcsim::core
