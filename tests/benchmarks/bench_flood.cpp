// Floods: how a run that a process floods ends. For each kind of flood, `ipcsim run` on a
// scenario that floods until its timeout, twice:
//   (a) left to its timeout: how long after the timeout ipcsim exits, and the peak resident
//       memory of ipcsim (and of its largest process: wait4's ru_maxrss);
//   (b) Ctrl+C (SIGINT) sent after a while: how long ipcsim takes to exit, everything ended
//       and cleaned up.
// A flood must end at its timeout within a second, in memory that does not grow with it.
//
// Usage: bench_flood [--timeout MS] [--interrupt-after MS] [--runs N]
//   ipcsim and ipcsim-worker: $IPCSIM_BIN and $IPCSIM_WORKER, else beside this executable.

#include "benchsupport.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ipcsim;
using bench::nowNs;

namespace {

struct Flood
{
    const char *name;
    const char *what;
    std::string json; // with TIMEOUT for the timeout in ms
};

std::vector<Flood> floods()
{
    return {
        {"print", "one process: forever: print",
         R"({"format": 1, "title": "print flood", "timeout_ms": TIMEOUT, "resources": [],
             "processes": [{"name": "talker", "script": "forever:\n    print \"line\""}]})"},
        {"long print", "six processes printing 41-byte lines (each a socket message)",
         R"({"format": 1, "title": "long print flood", "timeout_ms": TIMEOUT, "resources": [],
             "processes": [{"name": "talker", "count": 6, "script":
               "forever:\n    print \"this line is longer than twenty-two bytes\""}]})"},
        {"steps", "two processes: forever: add (records as fast as a worker makes them)",
         R"({"format": 1, "title": "step flood", "timeout_ms": TIMEOUT,
             "resources": [{"name": "c", "type": "shm", "cells": 1}],
             "processes": [{"name": "adder", "count": 2, "script": "forever:\n    add c[0] 1"}]})"},
        {"pipe", "a writer and a reader of 4 KiB, forever",
         R"({"format": 1, "title": "pipe flood", "timeout_ms": TIMEOUT,
             "resources": [{"name": "p", "type": "pipe"}],
             "processes": [
               {"name": "writer", "script": "forever:\n    write p 4096 bytes"},
               {"name": "reader", "script": "forever:\n    read p 4096 -> x"}]})"},
        {"program output", "`yes` as a program, its output to ipcsim",
         R"({"format": 1, "title": "yes flood", "timeout_ms": TIMEOUT, "resources": [],
             "processes": [{"name": "y", "exec": ["yes"]}]})"},
    };
}

