// A System V message queue in a worker: the id the engine made (in the resource's slot),
// msgsnd of a message with its type, msgrcv choosing by type. The records carry the type where
// a POSIX queue's carry the priority.
#include "ipc/syscall.h"
#include "kinds/mqueue/settings.h"
#include "worker/scripterror.h"
#include "worker/workerobject.h"

#include <cerrno>
#include <cstring>
#include <sys/msg.h>
#include <vector>

namespace ipcsim::core::kinds::sysvmqueue {

namespace {

class Queue final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_id = wire::syncSlot(at.session, at.index)->sysvId;
        m_size = size_t(mqueue::settingsOf(at.spec).messageSize);
        m_buf.resize(sizeof(long) + m_size);
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        if (s.op == Op::Send)
            send(s, step);
        else if (s.op == Op::Receive)
            receive(s, step);
        else
            unsupported(s);
    }

private:
    // struct msgbuf: the type, then the bytes.
    long *type() { return reinterpret_cast<long *>(m_buf.data()); }
    char *text() { return m_buf.data() + sizeof(long); }

    void send(const Stmt &s, Step &step)
    {
        Evaluator::NumberBuffer nb;
        const std::string_view data = step.text(s, s.e1, nb);
        const int64_t t = s.e2 >= 0 ? step.integer(s, s.e2) : 1;
        if (t < 1)
            throwScriptError(s.line, "message type " + std::to_string(t) + " is not positive");
        if (data.size() > m_size)
            throwScriptError(s.line, "a message of " + std::to_string(data.size()) +
                                         " bytes is over the queue's message_size, " +
                                         std::to_string(m_size));
        *type() = long(t);
        memcpy(text(), data.data(), data.size());
        step.enter(s, s.res, 0, {.aux = t, .text = data});
        step.begin(int64_t(data.size()), t);
        const int r = sys::retry([&] { return msgsnd(m_id, m_buf.data(), data.size(), 0); });
        if (r < 0) step.failCall(errno);
        step.endText(int64_t(data.size()), t, 0, data);
    }
    void receive(const Stmt &s, Step &step)
    {
        const int64_t want = s.typed ? step.integer(s, s.e1) : 0;
        step.enter(s, s.res, 0, {.aux = want});
        step.begin(0, want);
        const ssize_t r =
            sys::retry([&] { return msgrcv(m_id, m_buf.data(), m_size, long(want), 0); });
        if (r < 0) step.failCall(errno);
        const std::string_view got(text(), size_t(r));
        step.storeReg(s.reg, got);
        step.endText(r, *type(), 0, got);
    }

    int m_id = -1;
    size_t m_size = 0;
    std::vector<char> m_buf;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Queue>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::sysvmqueue
