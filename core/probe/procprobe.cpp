#include "probe/procprobe.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

// Reads a small /proc file in one read (they are generated whole on read).
ssize_t readSmall(const char *path, char *buf, size_t cap)
{
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    ssize_t n;
    do {
        n = read(fd, buf, cap - 1);
    } while (n < 0 && errno == EINTR);
    close(fd);
    if (n >= 0) buf[n] = '\0';
    return n;
}

quint64 hexField(const char *status, const char *key)
{
    const char *p = strstr(status, key);
    if (!p) return 0;
    return strtoull(p + strlen(key), nullptr, 16);
}

quint64 decField(const char *status, const char *key)
{
    const char *p = strstr(status, key);
    if (!p) return 0;
    return strtoull(p + strlen(key), nullptr, 10);
}

} // namespace

ProcIo readProcIo(pid_t pid)
{
    ProcIo io;
    char path[64];
    std::snprintf(path, sizeof path, "/proc/%d/io", int(pid));
    FILE *f = std::fopen(path, "re");
    if (!f) return io;
    char key[32];
    long long v = 0;
    int found = 0;
    while (std::fscanf(f, "%31[^:]: %lld\n", key, &v) == 2) {
        if (!std::strcmp(key, "rchar")) io.rchar = v, ++found;
        if (!std::strcmp(key, "wchar")) io.wchar = v, ++found;
    }
    std::fclose(f);
    io.ok = found == 2;
    return io;
}

ProcSample sampleProcess(pid_t pid, bool withWchan)
{
    ProcSample s;
    char path[64];
    char buf[4096];

    snprintf(path, sizeof path, "/proc/%d/stat", int(pid));
    if (readSmall(path, buf, sizeof buf) <= 0) return s;
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const char *close = strrchr(buf, ')');
    if (!close || close[1] != ' ') return s;
    s.state = close[2];
    snprintf(path, sizeof path, "/proc/%d/syscall", int(pid));
    if (readSmall(path, buf, sizeof buf) > 0) {
        if (strncmp(buf, "running", 7) == 0) {
            s.syscall = -1;
        } else {
            char *p = buf;
            s.syscall = strtol(p, &p, 10);
            for (int i = 0; i < 6; ++i)
                s.args[i] = strtoull(p, &p, 16);
        }
    }

    snprintf(path, sizeof path, "/proc/%d/status", int(pid));
    if (readSmall(path, buf, sizeof buf) > 0) {
        s.sigPending = hexField(buf, "\nSigPnd:\t") | hexField(buf, "\nShdPnd:\t");
        s.sigBlocked = hexField(buf, "\nSigBlk:\t");
        s.voluntarySwitches = decField(buf, "\nvoluntary_ctxt_switches:\t");
        s.involuntarySwitches = decField(buf, "\nnonvoluntary_ctxt_switches:\t");
    }

    if (withWchan) {
        snprintf(path, sizeof path, "/proc/%d/wchan", int(pid));
        if (readSmall(path, buf, sizeof buf) > 0) s.wchan = QByteArray(buf);
    }
    s.ok = true;
    return s;
}

quint64 memfdMapping(pid_t pid, const char *name)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/maps", int(pid));
    FILE *f = fopen(path, "re");
    if (!f) return 0;
    // "7f12a000-7f12b000 rw-s 00000000 00:01 1234   /memfd:NAME (deleted)"
    char want[128];
    snprintf(want, sizeof want, "/memfd:%s (deleted)\n", name);
    const size_t wantLen = strlen(want);
    quint64 start = 0;
    char *line = nullptr;
    size_t cap = 0;
    ssize_t n;
    while (start == 0 && (n = getline(&line, &cap, f)) > 0)
        if (size_t(n) >= wantLen && strcmp(line + n - wantLen, want) == 0)
            start = strtoull(line, nullptr, 16);
    free(line);
    fclose(f);
    return start;
}

qint64 cpuTimeNs(pid_t pid)
{
    clockid_t clock;
    timespec ts{};
    if (clock_getcpuclockid(pid, &clock) != 0 || clock_gettime(clock, &ts) != 0) return -1;
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

} // namespace ipcsim::core
