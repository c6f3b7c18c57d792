#include "worker/interpreter.h"

#include "ipc/syscall.h"

#include <arpa/inet.h>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

constexpr size_t kReceiveMax = 65536; // a stream or datagram receive is one recv of up to 64 KiB

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    asm volatile("yield" ::: "memory");
#else
    asm volatile("" ::: "memory");
#endif
}

void collectAwaits(const std::vector<Stmt> &body, sigset_t *set)
{
    for (const Stmt &s : body) {
        if (s.op == Op::Await && s.sig > 0) sigaddset(set, s.sig);
        collectAwaits(s.body, set);
        collectAwaits(s.elseBody, set);
    }
}

int semValue(sem_t *sem)
{
    int v = 0;
    sem_getvalue(sem, &v); // reads the counter: no system call
    return v;
}

} // namespace

Interpreter::Interpreter(const Scenario &scenario, int instance, Telemetry &telemetry,
                         ResourceTable &resources, wire::SessionHeader *session)
    : m_scenario(scenario),
      m_script(scenario.processes[size_t(scenario.instances[size_t(instance)].spec)].script),
      m_instance(instance), m_tel(telemetry), m_res(resources), m_session(session),
      m_eval(m_script, scenario.instances[size_t(instance)].replica)
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
    collectAwaits(script.body, &set);
    return set;
}

