#include "worker/telemetry.h"

#include "ipc/syscall.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

namespace ipcsim::core {

bool Telemetry::attach(int ringFd, int controlFd, std::string *error)
{
    m_control = controlFd;
    // The capacity is in the header: map the header first, then the whole ring.
    void *head = mmap(nullptr, wire::kRingRecordsOffset, PROT_READ, MAP_SHARED, ringFd, 0);
    if (head == MAP_FAILED) {
        *error = sys::describe("mmap(ring header)", errno);
        return false;
    }
    const auto *h = static_cast<const wire::RingHeader *>(head);
    const uint32_t magic = h->magic;
    const uint32_t capacity = h->capacity;
    munmap(head, wire::kRingRecordsOffset);
    if (magic != wire::kRingMagic || capacity == 0 || (capacity & (capacity - 1)) != 0) {
        *error = "the ring memfd has no valid header";
        return false;
    }
    // MAP_POPULATE: map every page now (the engine is allocating them as we start; any it has
    // not reached yet is allocated here), not one fault per page in the middle of the steps.
    void *p = mmap(nullptr, wire::ringBytes(capacity), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_POPULATE, ringFd, 0);
    if (p == MAP_FAILED) {
        *error = sys::describe("mmap(ring)", errno);
        return false;
    }
    m_ring = static_cast<wire::RingHeader *>(p);
    m_records = wire::ringRecords(m_ring);
    m_capacity = capacity;
    m_tail = m_ring->tail.load(std::memory_order_acquire);
    return true;
}

void Telemetry::attachText(wire::StepRecord &r, const char *data, size_t n, bool forceSocket)
{
    if (!forceSocket && n <= sizeof(r.text)) {
        r.flags |= wire::TextInline;
        r.textLen = uint8_t(n);
        if (n) std::memcpy(r.text, data, n);
        return;
    }
    r.flags |= wire::TextOnSocket;
    sendMessage(wire::MsgKind::Text, r.phase, r.seq, data, n < kMaxText ? n : kMaxText);
}

void Telemetry::sendMessage(wire::MsgKind kind, uint8_t phase, uint32_t seq, const char *data,
                            size_t n)
{
    wire::MsgHeader h{uint8_t(kind), phase, 0, seq};
    iovec iov[2] = {{&h, sizeof h}, {const_cast<char *>(data), n}};
    msghdr msg{};
    msg.msg_iov = iov;
    msg.msg_iovlen = n ? 2 : 1;
    // MSG_NOSIGNAL: a vanished engine must not look like a script's SIGPIPE.
    const ssize_t sent = sys::retry([&] { return sendmsg(m_control, &msg, MSG_NOSIGNAL); });
    if (sent < 0) _exit(1);
}

bool Telemetry::nudge(uint64_t head)
{
    m_nextNudge = head + m_capacity / 4;
    const wire::MsgHeader h{uint8_t(wire::MsgKind::Drain), 0, 0, 0};
    // Never waits: if the socket is full the engine has plenty to read already.
    const ssize_t n = send(m_control, &h, sizeof h, MSG_DONTWAIT | MSG_NOSIGNAL);
    return n >= 0 || (errno != EPIPE && errno != ECONNRESET && errno != ENOTCONN);
}

void Telemetry::waitForRoom(uint64_t head)
{
    const uint64_t began = nowNs();
    constexpr timespec kNap{0, 50'000};
    for (unsigned naps = 0;; ++naps) {
        // Ask for a drain now and every 5 ms after (the engine drains on its timer anyway).
        if (naps % 100 == 0 && !nudge(head)) _exit(1);
        nanosleep(&kNap, nullptr);
        m_tail = m_ring->tail.load(std::memory_order_acquire);
        if (head - m_tail < m_capacity) break;
    }
    m_ring->waitedNs.fetch_add(nowNs() - began, std::memory_order_relaxed);
}

void Telemetry::sendHello()
{
    sendMessage(wire::MsgKind::Hello, 0, 0, nullptr, 0);
}

void Telemetry::waitFor(char byte)
{
    for (;;) {
        char c = 0;
        const ssize_t n = sys::retry([&] { return read(m_control, &c, 1); });
        if (n <= 0) _exit(1); // the engine is gone (EOF) or the socket broke
        if (c == byte) return;
    }
}

void Telemetry::waitStart()
{
    waitFor(wire::kStart);
}

void Telemetry::gate(wire::StepRecord r, std::string_view asks)
{
    r.phase = uint8_t(wire::Phase::Gate);
    r.flags &= wire::SharedLock; // what the step will ask for
    r.textLen = 0;
    if (!asks.empty()) attachText(r, asks.data(), asks.size());
    push(r);
    sendMessage(wire::MsgKind::Gate, r.phase, r.seq, nullptr, 0);
    waitFor(wire::kGo);
}

} // namespace ipcsim::core
