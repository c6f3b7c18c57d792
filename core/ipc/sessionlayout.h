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
    bool any = false;      // any statement names it
};
ResourceUse resourceUse(const Script &script, int res);
// Instance indices a script sends signals to (for the wait-for graph).
std::vector<int> signalTargets(const Scenario &scenario, int spec);

enum class EndRole : uint8_t
{
    PipeRead,
    PipeWrite,
    Listener,
    DatagramBound
};
struct PlannedEnd
{
    int res;
    EndRole role;
    int fd; // the descriptor number in the worker
};
// The inherited descriptors of a script process, from wire::kFirstResourceFd on:
// a pipe's read end if it reads it, write end if it writes it; a stream socket's listener if
// it accepts; a datagram socket's bound socket if it receives or reads.
std::vector<PlannedEnd> fdPlan(const Scenario &scenario, int spec);

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
    std::string filePath(const std::string &res) const;   // dir + "/file-" + res
    std::string scenarioPath() const;                     // dir + "/scenario.json"
    std::string manifestPath() const;                     // dir + "/manifest"
    std::string lockPath() const;                         // dir + "/lock"

private:
    std::string m_dir;
    std::string m_prefix;
};

} // namespace ipcsim::core