void Interpreter::run()
{
    try {
        execBlock(m_script.body);
    } catch (const ScriptError &e) {
        failScript(e);
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

// ---- records ----

void Interpreter::enter(const Stmt &s, int res, int sig)
{
    m_rec = wire::StepRecord{};
    m_rec.seq = ++m_seq;
    m_rec.line = uint16_t(s.line);
    m_rec.op = uint8_t(s.op);
    m_rec.res = int16_t(res);
    m_rec.sig = uint8_t(sig);
    if (m_tel.gated()) {
        // $i goes with the gate only: a free run's hot path writes nothing it does not need.
        m_rec.value = m_innermostLoop >= 0 ? m_eval.loop(m_innermostLoop) : -1;
        m_tel.gate(m_rec);
    }
}

void Interpreter::begin(int64_t value, int64_t aux, uint16_t flags)
{
    m_rec.phase = uint8_t(wire::Phase::Begin);
    m_rec.value = value;
    m_rec.aux = aux;
    m_rec.flags = flags;
    m_rec.textLen = 0;
    m_tel.push(m_rec);
}

void Interpreter::end(int64_t value, int64_t aux, uint16_t flags)
{
    m_rec.phase = uint8_t(wire::Phase::End);
    m_rec.value = value;
    m_rec.aux = aux;
    m_rec.flags = flags;
    m_rec.textLen = 0;
    m_tel.push(m_rec);
}

void Interpreter::endText(int64_t value, int64_t aux, uint16_t flags, std::string_view text,
                          bool forceSocket)
{
    m_rec.phase = uint8_t(wire::Phase::End);
    m_rec.value = value;
    m_rec.aux = aux;
    m_rec.flags = flags;
    m_rec.textLen = 0;
    m_tel.attachText(m_rec, text.data(), text.size(), forceSocket);
    m_tel.push(m_rec);
}

void Interpreter::failCall(int err)
{
    m_rec.phase = uint8_t(wire::Phase::Error);
    m_rec.err = err;
    m_rec.flags = 0;
    m_rec.textLen = 0;
    m_tel.push(m_rec);
    _exit(1);
}

void Interpreter::failScript(const ScriptError &e)
{
    m_rec = wire::StepRecord{};
    m_rec.seq = ++m_seq;
    m_rec.line = uint16_t(e.line);
    m_rec.op = m_current ? uint8_t(m_current->op) : 0;
    m_rec.res = int16_t(m_current && m_current->op != Op::Signal ? m_current->res : -1);
    m_rec.phase = uint8_t(wire::Phase::Error);
    m_rec.flags = wire::RuntimeError;
    m_tel.attachText(m_rec, e.message.data(), e.message.size());
    m_tel.push(m_rec);
    _exit(1);
}

// ---- helpers ----

char *Interpreter::buffer(size_t n)
{
    if (m_buf.size() < n) m_buf.resize(n);
    return m_buf.data();
}

const char *Interpreter::pattern(size_t n)
{
    if (m_pattern.size() < n) {
        const size_t old = m_pattern.size();
        m_pattern.resize(n);
        for (size_t k = old; k < n; ++k)
            m_pattern[k] = char('a' + k % 26);
    }
    return m_pattern.data();
}

void Interpreter::storeReg(int reg, std::string_view text)
{
    if (reg >= 0) m_eval.reg(reg).setText(text);
}

void Interpreter::storeReg(int reg, int64_t value)
{
    if (reg >= 0) m_eval.reg(reg).setInt(value);
}

int64_t Interpreter::cellIndex(const Stmt &s, const ResourceHandle &h) const
{
    const int64_t i = m_eval.integer(s.e1, s.line);
    if (i < 0 || i >= h.cellCount)
        throwScriptError(s.line, "index " + std::to_string(i) + " is outside " + h.spec->name +
                                     " (" + std::to_string(h.cellCount) + " cells, 0.." +
                                     std::to_string(h.cellCount - 1) + ")");
    return i;
}

int Interpreter::streamConnection(const Stmt &s, ResourceHandle &h) const
{
    if (h.connFd < 0)
        throwScriptError(s.line, "no connection on " + h.spec->name +
                                     " (accept or connect first, or it was closed)");
    return h.connFd;
}

int Interpreter::fifoFd(ResourceHandle &h, bool forWrite)
{
    int &fd = forWrite ? h.writeFd : h.readFd;
    if (fd < 0) {
        // Opening a FIFO really blocks until the other side opens it: that is part of the step.
        fd = sys::retry(
            [&] { return ::open(h.path.c_str(), (forWrite ? O_WRONLY : O_RDONLY) | O_CLOEXEC); });
        if (fd < 0) failCall(errno);
        // A FIFO's buffer exists only while it is open, so its capacity is set by whoever opens it.
        if (h.spec->capacity > 0 && fcntl(fd, F_SETPIPE_SZ, int(h.spec->capacity)) < 0)
            failCall(errno);
    }
    return fd;
}

void Interpreter::writeAll(ResourceHandle &h, const char *data, size_t n)
{
    const ResourceSpec &rs = *h.spec;
    if (rs.type == ResourceType::Socket && rs.kind == SocketKind::Datagram) {
        const ssize_t r = sys::retry([&] {
            return sendto(h.sendFd, data, n, 0, reinterpret_cast<const sockaddr *>(&h.addr),
                          h.addrLen);
        });
        if (r < 0) failCall(errno);
        return;
    }
    int fd = -1;
    const bool stream = rs.type == ResourceType::Socket;
    switch (rs.type) {
    case ResourceType::Fifo:
        fd = fifoFd(h, true);
        break;
    case ResourceType::Socket:
        fd = h.connFd;
        break;
    default:
        fd = h.writeFd;
        break;
    }
    size_t done = 0;
    do {
        const ssize_t r = sys::retry([&] {
            return stream ? send(fd, data + done, n - done, 0) : write(fd, data + done, n - done);
        });
        if (r < 0) failCall(errno);
        done += size_t(r);
    } while (done < n);
}

// ---- the statements ----

void Interpreter::step(const Stmt &s)
{
    switch (s.op) {
    case Op::Write:
    case Op::WriteBytes:
    case Op::Send: {
        ResourceHandle &h = m_res[s.res];
        const bool stream =
            h.spec->type == ResourceType::Socket && h.spec->kind == SocketKind::Stream;
        if (s.op == Op::Send && h.spec->type == ResourceType::MQueue) {
            doSend(s, h);
            return;
        }
        if (stream) streamConnection(s, h);
        if (s.op == Op::WriteBytes) {
            const int64_t n = m_eval.integer(s.e1, s.line);
            if (n < 0) throwScriptError(s.line, "cannot write " + std::to_string(n) + " bytes");
            doWrite(s, h, pattern(size_t(n)), size_t(n), false);
        } else {
            Evaluator::NumberBuffer nb;
            const std::string_view data = m_eval.text(s.e1, s.line, nb);
            doWrite(s, h, data.data(), data.size(), true);
        }
        return;
    }
    case Op::Read:
        doRead(s, m_res[s.res]);
        return;
    case Op::Close:
        doClose(s, m_res[s.res]);
        return;
    case Op::Receive:
        doReceive(s, m_res[s.res]);
        return;
    case Op::Accept:
        doAccept(s, m_res[s.res]);
        return;
    case Op::Connect:
        doConnect(s, m_res[s.res]);
        return;
    case Op::Load:
    case Op::Store:
    case Op::Add:
        doCell(s, m_res[s.res]);
        return;
    case Op::Wait:
    case Op::TryWait:
    case Op::Post:
        doSemaphore(s, m_res[s.res]);
        return;
    case Op::Lock:
    case Op::TryLock:
    case Op::Unlock:
        if (m_res[s.res].spec->type == ResourceType::Spinlock)
            doSpinlock(s, m_res[s.res]);
        else
            doMutex(s, m_res[s.res]);
        return;
    case Op::Arrive:
        doArrive(s, m_res[s.res]);
        return;
    case Op::LockFile:
    case Op::UnlockFile:
        doFileLock(s, m_res[s.res]);
        return;
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
        enter(s, -1);
        begin(code);
        _exit(int(code));
    }
    case Op::Crash:
        enter(s, -1);
        begin();
        abort();
    default:
        throwScriptError(s.line, std::string("statement ") + opName(s.op) + " is not supported");
    }
}

void Interpreter::doWrite(const Stmt &s, ResourceHandle &h, const char *data, size_t n,
                          bool traceText)
{
    enter(s, s.res);
    begin(int64_t(n));
    writeAll(h, data, n);
    if (traceText)
        endText(int64_t(n), 0, 0, std::string_view(data, n));
    else
        end(int64_t(n));
}

void Interpreter::doRead(const Stmt &s, ResourceHandle &h)
{
    const int64_t want = m_eval.integer(s.e1, s.line);
    if (want <= 0) throwScriptError(s.line, "cannot read " + std::to_string(want) + " bytes");
    const ResourceSpec &rs = *h.spec;
    const bool stream = rs.type == ResourceType::Socket && rs.kind == SocketKind::Stream;
    if (stream) streamConnection(s, h);
    const size_t n = size_t(want);
    char *buf = buffer(n);
    enter(s, s.res);
    begin(want);
    ssize_t r = -1;
    switch (rs.type) {
    case ResourceType::Fifo: {
        const int fd = fifoFd(h, false);
        r = sys::retry([&] { return read(fd, buf, n); });
        break;
    }
    case ResourceType::File:
        // O_APPEND moves the shared offset to the end on every write; reads keep their own.
        r = sys::retry([&] { return pread(h.readFd, buf, n, h.readOffset); });
        if (r > 0) h.readOffset += r;
        break;
    case ResourceType::Socket:
        r = sys::retry([&] { return recv(stream ? h.connFd : h.readFd, buf, n, 0); });
        break;
    default:
        r = sys::retry([&] { return read(h.readFd, buf, n); });
        break;
    }
    if (r < 0) failCall(errno);
    const std::string_view got(buf, size_t(r));
    storeReg(s.reg, got);
    endText(r, 0, r == 0 ? uint16_t(wire::Eof) : uint16_t(0), got);
}

void Interpreter::doClose(const Stmt &s, ResourceHandle &h)
{
    enter(s, s.res);
    begin();
    int fds[2] = {-1, -1};
    const ResourceSpec &rs = *h.spec;
    if (rs.type == ResourceType::Socket && rs.kind == SocketKind::Stream) {
        fds[0] = h.connFd;
        h.connFd = -1;
    } else if (rs.type == ResourceType::Socket) {
        fds[0] = h.sendFd;
        fds[1] = h.readFd;
        h.sendFd = h.readFd = -1;
    } else if (rs.type == ResourceType::File) {
        fds[0] = h.readFd; // one descriptor serves both
        h.readFd = h.writeFd = -1;
    } else {
        fds[0] = h.readFd;
        fds[1] = h.writeFd;
        h.readFd = h.writeFd = -1;
    }
    if (fds[0] < 0 && fds[1] < 0)
        failCall(EBADF); // nothing of it is open here: closing again is the bug it is in C
    for (int fd : fds) {
        // No retry: after EINTR the descriptor is already gone on Linux.
        if (fd >= 0 && ::close(fd) < 0 && errno != EINTR) failCall(errno);
    }
    end();
}

void Interpreter::doSend(const Stmt &s, ResourceHandle &h)
{
    Evaluator::NumberBuffer nb;
    const std::string_view data = m_eval.text(s.e1, s.line, nb);
    const int64_t prio = s.e2 >= 0 ? m_eval.integer(s.e2, s.line) : 0;
    if (prio < 0 || prio > UINT_MAX)
        throwScriptError(s.line, "priority " + std::to_string(prio) + " is out of range");
    enter(s, s.res);
    begin(int64_t(data.size()), prio);
    const int r =
        sys::retry([&] { return mq_send(h.mq, data.data(), data.size(), unsigned(prio)); });
    if (r < 0) failCall(errno);
    endText(int64_t(data.size()), prio, 0, data);
}

void Interpreter::doReceive(const Stmt &s, ResourceHandle &h)
{
    const ResourceSpec &rs = *h.spec;
    if (rs.type == ResourceType::MQueue) {
        char *buf = buffer(h.msgSize);
        enter(s, s.res);
        begin();
        unsigned prio = 0;
        const ssize_t r = sys::retry([&] { return mq_receive(h.mq, buf, h.msgSize, &prio); });
        if (r < 0) failCall(errno);
        const std::string_view got(buf, size_t(r));
        storeReg(s.reg, got);
        endText(r, prio, 0, got);
        return;
    }
    const bool stream = rs.kind == SocketKind::Stream;
    if (stream) streamConnection(s, h);
    char *buf = buffer(kReceiveMax);
    enter(s, s.res);
    begin(int64_t(kReceiveMax));
    const ssize_t r =
        sys::retry([&] { return recv(stream ? h.connFd : h.readFd, buf, kReceiveMax, 0); });
    if (r < 0) failCall(errno);
    const std::string_view got(buf, size_t(r));
    storeReg(s.reg, got);
    endText(r, 0, r == 0 ? uint16_t(wire::Eof) : uint16_t(0), got);
}

void Interpreter::doAccept(const Stmt &s, ResourceHandle &h)
{
    enter(s, s.res);
    begin();
    const int fd = sys::retry([&] { return accept4(h.listenFd, nullptr, nullptr, SOCK_CLOEXEC); });
    if (fd < 0) failCall(errno);
    // A previous connection stays open, as in code that overwrites its descriptor variable.
    h.connFd = fd;
    // Who is at the other end: the peer's pid on a unix socket (SO_PEERCRED), the peer's port
    // on tcp (the same port its connect reports as its own), so the two ends can be paired.
    int64_t peer = 0;
    if (h.spec->domain == SocketDomain::Unix) {
        ucred cred{};
        socklen_t len = sizeof cred;
        if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == 0) peer = cred.pid;
    } else {
        sockaddr_in sin{};
        socklen_t len = sizeof sin;
        if (getpeername(fd, reinterpret_cast<sockaddr *>(&sin), &len) == 0)
            peer = ntohs(sin.sin_port);
    }
    end(fd, peer);
}

