// Instrumentation overhead on a real workload: 20,000 one-byte round trips over two pipes, run
// (i) as a scenario through the whole `ipcsim run FILE --quiet` command, start-up included, and
// (ii) as a plain program (fork two children, two pipes), alternated in one run. Prints each
// pair and the median ratio (i)/(ii), then where ipcsim's extra time goes (fixed start-up and
// teardown, the floor of that fixed cost, and the cost per round trip), and the floor of the
// design itself: what no implementation of it can go below here (a QtCore start, one worker
// exec per process, and two timed records for every step, DESIGN.md invariants 1 and 2).
//
// Two placements, each measured in full:
//   A. everything on one CPU: the plain program, and ipcsim with its engine and its workers.
//      The engine's work is added to the workload's, so this is the total cost of watching.
//   B. the workload on one CPU, as in A; ipcsim's processes there too (`--cpus`), while the
//      engine may use any CPU. This is what a user sees on a multi-core machine: the overhead
//      the recording puts on the workload itself.
// The workload is pinned in both: a ping-pong between two idle vCPUs costs a wake-up across
// CPUs per message, and unpinned its time varies twentyfold from run to run on a VM.
//
// Usage: bench_overhead [PATH_TO_IPCSIM] [--pairs N] [--trips N]
//   ipcsim: argv[1], else $IPCSIM_BIN, else the ipcsim beside this executable.

#include "benchsupport.h"
#include "worker/telemetry.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sched.h>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

using namespace ipcsim;
using bench::nowNs;

namespace {

std::string g_ipcsim;
std::string g_dir; // private temporary folder for the scenario files and ipcsim's output

std::string pingPongScenario(int trips)
{
    const std::string n = std::to_string(trips);
    return "{\n"
           "  \"format\": 1,\n"
           "  \"title\": \"bench: " +
           n +
           " one-byte round trips over two pipes\",\n"
           "  \"timeout_ms\": 120000,\n"
           "  \"resources\": [{\"name\": \"a\", \"type\": \"pipe\"}, {\"name\": \"b\", \"type\": "
           "\"pipe\"}],\n"
           "  \"processes\": [\n"
           "    {\"name\": \"ping\", \"script\": \"repeat " +
           n +
           ":\\n    write a \\\"x\\\"\\n    read b 1\\n\"},\n"
           "    {\"name\": \"pong\", \"script\": \"repeat " +
           n +
           ":\\n    read a 1 -> c\\n    write b c\\n\"}\n"
           "  ]\n"
           "}\n";
}

bool writeFile(const std::string &path, const std::string &text)
{
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    return bool(f);
}

std::string readFile(const std::string &path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// CPU time of every waited-for descendant so far, in ms (ipcsim's workers are its children, so
// they count once ipcsim itself is reaped).
double childrenCpuMs()
{
    rusage ru{};
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
            double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
}

// /proc/PID/schedstat of a zombie still holds its final figures: time on the CPU and time
// spent runnable but waiting for one, in ns.
bool schedstat(pid_t pid, double *runMs, double *waitMs)
{
    const std::string text = readFile("/proc/" + std::to_string(pid) + "/schedstat");
    unsigned long long run = 0, wait = 0;
    if (std::sscanf(text.c_str(), "%llu %llu", &run, &wait) != 2) return false;
    *runMs = double(run) / 1e6;
    *waitMs = double(wait) / 1e6;
    return true;
}

struct IpcsimRun
{
    double ms = 0;
    double engineCpuMs = 0;  // the ipcsim process itself (one thread: the engine and the CLI)
    double engineWaitMs = 0; // ipcsim runnable, waiting for a CPU
    double treeCpuMs = 0;    // ipcsim + workers + watcher
    bool ok = false;         // exit 0 and "completed"
    long long dropped = -1;
    long long events = -1;
    std::string output;
};

long long numberAfter(const std::string &text, const std::string &key)
{
    const size_t at = text.find(key);
    if (at == std::string::npos) return -1;
    return std::atoll(text.c_str() + at + key.size());
}

// The whole command, as a user runs it: spawn, run, summary, exit.
IpcsimRun runIpcsim(const std::vector<std::string> &args)
{
    IpcsimRun r;
    const std::string out = g_dir + "/out.txt";
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<char *> argv;
    argv.push_back(const_cast<char *>(g_ipcsim.c_str()));
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);

    const double cpu0 = childrenCpuMs();
    const uint64_t t0 = nowNs();
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, g_ipcsim.c_str(), &fa, nullptr, argv.data(), environ);
    int status = -1;
    if (rc == 0) {
        // Wait for the end without reaping, to read the zombie's own CPU time first.
        siginfo_t info{};
        core::sys::retry([&] { return waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT); });
        schedstat(pid, &r.engineCpuMs, &r.engineWaitMs);
        status = bench::reap(pid);
    }
    const uint64_t t1 = nowNs();
    r.treeCpuMs = childrenCpuMs() - cpu0;
    posix_spawn_file_actions_destroy(&fa);

    r.ms = double(t1 - t0) / 1e6;
    r.output = readFile(out);
    r.ok = rc == 0 && status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0;
    r.dropped = numberAfter(r.output, "telemetry records dropped ");
    r.events = numberAfter(r.output, "events ");
    return r;
}

