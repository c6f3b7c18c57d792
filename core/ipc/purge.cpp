#include "ipc/purge.h"

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <mqueue.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

// Bounded string copy that always terminates; returns the length written.
size_t append(char *dst, size_t cap, size_t at, const char *src)
{
    while (*src && at + 1 < cap)
        dst[at++] = *src++;
    dst[at] = '\0';
    return at;
}

// A key as the manifest writes it: decimal, perhaps negative.
int32_t decimal(const char *s)
{
    const bool negative = *s == '-';
    if (negative) ++s;
    int64_t v = 0;
    for (; *s >= '0' && *s <= '9' && v <= INT32_MAX; ++s)
        v = v * 10 + (*s - '0');
    return int32_t(negative ? -v : v);
}

int removeNamed(char *manifest, ssize_t len)
{
    int removed = 0;
    char *line = manifest;
    char *end = manifest + len;
    while (line < end) {
        char *nl = static_cast<char *>(memchr(line, '\n', size_t(end - line)));
        if (!nl) nl = end;
        *nl = '\0';
        if (strncmp(line, "shm ", 4) == 0) {
            if (shm_unlink(line + 4) == 0) ++removed;
        } else if (strncmp(line, "mq ", 3) == 0) {
            if (mq_unlink(line + 3) == 0) ++removed;
        } else if (strncmp(line, "sysv-msg ", 9) == 0) {
            // Raw system calls: the key's object, if it was made, by its id now.
            const long id = syscall(SYS_msgget, long(decimal(line + 9)), 0L);
            if (id >= 0 && syscall(SYS_msgctl, id, long(IPC_RMID), nullptr) == 0) ++removed;
        } else if (strncmp(line, "sysv-sem ", 9) == 0) {
            const long id = syscall(SYS_semget, long(decimal(line + 9)), 0L, 0L);
            if (id >= 0 && syscall(SYS_semctl, id, 0L, long(IPC_RMID), 0L) == 0) ++removed;
        } else if (strncmp(line, "sysv-shm ", 9) == 0) {
            const long id = syscall(SYS_shmget, long(decimal(line + 9)), 0L, 0L);
            if (id >= 0 && syscall(SYS_shmctl, id, long(IPC_RMID), nullptr) == 0) ++removed;
        }
        line = nl + 1;
    }
    return removed;
}

struct LinuxDirent64
{
    ino64_t d_ino;
    off64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

} // namespace

bool isSessionDirectoryName(const char *name)
{
    if (strncmp(name, "ipcsim-", 7) != 0) return false;
    const char *p = name + 7;
    if (*p < '0' || *p > '9') return false;
    while (*p >= '0' && *p <= '9')
        ++p;
    if (*p++ != '-' || !*p) return false;
    for (; *p; ++p) {
        const bool alnum =
            (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
        if (!alnum) return false;
    }
    return true;
}

int purgeSessionDirectory(const char *dir)
{
    char path[4096];
    int removed = 0;

    size_t n = append(path, sizeof path, 0, dir);
    append(path, sizeof path, n, "/manifest");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        static thread_local char buf[1 << 16];
        ssize_t len = 0;
        for (;;) {
            ssize_t r = read(fd, buf + len, sizeof buf - 1 - size_t(len));
            if (r > 0) {
                len += r;
                if (size_t(len) >= sizeof buf - 1) break;
            } else if (r < 0 && errno == EINTR) {
                continue;
            } else {
                break;
            }
        }
        close(fd);
        removed += removeNamed(buf, len);
    }

    // Everything inside the folder (fifos, sockets, files, lock, manifest), then the folder.
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        alignas(8) char dents[8192];
        // Two passes: removing entries while reading the folder may hide some from the first.
        for (int pass = 0; pass < 2; ++pass, lseek(dfd, 0, SEEK_SET))
            for (;;) {
                long got = syscall(SYS_getdents64, dfd, dents, sizeof dents);
                if (got <= 0) break;
                for (long off = 0; off < got;) {
                    auto *d = reinterpret_cast<LinuxDirent64 *>(dents + off);
                    off += d->d_reclen;
                    if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
                    unlinkat(dfd, d->d_name, 0);
                }
            }
        close(dfd);
    }
    rmdir(dir);
    return removed;
}

int killSessionProcesses(const char *marker)
{
    // Async-signal-safe (the watcher calls it in a forked child of a threaded process):
    // getdents64 and plain reads into static buffers, no allocation, no stdio.
    const size_t len = strlen(marker);
    const int proc = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (proc < 0) return 0;
    alignas(dirent64) static char entries[8192];
    static char env[1 << 16];
    const pid_t self = getpid();
    int killed = 0;
    for (;;) {
        const long got = syscall(SYS_getdents64, proc, entries, sizeof entries);
        if (got <= 0) break;
        for (long at = 0; at < got;) {
            const auto *e = reinterpret_cast<const dirent64 *>(entries + at);
            at += e->d_reclen;
            long pid = 0;
            const char *c = e->d_name;
            for (; *c >= '0' && *c <= '9'; ++c)
                pid = pid * 10 + (*c - '0');
            if (*c || pid <= 0 || pid == self) continue;
            // "/proc/<pid>/environ", written by hand.
            char path[40] = "/proc/";
            size_t p = 6;
            for (const char *d = e->d_name; *d && p < 20; ++d)
                path[p++] = *d;
            memcpy(path + p, "/environ", 9);
            const int fd = open(path, O_RDONLY | O_CLOEXEC);
            if (fd < 0) continue; // gone, or not ours
            const ssize_t n = read(fd, env, sizeof env);
            close(fd);
            for (ssize_t i = 0; i < n;) {
                const size_t l = strnlen(env + i, size_t(n - i));
                if (l == len && memcmp(env + i, marker, len) == 0) {
                    if (kill(pid_t(pid), SIGKILL) == 0) ++killed;
                    break;
                }
                i += ssize_t(l) + 1;
            }
        }
    }
    close(proc);
    return killed;
}

} // namespace ipcsim::core
