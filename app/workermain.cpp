// ipcsim-worker SESSION_DIR INSTANCE_INDEX: runs one process's script of the session's scenario
// against the real kernel objects, reporting every step to the engine (core/ipc/wire.h).
// No Qt: it must start in well under a millisecond and add almost nothing per step.
#include "ipc/sessionlayout.h"
#include "ipc/syscall.h"
#include "ipc/wire.h"
#include "scenario/image.h"
#include "worker/interpreter.h"
#include "worker/resourcetable.h"
#include "worker/telemetry.h"

#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

[[noreturn]] void die(const std::string &message)
{
    const std::string line = "ipcsim-worker: " + message + "\n";
    (void)!write(STDERR_FILENO, line.data(), line.size());
    _exit(127);
}

wire::SessionHeader *mapSession(std::string *error)
{
    void *head = mmap(nullptr, wire::kSyncOffset, PROT_READ, MAP_SHARED, wire::kSessionFd, 0);
    if (head == MAP_FAILED) {
        *error = sys::describe("mmap(session header)", errno);
        return nullptr;
    }
    const auto *h = static_cast<const wire::SessionHeader *>(head);
    const uint32_t magic = h->magic;
    const uint32_t resources = h->resources;
    munmap(head, wire::kSyncOffset);
    if (magic != wire::kSessionMagic || resources > uint32_t(wire::kMaxResources)) {
        *error = "the session memfd has no valid header";
        return nullptr;
    }
    void *p = mmap(nullptr, wire::sessionBytes(resources), PROT_READ | PROT_WRITE, MAP_SHARED,
                   wire::kSessionFd, 0);
    if (p == MAP_FAILED) {
        *error = sys::describe("mmap(session)", errno);
        return nullptr;
    }
    return static_cast<wire::SessionHeader *>(p);
}

bool readImageFile(const std::string &path, Scenario *scenario, std::string *error)
{
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *error = sys::describe("open(" + path + ")", errno);
        return false;
    }
    std::string bytes;
    char buf[65536];
    ssize_t n = 0;
    while ((n = sys::retry([&] { return read(fd, buf, sizeof buf); })) > 0)
        bytes.append(buf, size_t(n));
    const int readErrno = errno;
    close(fd);
    if (n < 0) {
        *error = sys::describe("read(" + path + ")", readErrno);
        return false;
    }
    return readImage(bytes, scenario, error);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc != 3)
        die("usage: ipcsim-worker SESSION_DIR INSTANCE_INDEX (started by ipcsim, not by hand)");
    int instance = -1;
    const char *arg = argv[2];
    const char *argEnd = arg + std::strlen(arg);
    const auto [ptr, ec] = std::from_chars(arg, argEnd, instance);
    if (ec != std::errc() || ptr != argEnd || instance < 0)
        die(std::string("bad instance index '") + arg + "'");

    const SessionLayout layout(argv[1]);
    // The engine loaded and checked the file before it launched anyone, and left its image.
    Scenario scenario;
    std::string error;
    if (!readImageFile(layout.imagePath(), &scenario, &error)) die(error);
    if (size_t(instance) >= scenario.instances.size())
        die("no instance " + std::to_string(instance) + " in " + layout.imagePath());
    const int spec = scenario.instances[size_t(instance)].spec;
    if (scenario.processes[size_t(spec)].isExec())
        die("instance " + std::to_string(instance) + " is an exec process, not a script");

    Telemetry telemetry;
    if (!telemetry.attach(wire::kRingFd, wire::kControlFd, &error)) die(error);
    wire::SessionHeader *session = mapSession(&error);
    if (!session) die(error);
    ResourceTable resources;
    if (!resources.open(scenario, spec, layout, session, &error)) die(error);

    const sigset_t awaited = Interpreter::awaitedSignals(scenario.processes[size_t(spec)].script);
    if (sigprocmask(SIG_BLOCK, &awaited, nullptr) < 0) die(sys::describe("sigprocmask", errno));

    telemetry.sendHello();
    telemetry.waitStart();
    resources.started(session); // tcp ports are known by now

    Interpreter interpreter(scenario, instance, telemetry, resources, session);
    interpreter.run();
}