std::string g_worker; // ipcsim-worker, beside ipcsim

// Wall time of one program, spawned and reaped (its output discarded); its exit status is not
// looked at: ipcsim-worker without arguments exits at once with its usage.
double runProgram(const std::string &program, const std::vector<std::string> &args)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char *> argv{const_cast<char *>(program.c_str())};
    for (const std::string &a : args)
        argv.push_back(const_cast<char *>(a.c_str()));
    argv.push_back(nullptr);
    const uint64_t t0 = nowNs();
    pid_t pid = -1;
    if (posix_spawn(&pid, program.c_str(), &fa, nullptr, argv.data(), environ) == 0)
        bench::reap(pid);
    const uint64_t t1 = nowNs();
    posix_spawn_file_actions_destroy(&fa);
    return double(t1 - t0) / 1e6;
}

// ---- the plain program: what the scenario does, without ipcsim ----

// Child bodies: only read, write and _exit after fork.
[[noreturn]] void pingChild(int out, int in, int trips)
{
    char c = 'x';
    for (int k = 0; k < trips; ++k) {
        if (core::sys::retry([&] { return write(out, &c, 1); }) != 1) _exit(1);
        if (core::sys::retry([&] { return read(in, &c, 1); }) != 1) _exit(1);
    }
    _exit(0);
}

[[noreturn]] void pongChild(int in, int out, int trips)
{
    char c = 0;
    for (int k = 0; k < trips; ++k) {
        if (core::sys::retry([&] { return read(in, &c, 1); }) != 1) _exit(1);
        if (core::sys::retry([&] { return write(out, &c, 1); }) != 1) _exit(1);
    }
    _exit(0);
}

// Wall time from before the pipes and forks to after both children are reaped; -1 on failure.
double runPlain(int trips, double *cpuMs = nullptr)
{
    const double cpu0 = childrenCpuMs();
    const uint64_t t0 = nowNs();
    int a[2], b[2];
    if (pipe2(a, O_CLOEXEC) != 0 || pipe2(b, O_CLOEXEC) != 0) return -1;
    const pid_t ping = fork();
    if (ping == 0) {
        close(a[0]);
        close(b[1]);
        pingChild(a[1], b[0], trips);
    }
    const pid_t pong = fork();
    if (pong == 0) {
        close(a[1]);
        close(b[0]);
        pongChild(a[0], b[1], trips);
    }
    for (int fd : {a[0], a[1], b[0], b[1]})
        close(fd);
    const int s1 = ping > 0 ? bench::reap(ping) : -1;
    const int s2 = pong > 0 ? bench::reap(pong) : -1;
    const uint64_t t1 = nowNs();
    if (cpuMs) *cpuMs = childrenCpuMs() - cpu0;
    const bool ok = s1 >= 0 && s2 >= 0 && WIFEXITED(s1) && WEXITSTATUS(s1) == 0 && WIFEXITED(s2) &&
                    WEXITSTATUS(s2) == 0;
    return ok ? double(t1 - t0) / 1e6 : -1;
}

void removeDir()
{
    for (const char *f : {"/pingpong.json", "/one.json", "/out.txt"})
        unlink((g_dir + f).c_str());
    rmdir(g_dir.c_str());
}

