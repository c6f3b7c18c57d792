#include "worker/interpreter.h"

#include "ipc/sessionlayout.h"
#include "ipc/syscall.h"

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <ctime>
#include <unistd.h>

namespace ipcsim::core {

Interpreter::Interpreter(const Scenario &scenario, int instance, Telemetry &telemetry,
                         ResourceTable &resources, wire::SessionHeader *session)
    : m_scenario(scenario),
      m_script(scenario.processes[size_t(scenario.instances[size_t(instance)].spec)].script),
      m_res(resources), m_session(session),
      m_eval(m_script, scenario.instances[size_t(instance)].replica),
      m_step(telemetry, m_eval, m_innermostLoop, instance)
{
    m_instancesOfSpec.resize(scenario.processes.size());
    // Instances are in replica order within a spec (the contract), so index k is replica k.
    for (size_t i = 0; i < scenario.instances.size(); ++i)
        m_instancesOfSpec[size_t(scenario.instances[i].spec)].push_back(int(i));
    m_line.reserve(256);
}

sigset_t Interpreter::awaitedSignals(const Script &script)
{
    sigset_t set;
    sigemptyset(&set);
    for (int sig : core::awaitedSignals(script))
        sigaddset(&set, sig);
    return set;
}

void Interpreter::run()
{
    try {
        execBlock(m_script.body);
    } catch (const ScriptError &e) {
        m_step.failScript(m_current, e.line, e.message);
    }
    _exit(0);
}

Interpreter::Flow Interpreter::execBlock(const std::vector<Stmt> &body)
{
    for (const Stmt &s : body) {
        m_current = &s;
        switch (s.op) {
        case Op::Set:
            m_eval.assign(s.reg, s.e1, s.line);
            break;
        case Op::Repeat: {
            const int64_t count = m_eval.integer(s.e1, s.line);
            const int outer = m_innermostLoop;
            m_innermostLoop = s.loop;
            for (int64_t i = 0; i < count; ++i) {
                m_eval.loop(s.loop) = i;
                if (execBlock(s.body) == Flow::Break) break;
            }
            m_innermostLoop = outer;
            break;
        }
        case Op::Forever:
            while (execBlock(s.body) != Flow::Break) {
            }
            break;
        case Op::While:
            while (m_eval.condition(s.cond, s.line)) {
                if (execBlock(s.body) == Flow::Break) break;
            }
            break;
        case Op::If:
            if (execBlock(m_eval.condition(s.cond, s.line) ? s.body : s.elseBody) == Flow::Break)
                return Flow::Break;
            break;
        case Op::Break:
            return Flow::Break;
        default:
            step(s);
            break;
        }
    }
    return Flow::Next;
}

// ---- the statements ----

void Interpreter::step(const Stmt &s)
{
    switch (s.op) {
    case Op::Signal:
        doSignal(s);
        return;
    case Op::Await:
        doAwait(s);
        return;
    case Op::Sleep:
        doSleep(s, false);
        return;
    case Op::Compute:
        doSleep(s, true);
        return;
    case Op::Print:
        doPrint(s);
        return;
    case Op::Exit: {
        const int64_t code = s.e1 >= 0 ? m_eval.integer(s.e1, s.line) : 0;
        // The kernel keeps only the low 8 bits: 300 would become 44 without a word.
        if (code < 0 || code > 255)
            throwScriptError(s.line, "exit code " + std::to_string(code) + " is outside 0..255");
        m_step.enter(s, -1);
        m_step.begin(code);
        _exit(int(code));
    }
    case Op::Crash:
        m_step.enter(s, -1);
        m_step.begin();
        abort();
    default:
        // A statement on an object: its kind runs it (worker/workerobject.h).
        if (s.res < 0)
            throwScriptError(s.line,
                             std::string("statement ") + opName(s.op) + " is not supported");
        m_res[s.res].run(s, m_step);
    }
}

void Interpreter::doSignal(const Stmt &s)
{
    const std::vector<int> &all = m_instancesOfSpec[size_t(s.target)];
    int first = 0, last = int(all.size()); // a range of all
    if (s.e1 >= 0) {
        const int64_t k = m_eval.integer(s.e1, s.line);
        if (k < 0 || k >= int64_t(all.size()))
            throwScriptError(s.line, m_scenario.processes[size_t(s.target)].name +
                                         " has no replica " + std::to_string(k) + " (it has " +
                                         std::to_string(all.size()) + ")");
        first = int(k);
        last = first + 1;
    }
    const bool queued = s.e2 >= 0;
    int64_t value = 0;
    if (queued) {
        value = m_eval.integer(s.e2, s.line);
        if (value < INT_MIN || value > INT_MAX)
            throwScriptError(s.line,
                             "signal value " + std::to_string(value) + " does not fit in an int");
    }
    m_step.enter(s, last - first == 1 ? all[size_t(first)] : -1, s.sig);
    m_step.begin(value);
    for (int k = first; k < last; ++k) {
        const int target = all[size_t(k)];
        const pid_t pid = m_session->pids[target].load(std::memory_order_acquire);
        m_step.setRes(target);
        // 0 and -1 would signal the whole process group or every process we may signal.
        if (pid <= 0) m_step.failCall(ESRCH);
        int r;
        if (queued) {
            sigval sv{};
            sv.sival_int = int(value);
            r = sys::retry([&] { return sigqueue(pid, s.sig, sv); });
        } else {
            r = sys::retry([&] { return kill(pid, s.sig); });
        }
        if (r < 0) m_step.failCall(errno);
        m_step.end(value, pid, k + 1 < last ? uint16_t(wire::Partial) : uint16_t(0));
    }
}

void Interpreter::doAwait(const Stmt &s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, s.sig);
    m_step.enter(s, -1, s.sig);
    m_step.begin();
    siginfo_t info{};
    if (sys::retry([&] { return sigwaitinfo(&set, &info); }) < 0) m_step.failCall(errno);
    // A signal from kill carries no value: the register gets 0, and the record says so.
    const bool queued = info.si_code == SI_QUEUE;
    const int64_t value = queued ? info.si_value.sival_int : 0;
    m_step.storeReg(s.reg, value);
    m_step.end(value, info.si_pid, queued ? uint16_t(wire::Queued) : uint16_t(0));
}

