// Small helpers shared by the benchmarks: a monotonic clock, medians, a telemetry ring as the
// engine makes one, the machine line, and the
// folder the benchmark binary lives in (ipcsim and ipcsim-worker are built beside it).
#pragma once

#include "ipc/syscall.h"
#include "ipc/wire.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <new>
#include <string>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ipcsim::bench {

inline uint64_t nowNs()
{
    timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return uint64_t(ts.tv_sec) * 1000000000u + uint64_t(ts.tv_nsec);
}

inline double median(std::vector<double> v)
{
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

inline double minOf(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::min_element(v.begin(), v.end());
}
inline double maxOf(const std::vector<double> &v)
{
    return v.empty() ? 0 : *std::max_element(v.begin(), v.end());
}

// A ring exactly as the engine makes one (Session's launch()): memfd, header, capacity.
struct Ring
{
    int fd = -1;
    core::wire::RingHeader *h = nullptr;
};

inline bool makeRing(Ring *r)
{
    r->fd = int(memfd_create("ipcsim-bench-ring", MFD_CLOEXEC));
    const size_t bytes = core::wire::ringBytes(core::wire::kRingCapacity);
    if (r->fd < 0 || ftruncate(r->fd, off_t(bytes)) != 0) return false;
    void *m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd, 0);
    if (m == MAP_FAILED) return false;
    r->h = new (m) core::wire::RingHeader();
    r->h->magic = core::wire::kRingMagic;
    r->h->capacity = core::wire::kRingCapacity;
    return true;
}

inline void freeRing(Ring *r)
{
    if (r->h) munmap(r->h, core::wire::ringBytes(core::wire::kRingCapacity));
    if (r->fd >= 0) close(r->fd);
    *r = {};
}

// "nproc 2, Linux 6.1.0 x86_64": results mean little without it.
inline std::string machineLine()
{
    utsname u{};
    uname(&u);
    double load[3] = {0, 0, 0};
    if (FILE *f = std::fopen("/proc/loadavg", "r")) {
        if (std::fscanf(f, "%lf %lf %lf", &load[0], &load[1], &load[2]) != 3)
            load[0] = load[1] = load[2] = 0;
        std::fclose(f);
    }
    char buf[512];
    std::snprintf(
        buf, sizeof buf, "nproc %ld, %s %s %s, load average %.2f %.2f %.2f (others share the CPUs)",
        sysconf(_SC_NPROCESSORS_ONLN), u.sysname, u.release, u.machine, load[0], load[1], load[2]);
    return buf;
}

inline std::string commandLine(int argc, char **argv)
{
    std::string s;
    for (int i = 0; i < argc; ++i) {
        if (i) s += ' ';
        s += argv[i];
    }
    return s;
}

// The folder of this executable (from /proc/self/exe), without the trailing slash.
inline std::string selfDirectory()
{
    char buf[4096];
    const ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n <= 0) return ".";
    std::string p(buf, size_t(n));
    const size_t slash = p.rfind('/');
    return slash == std::string::npos ? "." : p.substr(0, slash);
}

// Reaps one child; returns its wait status, or -1.
inline int reap(pid_t pid)
{
    int status = 0;
    if (core::sys::retry([&] { return waitpid(pid, &status, 0); }) != pid) return -1;
    return status;
}

} // namespace ipcsim::bench
