// Telemetry speed: (a) what one recorded step costs the worker (the real recorder,
// core/worker/telemetry.h, pushing into a memfd ring that another process drains at the same
// time), against a bare clock_gettime and a bare 64-byte memcpy; (b) how many records per second
// are drained without drops: a synthetic drainer over a forked producer (the raw number), and the
// real engine (ipcsim::core::Session) running a scenario that records steps as fast as it can.
//
// Usage: bench_telemetry [--records N] [--reps N] [--steps N] [--runs N]
//   The worker: $IPCSIM_WORKER, else the ipcsim-worker beside this executable.

#include "benchsupport.h"
#include "engine/stepevent.h"

#include "engine/session.h"
#include "ipc/wire.h"
#include "model/event.h"
#include "model/worldmodel.h"
#include "scenario/kernellimits.h"
#include "scenario/scenarioloader.h"
#include "worker/telemetry.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTimer>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <sys/mman.h>
#include <unistd.h>
#include <vector>

using namespace ipcsim;
using bench::nowNs;
namespace wire = core::wire;

namespace {

inline void cpuRelax()
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

// Keeps the compiler from dropping a store it cannot see anyone read.
inline void escape(void *p)
{
    asm volatile("" : : "g"(p) : "memory");
}

// Shared between the benchmark and its forked helper (MAP_SHARED | MAP_ANONYMOUS survives fork).
struct Control
{
    std::atomic<int> stop{0};
    std::atomic<int> go{0};
    std::atomic<uint64_t> drained{0};
    std::atomic<uint64_t> producerNs{0};
    std::atomic<uint64_t> pushed{0};
    std::atomic<uint64_t> checksum{0};
};

Control *newControl()
{
    void *p =
        mmap(nullptr, sizeof(Control), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? nullptr : new (p) Control();
}

// Consumes what is in the ring, reading the fields the engine reads; returns the records taken.
inline uint64_t drainRaw(wire::RingHeader *ring, uint64_t *sum)
{
    const uint64_t head = ring->head.load(std::memory_order_acquire);
    uint64_t tail = ring->tail.load(std::memory_order_relaxed);
    const wire::StepRecord *records = wire::ringRecords(ring);
    const uint64_t first = tail;
    for (; tail != head; ++tail) {
        const wire::StepRecord &r = records[tail & (ring->capacity - 1)];
        *sum += r.tNs + r.seq + r.line + r.op + r.phase + uint64_t(r.value) + r.flags;
    }
    ring->tail.store(tail, std::memory_order_release);
    return tail - first;
}

// The drainer process of part (a): drains the ring until told to stop, either spinning (the
// worst case for the producer: every record's cache line is pulled away at once) or every
// periodUs like the engine's timer (the engine drains every 5 or 15 ms; 100 us here so that a
// producer at full speed never fills the ring). Only memory accesses, nanosleep and _exit after
// fork. It uses the parent's MAP_SHARED mapping of the memfd, inherited by fork.
[[noreturn]] void drainer(wire::RingHeader *ring, Control *ctl, int periodUs)
{
    uint64_t sum = 0, total = 0;
    const timespec period{0, long(periodUs) * 1000};
    while (!ctl->stop.load(std::memory_order_acquire)) {
        const uint64_t n = drainRaw(ring, &sum);
        total += n;
        if (periodUs > 0)
            nanosleep(&period, nullptr);
        else if (n == 0)
            cpuRelax();
    }
    total += drainRaw(ring, &sum);
    ctl->drained.store(total);
    ctl->checksum.store(sum);
    _exit(0);
}

// ---- (a) cost per record ----

struct Variant
{
    const char *name;
    uint64_t recordsPerIteration;
    std::function<void(uint64_t)> body; // runs n iterations
    std::vector<double> nsPerRecord;
    uint64_t dropped = 0;
};

void waitDrained(wire::RingHeader *ring)
{
    const uint64_t deadline = nowNs() + 2000000000u;
    while (ring->tail.load(std::memory_order_acquire) !=
               ring->head.load(std::memory_order_acquire) &&
           nowNs() < deadline)
        usleep(100);
}

struct PartA
{
    double clockNs = 0, memcpyNs = 0, ringPushNs = 0, telemetryNs = 0, stepNs = 0;
    uint64_t dropped = 0;
};

bool partA(uint64_t records, int reps, int periodUs, PartA *out)
{
    bench::Ring ring;
    Control *ctl = newControl();
    if (!ctl || !bench::makeRing(&ring)) {
        std::fprintf(stderr, "bench_telemetry: cannot make a ring: %s\n", std::strerror(errno));
        return false;
    }
    const pid_t drainerPid = fork();
    if (drainerPid < 0) return false;
    if (drainerPid == 0) drainer(ring.h, ctl, periodUs);

    // The worker's recorder maps the memfd itself, as in ipcsim-worker.
    core::Telemetry tel;
    std::string err;
    if (!tel.attach(ring.fd, -1, &err)) {
        std::fprintf(stderr, "bench_telemetry: Telemetry::attach: %s\n", err.c_str());
        return false;
    }

    static wire::StepRecord copyBuffer[1024]; // 64 KiB: a bare copy that stays in cache
    wire::StepRecord proto{};
    proto.line = 2;
    proto.op = 7;
    proto.res = 0;

    std::vector<Variant> variants;
    variants.push_back({"clock_gettime(CLOCK_MONOTONIC) alone", 1, [](uint64_t n) {
                            uint64_t sum = 0;
                            for (uint64_t i = 0; i < n; ++i)
                                sum += core::Telemetry::nowNs();
                            escape(&sum);
                        }});
    variants.push_back({"memcpy of 64 bytes alone", 1, [&](uint64_t n) {
                            wire::StepRecord r = proto;
                            for (uint64_t i = 0; i < n; ++i) {
                                r.seq = uint32_t(i);
                                std::memcpy(&copyBuffer[i & 1023], &r, sizeof r);
                                escape(copyBuffer);
                            }
                        }});
    variants.push_back({"wire::ringPush + clock_gettime", 1, [&](uint64_t n) {
                            wire::StepRecord r = proto;
                            for (uint64_t i = 0; i < n; ++i) {
                                r.tNs = core::Telemetry::nowNs();
                                r.seq = uint32_t(i);
                                wire::ringPush(ring.h, r);
                            }
                        }});
    variants.push_back({"Telemetry::push (worker recorder)", 1, [&](uint64_t n) {
                            wire::StepRecord r = proto;
                            for (uint64_t i = 0; i < n; ++i) {
                                r.seq = uint32_t(i);
                                tel.push(r);
                            }
                        }});
    // What Interpreter::enter/begin/end do around every step: a fresh record,
    // the gate flag checked, then a Begin and an End record.
    variants.push_back({"worker step: enter+begin+end (2 records)", 2, [&](uint64_t n) {
                            wire::StepRecord r;
                            for (uint64_t i = 0; i < n; ++i) {
                                r = wire::StepRecord{};
                                r.seq = uint32_t(i + 1);
                                r.line = 2;
                                r.op = 7;
                                r.res = 0;
                                r.sig = 0;
                                if (tel.gated()) escape(&r);
                                r.phase = uint8_t(wire::Phase::Begin);
                                r.value = 1;
                                r.aux = 0;
                                r.flags = 0;
                                r.textLen = 0;
                                tel.push(r);
                                r.phase = uint8_t(wire::Phase::End);
                                r.value = int64_t(i);
                                r.aux = 0;
                                r.flags = 0;
                                r.textLen = 0;
                                tel.push(r);
                            }
                        }});

    for (Variant &v : variants)
        v.body(records / 10); // warm-up: caches, page faults of the ring, CPU frequency
    waitDrained(ring.h);
    const uint64_t droppedBefore = ring.h->dropped.load();
    // Repetitions interleave the variants so that a change of load hits all of them alike.
    for (int rep = 0; rep < reps; ++rep) {
        for (Variant &v : variants) {
            const uint64_t iterations = records / v.recordsPerIteration;
            const uint64_t d0 = ring.h->dropped.load();
            const uint64_t t0 = nowNs();
            v.body(iterations);
            const uint64_t t1 = nowNs();
            v.dropped += ring.h->dropped.load() - d0;
            v.nsPerRecord.push_back(double(t1 - t0) / double(iterations * v.recordsPerIteration));
            waitDrained(ring.h);
        }
    }
    ctl->stop.store(1, std::memory_order_release);
    bench::reap(drainerPid);

    char how[80];
    if (periodUs > 0)
        std::snprintf(how, sizeof how, "every %d us", periodUs);
    else
        std::snprintf(how, sizeof how, "spinning: the worst case");
    std::printf("(a) cost per record, %llu records per repetition, median of %d repetitions,\n"
                "    a forked process draining the same memfd ring concurrently (%s)\n\n",
                (unsigned long long)records, reps, how);
    std::printf("    %-44s %9s %9s %9s %10s %10s %10s\n", "", "median ns", "min ns", "max ns",
                "x clock", "x memcpy", "dropped");
    const double clk = bench::median(variants[0].nsPerRecord);
    const double cpy = bench::median(variants[1].nsPerRecord);
    for (const Variant &v : variants) {
        const double m = bench::median(v.nsPerRecord);
        std::printf("    %-44s %9.1f %9.1f %9.1f %9.2fx %9.2fx %10llu\n", v.name, m,
                    bench::minOf(v.nsPerRecord), bench::maxOf(v.nsPerRecord), m / clk, m / cpy,
                    (unsigned long long)v.dropped);
    }
    out->clockNs = clk;
    out->memcpyNs = cpy;
    out->ringPushNs = bench::median(variants[2].nsPerRecord);
    out->telemetryNs = bench::median(variants[3].nsPerRecord);
    out->stepNs = bench::median(variants[4].nsPerRecord);
    out->dropped = ring.h->dropped.load() - droppedBefore;
    std::printf("    (dropped: records the ring had no room for, the drainer being off the CPU; "
                "%llu drained)\n\n",
                (unsigned long long)ctl->drained.load());
    bench::freeRing(&ring);
    munmap(ctl, sizeof(Control));
    return true;
}

// ---- (b1) synthetic drain rate: a forked producer, this process draining ----

// The scenario whose steps the synthetic records imitate (and the real engine runs in b2).
std::string adderScenario(int64_t steps)
{
    return "{\"format\": 1, \"title\": \"bench: steps as fast as possible\", \"timeout_ms\": 60000,"
           " \"resources\": [{\"name\": \"cells\", \"type\": \"shm\", \"cells\": 1}],"
           " \"processes\": [{\"name\": \"adder\", \"script\": \"repeat " +
           std::to_string(steps) + ":\\n    add cells[0] 1\\n\"}]}";
}

// The producer: the worker's recorder, attached by the parent before fork (the mapping is
// inherited), pushing the Begin and End records of "add cells[0] 1" steps. rate 0: as fast as
// it can; else paced to that many records per second. Only memory accesses, clock_gettime and
// _exit after fork.
[[noreturn]] void producer(core::Telemetry *tel, Control *ctl, uint64_t n, double rate)
{
    while (!ctl->go.load(std::memory_order_acquire))
        cpuRelax();
    wire::StepRecord r{};
    r.line = 2;
    r.op = uint8_t(core::Op::Add);
    r.res = 0;
    const uint64_t t0 = nowNs();
    uint64_t i = 0;
    while (i < n) {
        uint64_t until = n;
        if (rate > 0) {
            until = std::min<uint64_t>(n, uint64_t(double(nowNs() - t0) * rate / 1e9) + 1);
            if (until <= i) {
                cpuRelax();
                continue;
            }
        }
        for (; i < until; ++i) {
            r.seq = uint32_t(i / 2 + 1);
            const bool end = i & 1;
            r.phase = uint8_t(end ? wire::Phase::End : wire::Phase::Begin);
            r.value = end ? int64_t(i / 2 + 1) : 1;
            tel->push(r);
        }
    }
    ctl->producerNs.store(nowNs() - t0);
    ctl->pushed.store(n);
    ctl->stop.store(1, std::memory_order_release);
    _exit(0);
}

// What SessionPrivate::drainRing does with each record: one core::Event built in place at the
// end of the outgoing batch by core::fillStepEvent, its text shared through a TextCache.
uint64_t drainLikeEngine(wire::RingHeader *ring, core::EventBatch *out)
{
    static core::TextCache texts;
    const uint64_t head = ring->head.load(std::memory_order_acquire);
    uint64_t tail = ring->tail.load(std::memory_order_relaxed);
    const uint64_t first = tail;
    const wire::StepRecord *records = wire::ringRecords(ring);
    for (; tail != head; ++tail) {
        const wire::StepRecord &r = records[tail & (ring->capacity - 1)];
        core::fillStepEvent(out->emplaceBack(), r, 0, 1, 0, &texts); // as drainRing does
    }
    ring->tail.store(tail, std::memory_order_release);
    return tail - first;
}

struct DrainResult
{
    double drainedPerSec = 0, producedPerSec = 0;
    uint64_t drained = 0, dropped = 0;
};

enum class Consumer
{
    Raw,
    Engine
};

// Consumer::Engine: records become Events, handed over every 5 ms and applied to the reducer,
// as `ipcsim run` does. periodMs > 0: drain only every periodMs, sleeping in between, as the
// engine's timer does; 0: drain in a loop.
bool drainOnce(const core::Scenario &sc, uint64_t n, double rate, Consumer consumer, int periodMs,
               DrainResult *res)
{
    bench::Ring ring;
    Control *ctl = newControl();
    if (!ctl || !bench::makeRing(&ring)) return false;
    core::Telemetry tel;
    std::string err;
    if (!tel.attach(ring.fd, -1, &err)) {
        std::fprintf(stderr, "bench_telemetry: Telemetry::attach: %s\n", err.c_str());
        return false;
    }
    core::WorldModel model(sc);
    const pid_t pid = fork();
    if (pid < 0) return false;
    if (pid == 0) producer(&tel, ctl, n, rate);

    core::EventBatch batch;
    uint64_t sum = 0, drained = 0, lastHandOver = 0;
    const uint64_t t0 = nowNs();
    ctl->go.store(1, std::memory_order_release);
    uint64_t tLast = t0;
    const timespec period{periodMs / 1000, long(periodMs % 1000) * 1000000};
    for (;;) {
        const bool done = ctl->stop.load(std::memory_order_acquire);
        const uint64_t got =
            consumer == Consumer::Engine ? drainLikeEngine(ring.h, &batch) : drainRaw(ring.h, &sum);
        drained += got;
        if (got) tLast = nowNs();
        if (consumer == Consumer::Engine &&
            (tLast - lastHandOver > 5000000u || periodMs > 0 || done)) {
            model.apply(batch); // what the CLI does with each eventsReady
            batch.clear();
            lastHandOver = tLast;
        }
        if (done && got == 0 && ring.h->tail.load() == ring.h->head.load()) break;
        if (periodMs > 0)
            nanosleep(&period, nullptr);
        else if (!got)
            cpuRelax();
    }
    bench::reap(pid);
    res->drained = drained;
    res->dropped = ring.h->dropped.load();
    res->drainedPerSec = double(drained) / (double(tLast - t0) / 1e9);
    res->producedPerSec = double(ctl->pushed.load()) / (double(ctl->producerNs.load()) / 1e9);
    escape(&sum);
    bench::freeRing(&ring);
    munmap(ctl, sizeof(Control));
    return true;
}

// The engine's side alone, no producer running: the ring is filled, then drained as drainRing
// does (record -> core::Event), and optionally applied to the reducer as `ipcsim run` does.
// Returns ns per record, median of reps.
double engineCostPerRecord(const core::Scenario &sc, bool applyModel, int reps)
{
    bench::Ring ring;
    if (!bench::makeRing(&ring)) return 0;
    core::Telemetry tel;
    std::string err;
    if (!tel.attach(ring.fd, -1, &err)) return 0;
    core::WorldModel model(sc);
    std::vector<double> ns;
    uint64_t seq = 0;
    for (int k = 0; k < reps + 1; ++k) {
        wire::StepRecord r{};
        r.line = 2;
        r.op = uint8_t(core::Op::Add);
        r.res = 0;
        for (uint32_t i = 0; i < wire::kRingCapacity; ++i, ++seq) {
            r.seq = uint32_t(seq / 2 + 1);
            r.phase = uint8_t(seq & 1 ? wire::Phase::End : wire::Phase::Begin);
            r.value = seq & 1 ? int64_t(seq / 2 + 1) : 1;
            tel.push(r);
        }
        core::EventBatch batch;
        const uint64_t t0 = nowNs();
        const uint64_t got = drainLikeEngine(ring.h, &batch);
        if (applyModel) model.apply(batch);
        batch = core::EventBatch(); // freeing the batch is part of the cost
        const uint64_t t1 = nowNs();
        if (k > 0) // the first round grows the heap
            ns.push_back(double(t1 - t0) / double(got));
    }
    bench::freeRing(&ring);
    return bench::median(ns);
}

struct PartB1
{
    double convertNs = 0, convertApplyNs = 0; // engine side per record, alone
    double rawCapacity = 0, engineCapacity = 0;
    double bestNoDropRate = 0; // the highest paced rate with no drop in any run (engine-like, 5 ms)
};

void partB1(const core::Scenario &sc, uint64_t n, int reps, PartB1 *out)
{
    out->convertNs = engineCostPerRecord(sc, false, 9);
    out->convertApplyNs = engineCostPerRecord(sc, true, 9);
    std::printf(
        "(b0) the engine's work per record, alone (a full ring of %u records drained at once,\n"
        "     median of 9): record -> core::Event as drainRing does: %.1f ns; plus\n"
        "     core::WorldModel::apply as `ipcsim run` does: %.1f ns (a bound of %.2e "
        "records/s)\n\n",
        wire::kRingCapacity, out->convertNs, out->convertApplyNs, 1e9 / out->convertApplyNs);
    std::printf(
        "(b1) synthetic drain: a forked producer pushes records with Telemetry::push into a\n"
        "     memfd ring; this process drains it (median of %d runs per row)\n\n",
        reps);
    std::printf("    %-46s %14s %14s %12s\n", "producer -> consumer", "drained rec/s",
                "produced rec/s", "dropped");
    struct Row
    {
        const char *name;
        double rate;
        Consumer consumer;
        int periodMs;
        uint64_t n;
    };
    std::vector<Row> rows = {
        {"full speed -> raw loop (the consumer's limit)", 0, Consumer::Raw, 0, n},
        {"full speed -> engine-like loop", 0, Consumer::Engine, 0, n},
    };
    // Paced producers against the engine's own rhythm: drained every 5 ms (`ipcsim run`).
    static const double paced[] = {0.5e6, 1e6, 2e6, 4e6, 8e6};
    static char names[5][64];
    for (int k = 0; k < 5; ++k) {
        std::snprintf(names[k], sizeof names[k], "%.1fM rec/s -> engine-like, every 5 ms",
                      paced[k] / 1e6);
        rows.push_back(
            {names[k], paced[k], Consumer::Engine, 5, uint64_t(paced[k] * 0.4)}); // 0.4 s each
    }
    for (const Row &row : rows) {
        std::vector<double> drained, produced, dropped;
        for (int k = 0; k < reps; ++k) {
            DrainResult r;
            if (!drainOnce(sc, row.n, row.rate, row.consumer, row.periodMs, &r)) continue;
            drained.push_back(r.drainedPerSec);
            produced.push_back(r.producedPerSec);
            dropped.push_back(double(r.dropped));
        }
        std::printf("    %-46s %14.3e %14.3e %12.0f\n", row.name, bench::median(drained),
                    bench::median(produced), bench::median(dropped));
        if (row.rate == 0)
            (row.consumer == Consumer::Raw ? out->rawCapacity : out->engineCapacity) =
                bench::median(drained);
        else if (bench::maxOf(dropped) == 0)
            out->bestNoDropRate = std::max(out->bestNoDropRate, row.rate);
    }
    std::printf("    (engine-like: each record becomes a core::Event as in "
                "SessionPrivate::drainRing, and the\n"
                "     batch is applied to core::WorldModel as `ipcsim run` does; dropped: median "
                "of the runs)\n\n");
}

// ---- (b2) the real engine ----

struct EngineRun
{
    bool ok = false;
    uint64_t stepEvents = 0, events = 0, dropped = 0;
    double durationMs = 0;
    QString end;
};

// One run through core::Session, each batch applied to core::WorldModel as `ipcsim run` does.
EngineRun runEngine(const core::Scenario &sc, int batchMs)
{
    EngineRun r;
    core::Session::Options o;
    o.timeoutMs = 60000;
    o.batchIntervalMs = batchMs;
    core::Session session(sc, o);
    core::WorldModel model(sc);
    QEventLoop loop;
    QObject::connect(&session, &core::Session::eventsReady, [&](const core::EventBatch &b) {
        model.apply(b);
        r.events += uint64_t(b.size());
        for (const core::Event &e : b)
            if (e.kind == core::Event::Step) ++r.stepEvents;
    });
    QObject::connect(&session, &core::Session::finished, [&](const core::RunResult &res) {
        r.ok = res.end == core::RunResult::End::Completed;
        for (const core::ProcessExit &x : res.exits)
            r.ok = r.ok && x.exitCode == 0;
        r.dropped = res.dropped;
        r.durationMs = double(res.durationNs) / 1e6;
        r.end = QString::fromLatin1(core::endName(res.end));
        if (!res.error.isEmpty()) r.end += QStringLiteral(": ") + res.error;
        loop.quit();
    });
    QTimer::singleShot(0, &session, &core::Session::start);
    loop.exec();
    return r;
}

struct PartB2
{
    double adderRate = 0, pingPongRate = 0;
    uint64_t adderDropped = 0, pingPongDropped = 0;
};

void partB2(int64_t steps, int runs, PartB2 *out)
{
    const int64_t trips = steps / 20;
    const std::string t = std::to_string(trips);
    const std::string pingPong =
        "{\"format\": 1, \"title\": \"bench: ping-pong\", \"timeout_ms\": 60000,"
        " \"resources\": [{\"name\": \"a\", \"type\": \"pipe\"}, {\"name\": \"b\", \"type\": "
        "\"pipe\"}],"
        " \"processes\": [{\"name\": \"ping\", \"script\": \"repeat " +
        t +
        ":\\n    write a \\\"x\\\"\\n    read b 1\\n\"},"
        " {\"name\": \"pong\", \"script\": \"repeat " +
        t + ":\\n    read a 1 -> c\\n    write b c\\n\"}]}";
    struct Case
    {
        std::string label, json;
        bool adder;
    };
    const std::vector<Case> cases = {
        {"adder, full speed", adderScenario(steps), true},
        {"ping-pong " + t + " trips", pingPong, false},
    };
    std::printf(
        "(b2) the real engine: ipcsim::core::Session (free schedule), each batch applied to\n"
        "     core::WorldModel as `ipcsim run` does; rate = step events delivered / run duration;\n"
        "     adder: 1 worker, \"repeat %lld: add cells[0] 1\"; ping-pong: 2 workers, one-byte "
        "round\n"
        "     trips over two pipes (median of %d runs; dropped: the largest)\n\n",
        (long long)steps, runs);
    std::printf("    %-22s %-10s %10s %12s %14s %10s %10s\n", "scenario", "interval", "run ms",
                "step events", "events/s", "ns/step", "dropped");
    for (const Case &c : cases) {
        core::LoadResult loaded =
            core::loadScenario(c.json, "bench.json", core::KernelLimits::fromProc());
        if (!loaded.ok()) {
            for (const std::string &e : loaded.errors)
                std::fprintf(stderr, "%s\n", e.c_str());
            continue;
        }
        const double totalSteps = c.adder ? double(steps) : double(trips) * 4;
        for (int batchMs : {5, 15}) {
            std::vector<double> rate, dur, perStep, dropped, events;
            for (int k = 0; k < runs; ++k) {
                const EngineRun r = runEngine(*loaded.scenario, batchMs);
                if (!r.ok) std::printf("    run failed: %s\n", qPrintable(r.end));
                rate.push_back(double(r.stepEvents) / (r.durationMs / 1e3));
                dur.push_back(r.durationMs);
                perStep.push_back(r.durationMs * 1e6 / totalSteps);
                dropped.push_back(double(r.dropped));
                events.push_back(double(r.stepEvents));
            }
            std::printf("    %-22s %-10s %10.1f %12.0f %14.3e %10.1f %10.0f\n", c.label.c_str(),
                        batchMs == 5 ? "5 ms (run)" : "15 ms (GUI)", bench::median(dur),
                        bench::median(events), bench::median(rate), bench::median(perStep),
                        bench::maxOf(dropped));
            if (batchMs == 5) {
                (c.adder ? out->adderRate : out->pingPongRate) = bench::median(rate);
                (c.adder ? out->adderDropped : out->pingPongDropped) =
                    uint64_t(bench::maxOf(dropped));
            }
        }
    }
    std::printf("    (interval: Session::Options::batchIntervalMs, 5 ms in `ipcsim run`, 15 ms by "
                "default;\n"
                "     each step is 2 records; ns/step: run duration / steps, both workers' steps "
                "counted)\n\n");
}

} // namespace

int main(int argc, char **argv)
{
    core::keepBatchMemory(); // as ipcsim does
    uint64_t records = 1000000;
    int reps = 7;
    int64_t steps = 2000000;
    int runs = 3;
    for (int i = 1; i + 1 < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--records")
            records = std::max<uint64_t>(1000, std::strtoull(argv[++i], nullptr, 10));
        else if (a == "--reps")
            reps = std::max(1, std::atoi(argv[++i]));
        else if (a == "--steps")
            steps = std::max<int64_t>(20, std::atoll(argv[++i]));
        else if (a == "--runs")
            runs = std::max(1, std::atoi(argv[++i]));
    }
    std::printf("bench_telemetry — telemetry ring: cost per record, records drained per second\n");
    std::printf("command : %s\n", bench::commandLine(argc, argv).c_str());
    std::printf("machine : %s\n", bench::machineLine().c_str());
    std::printf("ring    : %u records of %zu bytes\n\n", wire::kRingCapacity,
                sizeof(wire::StepRecord));

    core::LoadResult adder =
        core::loadScenario(adderScenario(steps), "bench.json", core::KernelLimits::fromProc());
    if (!adder.ok()) return 1;
    // The forked parts come first, while this process has a single thread.
    PartA a, spin;
    if (!partA(records, reps, 100, &a) || !partA(records, reps, 0, &spin)) return 1;
    PartB1 b1;
    partB1(*adder.scenario, records * 10, 3, &b1);

    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("IPCSIM_WORKER"))
        qputenv("IPCSIM_WORKER", (bench::selfDirectory() + "/ipcsim-worker").c_str());
    PartB2 b2;
    partB2(steps, runs, &b2);

