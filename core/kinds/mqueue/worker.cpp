// A message queue in a worker: its own descriptor (mq_open), whole messages with priorities.
#include "ipc/syscall.h"
#include "worker/scripterror.h"
#include "worker/workerobject.h"

#include <cerrno>
#include <climits>
#include <fcntl.h>
#include <mqueue.h>

namespace ipcsim::core::kinds::mqueue {

namespace {

class Queue final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *error) override
    {
        const std::string name = at.layout.objectName(at.spec.name);
        m_mq = mq_open(name.c_str(), O_RDWR | O_CLOEXEC);
        if (m_mq == mqd_t(-1)) return fail(at.spec, "mq_open(" + name + ")", error);
        mq_attr attr{};
        if (mq_getattr(m_mq, &attr) < 0) return fail(at.spec, "mq_getattr(" + name + ")", error);
        m_msgSize = size_t(attr.mq_msgsize);
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
    void send(const Stmt &s, Step &step)
    {
        Evaluator::NumberBuffer nb;
        const std::string_view data = step.text(s, s.e1, nb);
        const int64_t prio = s.e2 >= 0 ? step.integer(s, s.e2) : 0;
        if (prio < 0 || prio > UINT_MAX)
            throwScriptError(s.line, "priority " + std::to_string(prio) + " is out of range");
        step.enter(s, s.res);
        step.begin(int64_t(data.size()), prio);
        const int r =
            sys::retry([&] { return mq_send(m_mq, data.data(), data.size(), unsigned(prio)); });
        if (r < 0) step.failCall(errno);
        step.endText(int64_t(data.size()), prio, 0, data);
    }
    void receive(const Stmt &s, Step &step)
    {
        char *buf = step.buffer(m_msgSize);
        step.enter(s, s.res);
        step.begin();
        unsigned prio = 0;
        const ssize_t r = sys::retry([&] { return mq_receive(m_mq, buf, m_msgSize, &prio); });
        if (r < 0) step.failCall(errno);
        const std::string_view got(buf, size_t(r));
        step.storeReg(s.reg, got);
        step.endText(r, prio, 0, got);
    }

    mqd_t m_mq = mqd_t(-1);
    size_t m_msgSize = 0;
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Queue>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::mqueue