std::string replaceAll(std::string s, const std::string &from, const std::string &to)
{
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

struct Outcome
{
    bool ok = false;
    int status = 0;
    double endMs = 0;        // from start (a) or from SIGINT (b) to ipcsim's exit
    double peakMb = 0;       // ru_maxrss of ipcsim and its waited-for processes, largest one
    double ipcsimPeakMb = 0; // ipcsim's own VmHWM, last read before it exited
};

double vmHwmMb(pid_t pid)
{
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/status", int(pid));
    FILE *f = std::fopen(path, "r");
    if (!f) return -1;
    char line[256];
    double mb = -1;
    while (std::fgets(line, sizeof line, f))
        if (std::strncmp(line, "VmHWM:", 6) == 0) mb = std::atof(line + 6) / 1024;
    std::fclose(f);
    return mb;
}

// Runs `ipcsim run FILE --quiet --allow-exec`; interruptAfterMs >= 0: SIGINT then.
Outcome runOnce(const std::string &ipcsim, const std::string &file, int interruptAfterMs)
{
    Outcome o;
    const pid_t pid = fork();
    if (pid < 0) return o;
    if (pid == 0) {
        const int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl(ipcsim.c_str(), ipcsim.c_str(), "run", file.c_str(), "--quiet", "--allow-exec",
              static_cast<char *>(nullptr));
        _exit(127);
    }
    const uint64_t start = nowNs();
    uint64_t from = start;
    bool interrupted = false;
    rusage ru{};
    for (;;) {
        const pid_t r = wait4(pid, &o.status, WNOHANG, &ru);
        if (r == pid) break;
        if (r < 0 && errno != EINTR) return o;
        const double hwm = vmHwmMb(pid);
        if (hwm > o.ipcsimPeakMb) o.ipcsimPeakMb = hwm;
        if (interruptAfterMs >= 0 && !interrupted &&
            nowNs() - start >= uint64_t(interruptAfterMs) * 1000000u) {
            from = nowNs();
            kill(pid, SIGINT);
            interrupted = true;
        }
        usleep(2000);
    }
    o.endMs = double(nowNs() - from) / 1e6;
    o.peakMb = double(ru.ru_maxrss) / 1024;
    // A flood ends by its timeout or by Ctrl+C: exit 1. 2 is bad input, anything else a crash.
    o.ok = WIFEXITED(o.status) && WEXITSTATUS(o.status) == 1;
    if (!o.ok) std::fprintf(stderr, "%s: ipcsim ended with status %#x\n", file.c_str(), o.status);
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    int timeoutMs = 5000, interruptAfterMs = 2000, runs = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--timeout")
            timeoutMs = std::atoi(argv[i + 1]);
        else if (a == "--interrupt-after")
            interruptAfterMs = std::atoi(argv[i + 1]);
        else if (a == "--runs")
            runs = std::atoi(argv[i + 1]);
    }
    const std::string dir = bench::selfDirectory();
    const char *bin = std::getenv("IPCSIM_BIN");
    const std::string ipcsim = bin && *bin ? bin : dir + "/ipcsim";
    if (!std::getenv("IPCSIM_WORKER")) setenv("IPCSIM_WORKER", (dir + "/ipcsim-worker").c_str(), 1);
    char tmpl[] = "/tmp/ipcsim-bench-flood-XXXXXX";
    if (!mkdtemp(tmpl)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string tmp = tmpl;

    std::printf("%s\n", bench::machineLine().c_str());
    std::printf("floods until a %d ms timeout (a), and Ctrl+C after %d ms (b); %d run(s) each\n\n",
                timeoutMs, interruptAfterMs, runs);
    std::printf("%-15s | %-27s | %-15s | %s\n", "flood", "(a) ends after its timeout", "(b) Ctrl+C",
                "peak resident: ipcsim / largest process");
    std::printf("%.*s\n", 100,
                "----------------------------------------------------------------"
                "------------------------------------");
    int failures = 0;
    for (const Flood &f : floods()) {
        const std::string file = tmp + "/" + replaceAll(f.name, " ", "-") + ".json";
        FILE *out = std::fopen(file.c_str(), "w");
        if (!out) return 1;
        const std::string json = replaceAll(f.json, "TIMEOUT", std::to_string(timeoutMs));
        std::fwrite(json.data(), 1, json.size(), out);
        std::fclose(out);
        std::vector<double> late, ctrlC, ipcsimPeak, peak;
        for (int r = 0; r < runs; ++r) {
            const Outcome a = runOnce(ipcsim, file, -1);
            const Outcome b = runOnce(ipcsim, file, interruptAfterMs);
            if (!a.ok || !b.ok) ++failures;
            late.push_back(a.endMs - timeoutMs);
            ctrlC.push_back(b.endMs);
            ipcsimPeak.push_back(std::max(a.ipcsimPeakMb, b.ipcsimPeakMb));
            peak.push_back(std::max(a.peakMb, b.peakMb));
        }
        std::printf(
            "%-15s | %+8.0f ms (max %+6.0f ms) | %5.0f ms (max %4.0f) | %5.0f MB / %5.0f MB\n",
            f.name, bench::median(late), bench::maxOf(late), bench::median(ctrlC),
            bench::maxOf(ctrlC), bench::maxOf(ipcsimPeak), bench::maxOf(peak));
        std::printf("%-15s   %s\n", "", f.what);
        std::remove(file.c_str());
    }
    rmdir(tmp.c_str());
    std::printf(
        "\n(a) is ipcsim's exit time less the timeout: the run's own ending, its kills, its\n"
        "cleanup and the summary. Peak resident memory is VmHWM of ipcsim, and wait4's\n"
        "ru_maxrss (the largest of ipcsim and its processes).\n");
    return failures ? 1 : 0;
}
