// The protocol between the engine and each ipcsim-worker: the telemetry ring (fixed-size step
// records in a shared-memory ring the worker never waits on), the shared session segment
// (process table and the process-shared synchronisation objects), and the lossless control
// socket (text, gate traffic). Plain C++: the worker includes it.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <ctime>
#include <pthread.h>
#include <semaphore.h>

namespace ipcsim::core::wire {

// Descriptors every worker finds at these numbers (the launcher dup2s them there).
constexpr int kControlFd = 3;       // SOCK_SEQPACKET socket to the engine
constexpr int kRingFd = 4;          // memfd: RingHeader + records
constexpr int kSessionFd = 5;       // memfd: SessionHeader + SyncSlots
constexpr int kFirstResourceFd = 6; // then the ends of FdPlan, in order

enum class Phase : uint8_t
{
    Gate = 0,
    Begin = 1,
    End = 2,
    Error = 3
};

enum RecordFlag : uint16_t
{
    TextInline = 1 << 0,   // text[0..textLen) is the whole text
    TextOnSocket = 1 << 1, // the text comes as a Text message with the same seq
    OwnerDied = 1 << 2,    // lock: the previous owner died; the mutex was made consistent
    Spinning = 1 << 3,     // begin of a spinlock lock that found it held: the process spins
    Partial = 1 << 4,      // one of several End records of one step (signal to each replica)
    Eof = 1 << 5,          // read/receive returned 0 bytes
    SharedLock = 1 << 6,   // lockfile ... shared, lock ... shared (a rwlock's read lock)
    RuntimeError =
        1 << 7,      // Error from the script itself (division by zero, bad index...), err is 0
    Queued = 1 << 8, // await: the signal came with a value (sigqueue, SI_QUEUE), not from kill
    // write/send on a socket: it found no room (its MSG_DONTWAIT try fell short) and slept until
    // a read on the other side made some
    WaitedForRoom = 1 << 9
};

// The clock every record is stamped with, and the engine's drain cut by (CLOCK_MONOTONIC, one
// for every process on the machine; a vDSO read, no system call).
inline uint64_t clockNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

// One traced phase of one step. 64 bytes, written by the worker, read by the engine.
struct StepRecord
{
    uint64_t tNs;   // CLOCK_MONOTONIC
    uint32_t seq;   // step number within the worker, from 1
    uint16_t line;  // script line
    uint8_t op;     // core::Op
    uint8_t phase;  // Phase
    int16_t res;    // resource index; Signal: target instance index; -1 none
    uint16_t flags; // RecordFlag
    int32_t err;    // errno for Error
    int64_t value;  // Gate: $i of the innermost repeat (-1: none). Result: bytes moved, value
                    // loaded/stored/after add, semaphore value after, 1/0 for trywait/trylock,
                    // signal value, sleep ms ...
    int64_t aux;    // second result: cell index, message priority, peer/target pid ...
    uint8_t sig;    // Signal/Await: signal number
    uint8_t textLen;
    char text[22];
};
static_assert(sizeof(StepRecord) == 64);

constexpr uint32_t kRingMagic = 0x49505352; // "IPSR"
// Records (2 MiB); a power of two. The engine allocates the pages while the worker starts, and
// the worker maps the ring whole (MAP_POPULATE), so no page fault falls inside its steps. A
// page costs about 2 us to allocate on a VM, so the ring is no larger than a burst needs:
// 32k records, a 15,000-step loop, between two drains.
constexpr uint32_t kRingCapacity = 1u << 15;

// Single producer (the worker), single consumer (the engine).
struct RingHeader
{
    uint32_t magic;
    uint32_t capacity;
    alignas(64) std::atomic<uint64_t> head;    // next record the worker writes
    alignas(64) std::atomic<uint64_t> tail;    // next record the engine reads
    alignas(64) std::atomic<uint64_t> dropped; // records the worker could not write (ring full)
    std::atomic<uint32_t> gated; // 1: stop at the gate before every step (step mode, pause)
    // Nanoseconds the worker waited for the engine to make room (its ring full): it waits
    // rather than lose a record, and the run reports the time it was slowed so.
    std::atomic<uint64_t> waitedNs;
};
constexpr size_t kRingRecordsOffset = 256;
static_assert(sizeof(RingHeader) <= kRingRecordsOffset);
constexpr size_t ringBytes(uint32_t capacity)
{
    return kRingRecordsOffset + size_t(capacity) * sizeof(StepRecord);
}

inline StepRecord *ringRecords(RingHeader *h)
{
    return reinterpret_cast<StepRecord *>(reinterpret_cast<char *>(h) + kRingRecordsOffset);
}

// Never blocks: a full ring counts a drop.
inline bool ringPush(RingHeader *h, const StepRecord &r)
{
    const uint64_t head = h->head.load(std::memory_order_relaxed);
    const uint64_t tail = h->tail.load(std::memory_order_acquire);
    if (head - tail >= h->capacity) {
        h->dropped.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    ringRecords(h)[head & (h->capacity - 1)] = r;
    h->head.store(head + 1, std::memory_order_release);
    return true;
}

// ---- The session segment, shared by the engine and every worker ----

constexpr uint32_t kSessionMagic = 0x49505353; // "IPSS"
constexpr int kMaxInstances = 64;
constexpr int kMaxResources = 128;

struct SessionHeader
{
    uint32_t magic;
    uint32_t instances;
    uint32_t resources;
    std::atomic<int32_t> pids[kMaxInstances]; // filled by the engine before it starts anyone
    uint16_t tcpPort[kMaxResources];          // bound port of each tcp socket resource
};

// One per resource (used by semaphore, mutex, spinlock, rwlock, condition and barrier resources).
struct alignas(64) SyncSlot
{
    union {
        sem_t sem;
        pthread_mutex_t mutex;
        pthread_rwlock_t rwlock;
        pthread_cond_t cond;
        int32_t sysvId; // a System V object's id, which the engine made and its workers use
        pthread_barrier_t barrier;
        struct
        {
            uint32_t next;      // spinlock: the next ticket to hand out (std::atomic_ref)
            uint32_t serving;   // spinlock: the ticket that holds the lock
            uint64_t abandoned; // spinlock: bit t % 64: ticket t's process died waiting
        } ticket;
        char raw[64];
    };
    std::atomic<int32_t> spin;     // spinlock: 0 free, else holder instance + 1
    std::atomic<int32_t> holder;   // mutex: holder instance + 1 as reported by the worker
    std::atomic<int32_t> arrived;  // barrier: processes waiting in this round (reported)
    std::atomic<uint64_t> readers; // rwlock: bit i, instance i holds a read lock (reported)
};
static_assert(sizeof(SyncSlot) == 128);

// A ticket spinlock must never serve a ticket whose process died in the queue, or everyone
// behind it would wait forever: such a ticket is marked abandoned (by the engine, which sees
// the death) and skipped, by whoever finds it at the head of the queue. At most 64 tickets
// are out at once (one per process), so ticket % 64 names one.
inline void spinSkipAbandoned(SyncSlot *slot)
{
    std::atomic_ref<uint32_t> next(slot->ticket.next);
    std::atomic_ref<uint32_t> serving(slot->ticket.serving);
    std::atomic_ref<uint64_t> abandoned(slot->ticket.abandoned);
    for (;;) {
        uint32_t head = serving.load(std::memory_order_acquire);
        if (head == next.load(std::memory_order_acquire)) return; // nobody queued
        const uint64_t bit = uint64_t(1) << (head % 64);
        if (!(abandoned.load(std::memory_order_acquire) & bit)) return;
        if (serving.compare_exchange_strong(head, head + 1, std::memory_order_acq_rel))
            abandoned.fetch_and(~bit, std::memory_order_acq_rel);
    }
}

// Marks ticket abandoned (its process died in the queue) and skips it if it is at the head.
inline void spinAbandon(SyncSlot *slot, uint32_t ticket)
{
    std::atomic_ref<uint64_t>(slot->ticket.abandoned)
        .fetch_or(uint64_t(1) << (ticket % 64), std::memory_order_acq_rel);
    spinSkipAbandoned(slot);
}

// The name of the session segment's memfd (memfd_create), as /proc/PID/maps shows it.
constexpr const char *kSessionMemfdName = "ipcsim-session";

constexpr size_t kSyncOffset = 1024;
static_assert(sizeof(SessionHeader) <= kSyncOffset);
constexpr size_t sessionBytes(uint32_t resources)
{
    return kSyncOffset + size_t(resources) * sizeof(SyncSlot);
}
inline SyncSlot *syncSlot(SessionHeader *h, int res)
{
    return reinterpret_cast<SyncSlot *>(reinterpret_cast<char *>(h) + kSyncOffset) + res;
}

// ---- The control socket (SOCK_SEQPACKET: one message per send, never merged) ----

enum class MsgKind : uint8_t
{
    Hello = 1, // worker -> engine: ready (resources opened); payload: nothing
    Gate = 2,  // worker -> engine: stopped at the gate of step seq (the Gate record is in the ring)
    Text = 3,  // worker -> engine: the text of step seq (payload: the bytes)
    Drain = 4, // worker -> engine: the ring is a quarter full or more, drain it now
};
struct MsgHeader
{
    uint8_t kind;
    uint8_t phase; // Text: the phase of the record it belongs to
    uint16_t reserved;
    uint32_t seq;
};
static_assert(sizeof(MsgHeader) == 8);

// engine -> worker: one byte.
constexpr char kStart = 'S'; // everyone is launched: begin the script
constexpr char kGo = 'G';    // leave the gate: do the next step

constexpr size_t kMaxTextMessage = 65536 + sizeof(MsgHeader);

} // namespace ipcsim::core::wire