// What one record costs a worker, measured in this process with the worker's own recorder
// (Telemetry::push: a CLOCK_MONOTONIC read and a 64-byte record into a memfd ring), the ring's
// tail moved on by hand, as by an engine that costs nothing. Median of 9 passes of 1M records.
double pushNsPerRecord()
{
    bench::Ring ring;
    if (!bench::makeRing(&ring)) return 0;
    core::Telemetry tel;
    std::string err;
    if (!tel.attach(ring.fd, -1, &err)) {
        bench::freeRing(&ring);
        return 0;
    }
    core::wire::StepRecord r{};
    r.line = 2;
    r.phase = uint8_t(core::wire::Phase::End);
    constexpr uint64_t kRecords = 1 << 20;
    constexpr uint64_t kBurst = core::wire::kRingCapacity / 8; // drained before a nudge is due
    std::vector<double> ns;
    for (int pass = 0; pass < 10; ++pass) {
        const uint64_t t0 = nowNs();
        for (uint64_t i = 0; i < kRecords; i += kBurst) {
            for (uint64_t k = 0; k < kBurst; ++k) {
                r.seq = uint32_t(i + k);
                tel.push(r);
            }
            ring.h->tail.store(ring.h->head.load(std::memory_order_relaxed),
                               std::memory_order_release);
        }
        const uint64_t t1 = nowNs();
        if (pass > 0) ns.push_back(double(t1 - t0) / double(kRecords)); // pass 0 faults it in
    }
    bench::freeRing(&ring);
    return bench::median(ns);
}

} // namespace

