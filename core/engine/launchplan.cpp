#include "engine/launchplan.h"

#include "engine/kernelobjects.h"
#include "engine/runprocess.h"
#include "ipc/sessionlayout.h"
#include "ipc/syscall.h"
#include "ipc/wire.h"
#include "scenario/scenario.h"

#include <fcntl.h>
#include <new>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ipcsim::core {

namespace {

QString failure(const std::string &what)
{
    return QString::fromStdString(sys::describe(what, errno));
}

} // namespace

bool LaunchPlan::plan(const Scenario &sc, const KernelObjects &objects,
                      const std::string &workerPath, const std::string &sessionPath, bool gated,
                      RunProcess &p, QString *error)
{
    const ProcessSpec &spec = sc.processes[size_t(sc.instances[size_t(p.index)].spec)];
    p.exec = spec.isExec();
    return p.exec ? planProgram(sc, objects, p, error)
                  : planWorker(sc, objects, workerPath, sessionPath, gated, p, error);
}

int LaunchPlan::keep(int fd)
{
    m_childEnds.push_back(fd);
    return fd;
}

void LaunchPlan::closeChildEnds()
{
    for (const int fd : m_childEnds)
        close(fd);
    m_childEnds.clear();
}

bool LaunchPlan::planWorker(const Scenario &sc, const KernelObjects &objects,
                            const std::string &worker, const std::string &sessionPath, bool gated,
                            RunProcess &p, QString *error)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) {
        *error = failure("socketpair");
        return false;
    }
    p.ctl = sv[0];
    const int workerCtl = keep(sv[1]);
    const int sndbuf = 1 << 20;
    setsockopt(workerCtl, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
    const int ringFd = int(memfd_create("ipcsim-ring", MFD_CLOEXEC));
    if (ringFd < 0) {
        *error = failure("memfd for a telemetry ring");
        return false;
    }
    keep(ringFd);
    const size_t bytes = wire::ringBytes(wire::kRingCapacity);
    if (ftruncate(ringFd, off_t(bytes)) != 0) {
        *error = failure("memfd for a telemetry ring");
        return false;
    }
    // Its pages are allocated once every process is launched, while the workers start.
    void *m = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, ringFd, 0);
    if (m == MAP_FAILED) {
        *error = failure("mmap of a telemetry ring");
        return false;
    }
    p.ring = new (m) wire::RingHeader();
    p.ring->magic = wire::kRingMagic;
    p.ring->capacity = wire::kRingCapacity;
    p.ring->gated.store(gated ? 1 : 0);
    request.program = worker;
    request.argv = {worker, sessionPath, std::to_string(p.index)};
    request.fds = {{workerCtl, wire::kControlFd},
                   {ringFd, wire::kRingFd},
                   {objects.sessionFd(), wire::kSessionFd}};
    for (const PlannedEnd &e : fdPlan(sc, sc.instances[size_t(p.index)].spec))
        request.fds.push_back({objects.endFd(e.res, e.role), e.fd});
    return true;
}

bool LaunchPlan::planProgram(const Scenario &sc, const KernelObjects &objects, RunProcess &p,
                             QString *error)
{
    const Instance &in = sc.instances[size_t(p.index)];
    const ProcessSpec &spec = sc.processes[size_t(in.spec)];
    request.program = findProgram(spec.exec.front());
    if (request.program.empty()) {
        *error =
            QStringLiteral("%1: program \"%2\" not found on PATH")
                .arg(QString::fromStdString(in.name), QString::fromStdString(spec.exec.front()));
        return false;
    }
    request.argv = spec.exec;
    auto stream = [&](int res, int target, bool reading) {
        if (res < 0) return;
        const StreamEnd end = objects.at(res).streamEnd(reading);
        if (end.fd >= 0)
            request.fds.push_back({end.fd, target});
        else
            request.opens.push_back({end.path, end.flags, target});
    };
    stream(spec.stdinRes, 0, true);
    stream(spec.stdoutRes, 1, false);
    stream(spec.stderrRes, 2, false);
    if (spec.stdoutRes >= 0 && spec.stderrRes >= 0) return true;
    // Output that goes to no resource is what the program printed: captured as its print
    // lines, as a terminal would show them.
    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        *error = failure("pipe2 for an exec's output");
        return false;
    }
    fcntl(out[0], F_SETFL, O_NONBLOCK);
    p.outFd = out[0];
    const int capture = keep(out[1]);
    if (spec.stdoutRes < 0) request.fds.push_back({capture, 1});
    if (spec.stderrRes < 0) request.fds.push_back({capture, 2});
    return true;
}

} // namespace ipcsim::core