void Interpreter::doConnect(const Stmt &s, ResourceHandle &h)
{
    enter(s, s.res);
    begin();
    const int family = h.spec->domain == SocketDomain::Unix ? AF_UNIX : AF_INET;
    const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) failCall(errno);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&h.addr), h.addrLen) < 0) {
        if (errno != EINTR) failCall(errno);
        // An interrupted connect goes on in the background: wait for it, then ask how it ended.
        pollfd p{fd, POLLOUT, 0};
        if (sys::retry([&] { return poll(&p, 1, -1); }) < 0) failCall(errno);
        int err = 0;
        socklen_t len = sizeof err;
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err) failCall(err);
    }
    h.connFd = fd;
    int64_t port = 0; // tcp: our own port, which the accepting side reports as its peer's
    if (h.spec->domain == SocketDomain::Tcp) {
        sockaddr_in sin{};
        socklen_t len = sizeof sin;
        if (getsockname(fd, reinterpret_cast<sockaddr *>(&sin), &len) == 0)
            port = ntohs(sin.sin_port);
    }
    end(fd, port);
}

void Interpreter::doCell(const Stmt &s, ResourceHandle &h)
{
    const int64_t i = cellIndex(s, h);
    volatile int64_t *cell = h.cells + i;
    switch (s.op) {
    case Op::Load: {
        enter(s, s.res);
        begin(0, i);
        const int64_t v = *cell; // a plain read, as in real code without synchronisation
        storeReg(s.reg, v);
        end(v, i);
        return;
    }
    case Op::Store: {
        const int64_t v = m_eval.integer(s.e2, s.line);
        enter(s, s.res);
        begin(v, i);
        *cell = v;
        end(v, i);
        return;
    }
    default: {
        const int64_t delta = m_eval.integer(s.e2, s.line);
        enter(s, s.res);
        begin(delta, i);
        auto *p = const_cast<int64_t *>(cell);
        const uint64_t old = uint64_t(__atomic_fetch_add(p, delta, __ATOMIC_SEQ_CST));
        end(int64_t(old + uint64_t(delta)), i); // wraps like the hardware does
        return;
    }
    }
}