void Interpreter::doSleep(const Stmt &s, bool busy)
{
    const int64_t ms = m_eval.integer(s.e1, s.line);
    if (ms < 0 || ms > INT64_MAX / 1000000)
        throwScriptError(s.line, std::string(busy ? "compute " : "sleep ") + std::to_string(ms) +
                                     ": milliseconds out of range");
    m_step.enter(s, -1);
    m_step.begin(ms);
    if (busy) {
        // MS of the CPU's own time, as real work needs: on a CPU shared with other processes
        // the loop takes longer than MS on the clock (CLOCK_THREAD_CPUTIME_ID, from the kernel).
        auto cpuNs = [] {
            timespec ts;
            clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
            return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
        };
        const uint64_t deadline = cpuNs() + uint64_t(ms) * 1000000u;
        volatile uint64_t work = 0;
        while (cpuNs() < deadline) {
            for (int k = 0; k < 10000; ++k)
                work = work + 1;
        }
    } else {
        timespec left{time_t(ms / 1000), long(ms % 1000) * 1000000L};
        // Resumes with the time left: a stop/continue must not cut the sleep short.
        while (nanosleep(&left, &left) < 0) {
            if (errno != EINTR) m_step.failCall(errno);
        }
    }
    m_step.end(ms);
}

void Interpreter::doPrint(const Stmt &s)
{
    m_line.clear();
    for (size_t k = 0; k < s.args.size(); ++k) {
        if (k) m_line += ' ';
        m_eval.appendText(s.args[k], s.line, m_line);
    }
    m_step.enter(s, -1);
    m_step.begin();
    m_step.endText(0, 0, 0, m_line,
                   true); // printed lines are checked by --check: never only inline
}

} // namespace ipcsim::core