int main(int argc, char **argv)
{
    int pairs = 11;
    int trips = 20000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--pairs" && i + 1 < argc)
            pairs = std::max(1, std::atoi(argv[++i]));
        else if (a == "--trips" && i + 1 < argc)
            trips = std::max(2, std::atoi(argv[++i]));
        else if (a.rfind("--", 0) != 0)
            g_ipcsim = a;
    }
    if (g_ipcsim.empty())
        if (const char *env = std::getenv("IPCSIM_BIN"); env && *env) g_ipcsim = env;
    if (g_ipcsim.empty()) g_ipcsim = bench::selfDirectory() + "/ipcsim";
    g_worker = g_ipcsim.substr(0, g_ipcsim.rfind('/') + 1) + "ipcsim-worker";
    if (access(g_ipcsim.c_str(), X_OK) != 0) {
        std::fprintf(stderr,
                     "bench_overhead: no ipcsim at %s (give its path as the first argument or in "
                     "IPCSIM_BIN)\n",
                     g_ipcsim.c_str());
        return 2;
    }
    char tmpl[] = "/tmp/ipcsim-bench-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::fprintf(stderr, "bench_overhead: mkdtemp: %s\n", std::strerror(errno));
        return 2;
    }
    g_dir = tmpl;
    const std::string full = g_dir + "/pingpong.json";
    const std::string one = g_dir + "/one.json";
    if (!writeFile(full, pingPongScenario(trips)) || !writeFile(one, pingPongScenario(1))) {
        std::fprintf(stderr, "bench_overhead: cannot write scenario files in %s\n", g_dir.c_str());
        removeDir();
        return 2;
    }

    cpu_set_t all;
    CPU_ZERO(&all);
    sched_getaffinity(0, sizeof all, &all);
    int cpu = -1;
    for (int c = 0; c < CPU_SETSIZE && cpu < 0; ++c)
        if (CPU_ISSET(c, &all)) cpu = c;
    const bool placementB = CPU_COUNT(&all) > 1;
    cpu_set_t oneCpu;
    CPU_ZERO(&oneCpu);
    CPU_SET(cpu, &oneCpu);
    const std::string cpuText = std::to_string(cpu);

    std::printf(
        "bench_overhead — instrumentation overhead, %d one-byte round trips over two pipes\n",
        trips);
    std::printf("command : %s\n", bench::commandLine(argc, argv).c_str());
    std::printf("machine : %s\n", bench::machineLine().c_str());
    std::printf("ipcsim  : %s run %s --quiet\n", g_ipcsim.c_str(), full.c_str());
    std::printf("plain   : fork ping + pong, pipe2 x2, write/read 1 byte, reap both\n");

    // Warm-up: page cache, dynamic loader, CPU frequency.
    const IpcsimRun warm = runIpcsim({"run", full, "--quiet"});
    if (!warm.ok) {
        std::fprintf(stderr, "bench_overhead: ipcsim run failed:\n%s\n", warm.output.c_str());
        removeDir();
        return 1;
    }
    runPlain(trips);

    // The floor of the fixed cost, whatever the engine does: ipcsim's own start and exit (a
    // QtCore process) and one exec of the static worker per process.
    sched_setaffinity(0, sizeof oneCpu, &oneCpu);
    std::vector<double> versionMs, workerExecMs, plainOneFloor;
    for (int k = 0; k < 9; ++k) {
        versionMs.push_back(runIpcsim({"--version"}).ms);
        workerExecMs.push_back(runProgram(g_worker, {}));
        plainOneFloor.push_back(runPlain(1));
    }
    sched_setaffinity(0, sizeof all, &all);
    const double floorMs =
        bench::median(versionMs) + 2 * bench::median(workerExecMs) - bench::median(plainOneFloor);
    // Every step is recorded twice, Begin and End, each with its time: 4 steps a round trip.
    sched_setaffinity(0, sizeof oneCpu, &oneCpu); // where the workers run
    const double pushNs = pushNsPerRecord();
    sched_setaffinity(0, sizeof all, &all);
    const double records = 2.0 * 4.0 * trips;
    const double recordsFloorMs = records * pushNs / 1e6;

    struct Placement
    {
        const char *title;
        bool engineFree;
    };
    std::vector<Placement> placements{{"A. everything on CPU ", false}};
    if (placementB) placements.push_back({"B. workload on CPU ", true});
    bool allOk = true;
    std::vector<std::string> verdicts;
    for (const Placement &pl : placements) {
        // ipcsim: the whole tree on one CPU (A), or only its processes (B, --cpus).
        std::vector<std::string> runArgs{"run", full, "--quiet"}, oneArgs{"run", one, "--quiet"};
        if (pl.engineFree) {
            runArgs.insert(runArgs.end(), {"--cpus", cpuText});
            oneArgs.insert(oneArgs.end(), {"--cpus", cpuText});
        }
        auto ipcsim = [&](const std::vector<std::string> &args) {
            if (!pl.engineFree) sched_setaffinity(0, sizeof oneCpu, &oneCpu);
            IpcsimRun r = runIpcsim(args);
            sched_setaffinity(0, sizeof all, &all);
            return r;
        };
        auto plain = [&](int n, double *cpuMs) {
            sched_setaffinity(0, sizeof oneCpu, &oneCpu);
            const double ms = runPlain(n, cpuMs);
            sched_setaffinity(0, sizeof all, &all);
            return ms;
        };
        std::printf("\n%s%d%s\n", pl.title, cpu,
                    pl.engineFree ? " (ipcsim --cpus), ipcsim's engine on any CPU"
                                  : " (ipcsim's engine too)");
        std::printf("%-5s %12s %12s %8s %10s\n", "pair", "ipcsim ms", "plain ms", "ratio",
                    "dropped");
        std::vector<double> ratios, ipcsimMs, plainMs, engineCpu, engineWait, treeCpu, plainCpu;
        for (int k = 0; k < pairs; ++k) {
            // Alternate which goes first, so a drift of the machine does not favour one side.
            IpcsimRun i;
            double p = 0, pCpu = 0;
            if (k % 2 == 0) {
                i = ipcsim(runArgs);
                p = plain(trips, &pCpu);
            } else {
                p = plain(trips, &pCpu);
                i = ipcsim(runArgs);
            }
            if (!i.ok || p <= 0) {
                allOk = false;
                std::printf("%-5d run failed (ipcsim ok=%d, plain %.3f)\n%s\n", k + 1, int(i.ok), p,
                            i.output.c_str());
                continue;
            }
            ratios.push_back(i.ms / p);
            ipcsimMs.push_back(i.ms);
            plainMs.push_back(p);
            engineCpu.push_back(i.engineCpuMs);
            engineWait.push_back(i.engineWaitMs);
            treeCpu.push_back(i.treeCpuMs);
            plainCpu.push_back(pCpu);
            std::printf("%-5d %12.1f %12.1f %7.2fx %10lld\n", k + 1, i.ms, p, i.ms / p, i.dropped);
        }

        // Breakdown: a run with a single round trip is start-up plus teardown; the rest,
        // divided by the round trips, is the cost per round trip.
        std::vector<double> oneMs, oneEngineCpu, oneTreeCpu, plainOneMs;
        for (int k = 0; k < 7; ++k) {
            const IpcsimRun r = ipcsim(oneArgs);
            oneMs.push_back(r.ms);
            oneEngineCpu.push_back(r.engineCpuMs);
            oneTreeCpu.push_back(r.treeCpuMs);
            plainOneMs.push_back(plain(1, nullptr));
        }
        const double medI = bench::median(ipcsimMs), medP = bench::median(plainMs);
        const double medOne = bench::median(oneMs), medPlainOne = bench::median(plainOneMs);
        const double perTripI = (medI - medOne) * 1e6 / (trips - 1);
        const double perTripP = (medP - medPlainOne) * 1e6 / (trips - 1);

        std::printf("\n%-56s %10s\n", "", "median");
        std::printf("%-56s %8.1f ms\n", "(i)  ipcsim run, whole command", medI);
        std::printf("%-56s %8.1f ms\n", "(ii) plain fork + pipes", medP);
        std::printf("%-56s %8.2fx  (min %.2fx, max %.2fx)\n", "median ratio (i)/(ii) of the pairs",
                    bench::median(ratios), bench::minOf(ratios), bench::maxOf(ratios));
        std::printf("%-56s %8.1f ms\n", "ipcsim run, 1 round trip (fixed cost of a run)", medOne);
        std::printf("%-56s %8.2f ms\n", "plain, 1 round trip (fork + reap)", medPlainOne);
        std::printf("%-56s %8.1f ms\n", "fixed cost beyond plain's (start-up + teardown)",
                    medOne - medPlainOne);
        std::printf("%-56s %8.0f ns\n", "ipcsim: per round trip (beyond the fixed cost)", perTripI);
        std::printf("%-56s %8.0f ns\n", "plain:  per round trip", perTripP);
        std::printf("%-56s %8.2fx\n", "per round trip ratio",
                    perTripP > 0 ? perTripI / perTripP : 0.0);
        std::printf("%-56s %8.1f ms\n", "CPU time: ipcsim process (engine + CLI)",
                    bench::median(engineCpu));
        std::printf("%-56s %8.1f ms\n", "CPU time: ipcsim process, runnable, waiting for a CPU",
                    bench::median(engineWait));
        std::printf("%-56s %8.1f ms\n", "CPU time: ipcsim + workers + watcher",
                    bench::median(treeCpu));
        std::printf("%-56s %8.1f ms\n", "CPU time: plain ping + pong", bench::median(plainCpu));
        std::printf("%-56s %8.1f ms\n", "CPU time: ipcsim process, 1 round trip",
                    bench::median(oneEngineCpu));
        // The least any run of this design can cost here: plain, plus the fixed floor, plus
        // the two records of every step (DESIGN.md, invariant 2), plus (in A) the engine.
        const double floorRatio = (medP + floorMs + recordsFloorMs) / medP;
        std::printf("%-56s %8.2fx\n", "floor: (plain + fixed floor + records floor) / plain",
                    floorRatio);
        const double med = bench::median(ratios);
        char line[256];
        std::snprintf(line, sizeof line, "%s%d: median %.2fx (%s), max %.2fx (%s); floor %.2fx%s",
                      pl.title, cpu, med, med <= 1.10 ? "met" : "NOT met", bench::maxOf(ratios),
                      bench::maxOf(ratios) <= 1.25 ? "met" : "NOT met", floorRatio,
                      pl.engineFree ? "" : " before the engine's own work");
        verdicts.push_back(line);
    }

    const double plainMed = bench::median(plainOneFloor);
    std::printf("\nthe floor of the fixed cost (on one CPU, median of 9)\n");
    std::printf("%-56s %8.2f ms\n", "ipcsim --version (a QtCore process: start and exit)",
                bench::median(versionMs));
    std::printf("%-56s %8.2f ms\n", "ipcsim-worker exec (a static executable: exec and exit)",
                bench::median(workerExecMs));
    std::printf("%-56s %8.2f ms\n", "plain, 1 round trip", plainMed);
    std::printf("%-56s %8.2f ms\n", "floor beyond plain's: one QtCore start + 2 worker execs",
                floorMs);
    std::printf(
        "\nthe floor of the recording (every step: a Begin and an End record, each timed)\n");
    std::printf("%-56s %8.1f ns\n", "Telemetry::push, one record (the worker's recorder)", pushNs);
    std::printf("%-56s %8.0f\n", "records in a run (2 per step, 4 steps per round trip)", records);
    std::printf("%-56s %8.2f ms\n", "records floor (in A the engine then reads each one)",
                recordsFloorMs);
    std::printf("\ntarget: median within 1.10x, never above 1.25x\n");
    for (const std::string &v : verdicts)
        std::printf("  %s\n", v.c_str());
    removeDir();
    return allOk ? 0 : 1;
}