void Interpreter::doSemaphore(const Stmt &s, ResourceHandle &h)
{
    sem_t *sem = &h.slot->sem;
    enter(s, s.res);
    const int before = semValue(sem);
    begin(before);
    switch (s.op) {
    case Op::Wait:
        if (sys::retry([&] { return sem_wait(sem); }) < 0) failCall(errno);
        end(semValue(sem));
        return;
    case Op::Post:
        if (sem_post(sem) < 0) failCall(errno);
        // The value this post made, not a later reading: a woken waiter may take the token
        // at once, and the result must not depend on who got the CPU first.
        end(int64_t(before) + 1);
        return;
    default: {
        int64_t got = 1;
        if (sys::retry([&] { return sem_trywait(sem); }) < 0) {
            if (errno != EAGAIN) failCall(errno);
            got = 0;
        }
        storeReg(s.reg, got);
        end(got, semValue(sem));
        return;
    }
    }
}

void Interpreter::doMutex(const Stmt &s, ResourceHandle &h)
{
    wire::SyncSlot *slot = h.slot;
    pthread_mutex_t *m = &slot->mutex;
    const int32_t me = m_instance + 1;
    enter(s, s.res);
    begin(0, slot->holder.load(std::memory_order_relaxed) - 1);
    if (s.op == Op::Unlock) {
        int32_t mine = me;
        const bool wasMine = slot->holder.compare_exchange_strong(mine, 0);
        // Cleared before the unlock: the next owner writes its own number right after.
        const int r = pthread_mutex_unlock(m);
        if (r != 0) {
            if (wasMine) slot->holder.store(me);
            failCall(r);
        }
        end();
        return;
    }
    uint16_t flags = 0;
    int r = s.op == Op::Lock ? pthread_mutex_lock(m) : pthread_mutex_trylock(m);
    if (r == EOWNERDEAD) {
        flags |= wire::OwnerDied;
        r = pthread_mutex_consistent(m);
        if (r != 0) failCall(r);
    }
    if (s.op == Op::TryLock && r == EBUSY) {
        storeReg(s.reg, int64_t(0));
        end(0);
        return;
    }
    if (r != 0) failCall(r);
    slot->holder.store(me);
    if (s.op == Op::TryLock) storeReg(s.reg, int64_t(1));
    end(s.op == Op::TryLock ? 1 : 0, 0, flags);
}

