// Where each of a session's kernel objects lives and which descriptors each process gets:
// computed the same way by the engine (which creates them) and the worker (which uses them).
#pragma once

#include "scenario/scenario.h"

#include <string>
#include <vector>

namespace ipcsim::core {

// What a script does with a resource, found by walking its statements.
struct ResourceUse
{
    bool reads = false;    // read / receive
    bool writes = false;   // write / send
    bool accepts = false;  // accept
    bool connects = false; // connect
    bool posts = false;    // post (semaphore)
    bool notifies = false; // notify, broadcast (condition)
    bool any = false;      // any statement names it
};
ResourceUse resourceUse(const Script &script, int res);
// Instance indices a script sends signals to (for the wait-for graph).
std::vector<int> signalTargets(const Scenario &scenario, int spec);
// The signals a script awaits, each once: its worker blocks them from its start, so one sent
// to it waits, pending, until it takes it.
std::vector<int> awaitedSignals(const Script &script);

enum class EndRole : uint8_t
{
    PipeRead,
    PipeWrite,
    Listener,
    DatagramBound,
    Object // the object's one descriptor, for every use (an eventfd's)
};
constexpr size_t kEndRoles = size_t(EndRole::Object) + 1;
struct PlannedEnd
{
    int res;
    EndRole role;
    int fd; // the descriptor number in the worker
};
// The inherited descriptors of a script process, from wire::kFirstResourceFd on:
// a pipe's read end if it reads it, write end if it writes it; a stream socket's listener if
// it accepts; a datagram socket's bound socket if it receives or reads; an eventfd's one
// descriptor if it uses it (each kind says, KindFormat::inherited).
std::vector<PlannedEnd> fdPlan(const Scenario &scenario, int spec);

// The longest resource names the kernel holds once ipcsim has put them in its namespace: a
// POSIX shared memory object or queue is one file name (NAME_MAX, 255 bytes) of the form
// "ipcsim-<pid, 7 digits at most>-<8>-NAME"; a unix socket's address (sun_path, 108 bytes
// with its NUL) is at worst "/proc/self/fd/<10 digits>/sock-NAME" (see socketAddress). The
// loader refuses longer names, so no run fails on them.
constexpr size_t kMaxObjectNameBytes = 255 - 24;
constexpr size_t kMaxUnixSocketNameBytes = 107 - 30;

class SessionLayout
{
public:
    // dir is the session folder, e.g. /run/user/0/ipcsim-4242-x8Fq2a; its basename is the prefix.
    explicit SessionLayout(std::string dir);
    const std::string &dir() const { return m_dir; }
    const std::string &prefix() const { return m_prefix; }
    std::string objectName(const std::string &res) const; // "/ipcsim-4242-x8Fq2a-slots"
    std::string fifoPath(const std::string &res) const;   // dir + "/fifo-" + res
    std::string socketPath(const std::string &res) const; // dir + "/sock-" + res
    // What bind and connect use for a unix socket: its path, or where that is too long for a
    // socket address (a long XDG_RUNTIME_DIR), the same file reached through dirFd, an open
    // descriptor of the session folder ("/proc/self/fd/7/sock-echo"); dirFd < 0: open one
    // with openDirectory() first.
    bool socketPathFits(const std::string &res) const;
    std::string socketAddress(const std::string &res, int dirFd) const;
    int openDirectory() const;                          // O_PATH | O_CLOEXEC; -1 with errno set
    std::string filePath(const std::string &res) const; // dir + "/file-" + res
    std::string
    imagePath() const; // dir + "/scenario.image": the loaded scenario (scenario/image.h)
    std::string manifestPath() const; // dir + "/manifest"
    std::string lockPath() const;     // dir + "/lock"
    // A System V IPC key for resource res (a message queue's, a semaphore set's), the attempt-th
    // try: SysV objects have no names, and an id survives every process, so the engine records
    // the key in the manifest before it creates the object with IPC_EXCL (and tries the next
    // attempt's key if another owner has it). ipcsim's keys are 0x69xxxxxx ('i'), the rest a
    // hash of the session's prefix, res and attempt: another session's are others.
    int32_t sysvKey(int res, int attempt) const;
    static constexpr int32_t kSysvKeyMask = int32_t(0xff000000u);
    static constexpr int32_t kSysvKeyTag = 0x69000000;

private:
    std::string m_dir;
    std::string m_prefix;
};

} // namespace ipcsim::core
