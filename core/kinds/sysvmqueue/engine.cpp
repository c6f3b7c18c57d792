// A System V message queue's kernel object: msgget with a key recorded in the manifest first
// (an id outlives every process; the purge removes it with IPC_RMID however the run ends). Its
// id goes in the resource's slot for the workers, and its bytes (msg_qbytes) are the scenario's
// (IPC_SET). The kernel's depth is msg_qnum (IPC_STAT).
#include "kinds/pipe/engine.h"
#include "engine/kernelobject.h"
#include "ipc/syscall.h"
#include "kinds/mqueue/settings.h"

#include <cerrno>
#include <cstring>
#include <sys/msg.h>

namespace ipcsim::core::kinds::sysvmqueue {

namespace {

class Queue final : public KernelObject
{
public:
    bool create(const Place &at, QString *error) override
    {
        m_size = mqueue::settingsOf(at.spec).messageSize;
        m_id = makeSysv(
            at, "sysv-msg", "msgget",
            [](int32_t key) { return msgget(key, IPC_CREAT | IPC_EXCL | 0600); }, error);
        if (m_id < 0) return false;
        at.slot->sysvId = m_id;
        // Its bytes, if not the kernel's msgmnb that msgget gave it (the loader refused more).
        msqid_ds ds = {};
        const int64_t bytes = mqueue::settingsOf(at.spec).queueBytes;
        bool set = msgctl(m_id, IPC_STAT, &ds) == 0;
        if (set && int64_t(ds.msg_qbytes) != bytes) {
            ds.msg_qbytes = msglen_t(bytes);
            set = msgctl(m_id, IPC_SET, &ds) == 0;
        }
        if (!set) {
            *error = QStringLiteral("msgctl(%1, msg_qbytes = %2): %3")
                         .arg(QString::fromStdString(at.spec.name))
                         .arg(bytes)
                         .arg(QString::fromLocal8Bit(strerror(errno)));
            return false;
        }
        return true;
    }
    std::optional<qint64> sample() const override { return depth(); }
    // A receive by type may sleep with other types queued: only an empty queue is certain.
    bool letsGoOn(Op op) const override { return op == Op::Send && depth() == 0; }
    // Takes every message left, oldest first (IPC_NOWAIT: ENOMSG once it is empty).
    void readFinal(KernelFinal *f) override
    {
        if (m_id < 0) return;
        QByteArray buf(qsizetype(sizeof(long) + size_t(m_size)), Qt::Uninitialized);
        for (;;) {
            const ssize_t n =
                sys::retry([&] { return msgrcv(m_id, buf.data(), size_t(m_size), 0, IPC_NOWAIT); });
            if (n < 0) break;
            f->messages.append(buf.mid(sizeof(long), qsizetype(n)));
            f->priorities.append(qint64(*reinterpret_cast<const long *>(buf.constData())));
        }
        f->read = true;
        f->value = f->messages.size();
    }

private:
    long depth() const // msg_qnum; -1 on failure
    {
        msqid_ds ds = {};
        if (m_id < 0 || msgctl(m_id, IPC_STAT, &ds) != 0) return -1;
        return long(ds.msg_qnum);
    }

    int m_id = -1;
    int64_t m_size = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Queue>();
}

} // namespace

extern const KindEngine engine = {.make = make, .couldWake = pipe::streamCouldWake};

} // namespace ipcsim::core::kinds::sysvmqueue