// A ticket spinlock, as the Linux kernel's own spinlocks are fair (FIFO): each process that
// must wait takes a ticket and spins until the lock serves it. The order of waiting is then
// the order of arrival, so a step schedule gives the same owner after each unlock, run after
// run. The tickets live in the slot's spare bytes; `spin` names the holder for everyone to see.
void Interpreter::doSpinlock(const Stmt &s, ResourceHandle &h)
{
    wire::SyncSlot *slot = h.slot;
    std::atomic<int32_t> &spin = slot->spin;
    std::atomic_ref<uint32_t> next(slot->ticket.next);
    std::atomic_ref<uint32_t> serving(slot->ticket.serving);
    const int32_t me = m_instance + 1;
    enter(s, s.res);
    if (s.op == Op::Unlock) {
        begin(0, spin.load(std::memory_order_relaxed) - 1);
        int32_t mine = me;
        if (!spin.compare_exchange_strong(mine, 0, std::memory_order_relaxed))
            failCall(EPERM); // like an error-checking mutex: only the holder may unlock
        serving.fetch_add(1, std::memory_order_release);
        wire::spinSkipAbandoned(slot);
        end();
        return;
    }
    if (s.op == Op::TryLock) {
        // Only a free lock with nobody queued can be taken without waiting.
        uint32_t now = serving.load(std::memory_order_relaxed);
        const bool got = next.compare_exchange_strong(now, now + 1, std::memory_order_acquire);
        if (got) {
            spin.store(me, std::memory_order_relaxed);
            begin();
            storeReg(s.reg, int64_t(1));
            end(1);
            return;
        }
        const int64_t holder = spin.load(std::memory_order_relaxed) - 1;
        begin(0, holder);
        storeReg(s.reg, int64_t(0));
        end(0, holder);
        return;
    }
    const uint32_t ticket = next.fetch_add(1, std::memory_order_relaxed);
    if (serving.load(std::memory_order_acquire) == ticket) {
        spin.store(me, std::memory_order_relaxed);
        begin();
        storeReg(s.reg, int64_t(1));
        end(0);
        return;
    }
    // The holder as it is now (the one ahead in the queue when the lock is passing hands), and
    // the ticket, for the engine to mark abandoned if this process dies in the queue.
    int32_t holder = spin.load(std::memory_order_relaxed);
    begin(int64_t(ticket), holder - 1, wire::Spinning);
    // Spin on a plain load, as a real spinlock does: the burnt CPU is what the student is
    // meant to see.
    while (serving.load(std::memory_order_acquire) != ticket)
        cpuRelax();
    spin.store(me, std::memory_order_relaxed);
    end();
}

