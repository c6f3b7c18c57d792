// The worker's side of the engine protocol (core/ipc/wire.h): step records into the shared
// ring (never waits), text and gate traffic over the control socket (lossless), and the gate
// itself. Everything the worker reports goes through here.
#pragma once

#include "ipc/wire.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ipcsim::core {

class Telemetry
{
public:
    // Maps the ring memfd. On failure returns false and sets *error.
    bool attach(int ringFd, int controlFd, std::string *error);

    static uint64_t nowNs() { return wire::clockNs(); }

    bool gated() const { return m_ring->gated.load(std::memory_order_acquire) != 0; }

    // Stamps the time and pushes. The protocol of wire::ringPush, but the engine's tail is
    // re-read only when the ring looks full (reading it on every push would pull the engine's
    // cache line over at each step), and a full ring is waited out, not dropped: a script
    // that steps faster than the engine reads is slowed, and the run says by how much.
    void push(wire::StepRecord &r)
    {
        r.tNs = nowNs();
        const uint64_t head = m_ring->head.load(std::memory_order_relaxed);
        if (head - m_tail >= m_capacity / 4) [[unlikely]] {
            m_tail = m_ring->tail.load(std::memory_order_acquire);
            if (head - m_tail >= m_capacity) waitForRoom(head);
            if (head - m_tail >= m_capacity / 4 && head >= m_nextNudge) nudge(head);
        }
        m_records[head & (m_capacity - 1)] = r;
        m_ring->head.store(head + 1, std::memory_order_release);
    }

    // Puts text on r: inline when it fits (and the socket is not forced), else as a Text
    // message sent now, before the record is pushed. Text beyond kMaxText is cut.
    void attachText(wire::StepRecord &r, const char *data, size_t n, bool forceSocket = false);

    // worker -> engine messages. A failed send means the engine is gone: _exit(1).
    void sendHello();
    // Blocks for kStart; EOF: _exit(1).
    void waitStart();
    // Pushes r as a Gate record (its value: $i of the innermost repeat, -1 if none; its aux and
    // text: what the step asks for), tells the engine, and blocks until kGo; EOF: _exit(1).
    void gate(wire::StepRecord r, std::string_view asks);

    static constexpr size_t kMaxText = 65536;

private:
    void sendMessage(wire::MsgKind kind, uint8_t phase, uint32_t seq, const char *data, size_t n);
    // The ring is full: asks for a drain and naps until the engine has read some; the time
    // goes to the ring's waitedNs. A vanished engine: _exit(1).
    void waitForRoom(uint64_t head);
    void waitFor(char byte);

    wire::RingHeader *m_ring = nullptr;
    wire::StepRecord *m_records = nullptr;
    uint64_t m_capacity = 0;
    uint64_t m_tail = 0;      // the engine's tail as last read; it only grows
    uint64_t m_nextNudge = 0; // no second Drain message before the worker writes this far
    // The engine drains on a timer; a worker that fills a quarter of the ring before the timer
    // fires asks for a drain now (one non-blocking message per quarter ring), so nothing is
    // dropped while the engine can keep up, even when it gets its CPU late.
    // Returns false when the engine is gone (the socket is closed).
    bool nudge(uint64_t head);
    int m_control = -1;
};

} // namespace ipcsim::core
