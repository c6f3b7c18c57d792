// A System V semaphore set in a worker: the id the engine made (in the resource's slot), and
// one semop for each wait, trywait or post, on all the members it names at once. The Begin and
// End records carry those members ("0,1") in their text.
#include "ipc/syscall.h"
#include "kinds/sysvsemaphore/settings.h"
#include "worker/scripterror.h"
#include "worker/workerobject.h"

#include <cerrno>
#include <string>
#include <sys/sem.h>
#include <vector>

namespace ipcsim::core::kinds::sysvsemaphore {

namespace {

class Set final : public WorkerObject
{
public:
    bool open(const Place &at, std::string *) override
    {
        m_id = wire::syncSlot(at.session, at.index)->sysvId;
        m_count = settingsOf(at.spec).semaphores;
        m_undo = settingsOf(at.spec).undo;
        return true;
    }
    void run(const Stmt &s, Step &step) override
    {
        if (s.op != Op::Wait && s.op != Op::TryWait && s.op != Op::Post) unsupported(s);
        m_ops.clear();
        m_members.clear();
        const short delta = s.op == Op::Post ? 1 : -1;
        const short flags = short((m_undo ? SEM_UNDO : 0) | (s.op == Op::TryWait ? IPC_NOWAIT : 0));
        if (s.args.empty()) m_ops.push_back(sembuf{0, delta, flags}); // a set of one
        for (int32_t e : s.args) {
            const int64_t k = step.integer(s, e);
            if (k < 0 || k >= m_count)
                throwScriptError(s.line, "member " + std::to_string(k) + " is outside the set (" +
                                             std::to_string(m_count) + " semaphores: 0.." +
                                             std::to_string(m_count - 1) + ")");
            m_ops.push_back(sembuf{(unsigned short)k, delta, flags});
        }
        for (const sembuf &op : m_ops)
            m_members += (m_members.empty() ? "" : ",") + std::to_string(op.sem_num);
        step.enter(s, s.res, 0, {.text = m_members});
        step.beginText(0, 0, m_members);
        int64_t got = 1;
        if (sys::retry([&] { return semop(m_id, m_ops.data(), m_ops.size()); }) < 0) {
            if (s.op != Op::TryWait || errno != EAGAIN) step.failCall(errno);
            got = 0;
        }
        if (s.op == Op::TryWait) {
            step.storeReg(s.reg, got);
            step.endText(got, 0, 0, m_members);
        } else {
            step.endText(0, 0, 0, m_members); // semop's result
        }
    }

private:
    int m_id = -1;
    int64_t m_count = 0;
    bool m_undo = false;
    std::vector<sembuf> m_ops;
    std::string m_members; // "0,1"
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Set>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::sysvsemaphore