void Interpreter::doArrive(const Stmt &s, ResourceHandle &h)
{
    wire::SyncSlot *slot = h.slot;
    enter(s, s.res);
    const int32_t waiting = slot->arrived.fetch_add(1) + 1;
    begin(waiting);
    const int r = pthread_barrier_wait(&slot->barrier);
    slot->arrived.fetch_sub(1);
    if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD) failCall(r);
    end(r == PTHREAD_BARRIER_SERIAL_THREAD ? 1 : 0);
}

void Interpreter::doFileLock(const Stmt &s, ResourceHandle &h)
{
    const bool lock = s.op == Op::LockFile;
    const uint16_t flags = lock && s.shared ? uint16_t(wire::SharedLock) : uint16_t(0);
    enter(s, s.res);
    begin(0, 0, flags);
    struct flock fl
    {
    };
    fl.l_type = short(lock ? (s.shared ? F_RDLCK : F_WRLCK) : F_UNLCK);
    fl.l_whence = SEEK_SET;
    fl.l_start = 0;
    fl.l_len = 0; // the whole file, however long it grows
    if (sys::retry([&] { return fcntl(h.readFd, lock ? F_SETLKW : F_SETLK, &fl); }) < 0)
        failCall(errno);
    end(0, 0, flags);
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
    enter(s, last - first == 1 ? all[size_t(first)] : -1, s.sig);
    begin(value);
    for (int k = first; k < last; ++k) {
        const int target = all[size_t(k)];
        const pid_t pid = m_session->pids[target].load(std::memory_order_acquire);
        m_rec.res = int16_t(target);
        // 0 and -1 would signal the whole process group or every process we may signal.
        if (pid <= 0) failCall(ESRCH);
        int r;
        if (queued) {
            sigval sv{};
            sv.sival_int = int(value);
            r = sys::retry([&] { return sigqueue(pid, s.sig, sv); });
        } else {
            r = sys::retry([&] { return kill(pid, s.sig); });
        }
        if (r < 0) failCall(errno);
        end(value, pid, k + 1 < last ? uint16_t(wire::Partial) : uint16_t(0));
    }
}

void Interpreter::doAwait(const Stmt &s)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, s.sig);
    enter(s, -1, s.sig);
    begin();
    siginfo_t info{};
    if (sys::retry([&] { return sigwaitinfo(&set, &info); }) < 0) failCall(errno);
    const int64_t value = info.si_code == SI_QUEUE ? info.si_value.sival_int : 0;
    storeReg(s.reg, value);
    end(value, info.si_pid);
}

void Interpreter::doSleep(const Stmt &s, bool busy)
{
    const int64_t ms = m_eval.integer(s.e1, s.line);
    if (ms < 0 || ms > INT64_MAX / 1000000)
        throwScriptError(s.line, std::string(busy ? "compute " : "sleep ") + std::to_string(ms) +
                                     ": milliseconds out of range");
    enter(s, -1);
    begin(ms);
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
            if (errno != EINTR) failCall(errno);
        }
    }
    end(ms);
}

void Interpreter::doPrint(const Stmt &s)
{
    m_line.clear();
    for (size_t k = 0; k < s.args.size(); ++k) {
        if (k) m_line += ' ';
        m_eval.appendText(s.args[k], s.line, m_line);
    }
    enter(s, -1);
    begin();
    endText(0, 0, 0, m_line, true); // printed lines are checked by --check: never only inline
}

} // namespace ipcsim::core
