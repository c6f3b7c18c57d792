#include "engine/exits.h"

#include "engine/launcher.h"
#include "ipc/syscall.h"
#include "probe/procprobe.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ipcsim::core {

void readProgramIo(Event &e, pid_t pid)
{
    if (const ProcIo io = readProcIo(pid); io.ok) {
        e.ioRead = io.rchar;
        e.ioWritten = io.wchar;
    }
}

Reaping reap(const RunProcess &p)
{
    Reaping r;
    r.last.kind = Event::Sample;
    r.last.proc = p.index;
    r.last.pid = p.pid;
    if (p.exec) readProgramIo(r.last, p.pid); // gone once it is reaped
    rusage usage{};
    const pid_t got = sys::retry([&] { return wait4(p.pid, &r.status, WNOHANG, &usage); });
    r.reaped = got == p.pid;
    if (r.reaped) {
        r.last.cpuNs = (qint64(usage.ru_utime.tv_sec) + usage.ru_stime.tv_sec) * 1000000000LL +
                       (qint64(usage.ru_utime.tv_usec) + usage.ru_stime.tv_usec) * 1000;
        r.last.switches = qint64(usage.ru_nvcsw) + usage.ru_nivcsw;
    }
    return r;
}

Event exitOf(RunProcess &p, int status, ProcessExit &x)
{
    p.ended = true;
    p.atGate = false;
    p.inStep = false;
    Event e;
    e.kind = Event::Exit;
    e.phase = Phase::Exit;
    e.proc = p.index;
    e.pid = p.pid;
    e.line = p.line;
    if (WIFEXITED(status)) {
        p.exitCode = WEXITSTATUS(status);
        e.exitCode = p.exitCode;
        // 127: perhaps it never became its program; the launcher says why ("exited 127" was
        // all a non-ELF file or a missing interpreter got).
        if (p.exitCode == 127 && p.launchReport >= 0)
            e.text = QByteArray::fromStdString(launchFailure(p.launchReport, p.launched));
    } else if (WIFSIGNALED(status)) {
        p.termSignal = WTERMSIG(status);
        p.coreDumped = WCOREDUMP(status);
        e.termSignal = p.termSignal;
        e.coreDumped = p.coreDumped;
    }
    x.ended = true;
    x.exitCode = p.exitCode;
    x.termSignal = p.termSignal;
    x.killedByEngine = p.killedByEngine;
    x.failure = QString::fromUtf8(e.text);
    if (p.launchReport >= 0) close(p.launchReport);
    p.launchReport = -1;
    return e;
}

} // namespace ipcsim::core