    std::printf("summary\n");
    std::printf("    %-58s %10.1f ns   (target < 100 ns: %s)\n",
                "cost per record, Telemetry::push, drainer every 100 us", a.telemetryNs,
                a.telemetryNs < 100 ? "met" : "NOT met");
    std::printf("    %-58s %10.1f ns   (%.2fx clock_gettime, %.2fx memcpy 64 B)\n",
                "cost per record, worker step (enter+begin+end)", a.stepNs, a.stepNs / a.clockNs,
                a.stepNs / a.memcpyNs);
    std::printf("    %-58s %10.1f ns\n", "cost per record, Telemetry::push, spinning drainer",
                spin.telemetryNs);
    std::printf("    %-58s %10.1f ns\n", "engine work per record: record -> Event + reducer",
                b1.convertApplyNs);
    std::printf("    %-58s %10.3e /s\n", "drain capacity, raw loop (synthetic)", b1.rawCapacity);
    std::printf("    %-58s %10.3e /s\n", "drain capacity, engine-like loop (synthetic)",
                b1.engineCapacity);
    std::printf("    %-58s %10.3e /s   (target >= 1e6: %s)\n",
                "highest paced rate, 0 drops in every run (synthetic, 5 ms)", b1.bestNoDropRate,
                b1.bestNoDropRate >= 1e6 ? "met" : "NOT met");
    std::printf("    %-58s %10.3e /s   dropped %llu\n", "real engine, adder at full speed (5 ms)",
                b2.adderRate, (unsigned long long)b2.adderDropped);
    std::printf("    %-58s %10.3e /s   dropped %llu\n", "real engine, ping-pong (5 ms)",
                b2.pingPongRate, (unsigned long long)b2.pingPongDropped);
    return 0;
}
