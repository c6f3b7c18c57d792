#include "engine/runprocess.h"

#include <QSocketNotifier>

#include <sys/mman.h>
#include <unistd.h>

namespace ipcsim::core {

void RunProcess::follow(const wire::StepRecord &r)
{
    switch (wire::Phase(r.phase)) {
    case wire::Phase::Gate:
        line = r.line;
        op = Op(r.op);
        break;
    case wire::Phase::Begin:
        atGate = false;
        inStep = true;
        seq = r.seq;
        line = r.line;
        op = Op(r.op);
        res = r.op == uint8_t(Op::Signal) ? -1 : r.res;
        sig = r.sig;
        spinning = r.flags & wire::Spinning;
        spinHolder = spinning ? int(r.aux) : -1;
        spinTicket = spinning ? qint64(r.value) : -1;
        break;
    case wire::Phase::End:
        if (!(r.flags & wire::Partial)) inStep = false;
        break;
    case wire::Phase::Error:
        inStep = false;
        break;
    }
}

void RunProcess::closeHandles()
{
    delete exitNotifier;
    exitNotifier = nullptr;
    delete ctlNotifier;
    ctlNotifier = nullptr;
    delete outNotifier;
    outNotifier = nullptr;
    for (int *fd : {&outFd, &pidfd, &ctl, &launchReport}) {
        if (*fd >= 0) close(*fd);
        *fd = -1;
    }
    if (ring) munmap(ring, wire::ringBytes(ring->capacity));
    ring = nullptr;
}

} // namespace ipcsim::core
