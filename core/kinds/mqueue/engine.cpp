// A message queue's kernel object: mq_open, recorded in the manifest first. The engine keeps a
// non-blocking descriptor to read the kernel's depth (mq_getattr) and, at the end, what is
// left in it.
#include "kinds/pipe/engine.h"
#include "engine/kernelobject.h"
#include "engine/sessiondirectory.h"
#include "ipc/syscall.h"
#include "kinds/mqueue/settings.h"

#include <fcntl.h>
#include <mqueue.h>

namespace ipcsim::core::kinds::mqueue {

namespace {

class Queue final : public KernelObject
{
public:
    ~Queue() override { closeAll(); }
    bool create(const Place &at, QString *error) override
    {
        const ResourceSpec &rs = at.spec;
        const Settings &q = settingsOf(rs);
        m_max = q.maxMessages;
        const std::string name = at.layout.objectName(rs.name);
        if (!at.dir.record("mq", name, error)) return false;
        mq_attr attr = {};
        attr.mq_maxmsg = q.maxMessages;
        attr.mq_msgsize = q.messageSize;
        m_mq =
            mq_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0600, &attr);
        if (m_mq == mqd_t(-1)) {
            const bool budget = errno == EMFILE;
            *error = failure("mq_open(" + name + ", max_messages " + std::to_string(q.maxMessages) +
                             ", message_size " + std::to_string(q.messageSize) + ")");
            if (budget)
                *error += QStringLiteral(
                    " (the user's message queues would pass RLIMIT_MSGQUEUE: queues "
                    "of other programs of this user count too; ulimit -q raises it)");
            return false;
        }
        return true;
    }
    void closeAll() override
    {
        if (m_mq != mqd_t(-1)) mq_close(m_mq);
        m_mq = mqd_t(-1);
    }
    std::optional<qint64> sample() const override { return depth(); }
    bool letsGoOn(Op op) const override
    {
        if (op == Op::Receive) return depth() > 0;
        if (op == Op::Send) return depth() >= 0 && depth() < m_max;
        return false;
    }
    // Takes every message left, in the order the kernel delivers them (the queue is emptied).
    void readFinal(KernelFinal *f) override
    {
        mq_attr a = {};
        if (m_mq == mqd_t(-1) || mq_getattr(m_mq, &a) != 0) return;
        QByteArray buf(qsizetype(a.mq_msgsize), Qt::Uninitialized);
        for (;;) { // the descriptor is non-blocking: EAGAIN once it is empty
            unsigned prio = 0;
            const ssize_t n =
                sys::retry([&] { return mq_receive(m_mq, buf.data(), size_t(buf.size()), &prio); });
            if (n < 0) break;
            f->messages.append(buf.left(qsizetype(n)));
            f->priorities.append(qint64(prio));
        }
        f->read = true;
        f->value = f->messages.size();
    }

private:
    long depth() const // mq_getattr's mq_curmsgs; -1 on failure
    {
        mq_attr a = {};
        if (m_mq == mqd_t(-1) || mq_getattr(m_mq, &a) != 0) return -1;
        return a.mq_curmsgs;
    }

    mqd_t m_mq = mqd_t(-1);
    int64_t m_max = 0;
};

std::unique_ptr<KernelObject> make()
{
    return std::make_unique<Queue>();
}

} // namespace

extern const KindEngine engine = {.make = make, .couldWake = pipe::streamCouldWake};

} // namespace ipcsim::core::kinds::mqueue
