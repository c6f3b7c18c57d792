#include "engine/runprocess.h"

#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

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

void RunProcess::readMessages()
{
    if (ctl < 0) return;
    static thread_local std::vector<char> buf(wire::kMaxTextMessage);
    for (;;) {
        const ssize_t n = recv(ctl, buf.data(), buf.size(), MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            break; // EAGAIN: nothing more now
        }
        if (n == 0) { // the worker is gone
            if (ctlNotifier) ctlNotifier->setEnabled(false);
            break;
        }
        if (size_t(n) < sizeof(wire::MsgHeader)) continue;
        wire::MsgHeader h;
        memcpy(&h, buf.data(), sizeof h);
        switch (wire::MsgKind(h.kind)) {
        case wire::MsgKind::Hello:
            hello = true;
            break;
        case wire::MsgKind::Gate:
            gateMessage = true;
            break;
        case wire::MsgKind::Text:
            texts[{h.seq, h.phase}].append(buf.data() + sizeof h, qsizetype(size_t(n) - sizeof h));
            break;
        case wire::MsgKind::Drain:
            break; // the engine drains the ring in any case
        }
    }
}

QList<QByteArray> RunProcess::readOutput(bool final)
{
    QList<QByteArray> lines;
    if (outFd < 0) return lines;
    // A bounded amount per call: a program that writes without pause (yes) never lets its
    // pipe run dry, and reading it to empty kept the engine here, its buffer growing. The
    // notifier fires again for the rest. At the program's end (final) what it left is read:
    // a pipe holds at most 1 MiB (and a program it started that still writes is not waited
    // for).
    constexpr qsizetype kChunk = 16384;
    const int chunksPerCall = final ? (1 << 20) / kChunk + 1 : 4;
    char buf[kChunk];
    for (int chunks = 0; chunks < chunksPerCall; ++chunks) {
        const ssize_t n = read(outFd, buf, sizeof buf);
        if (n > 0) {
            outPending.append(buf, n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n == 0 && outNotifier) outNotifier->setEnabled(false); // every writer closed it
        break;
    }
    // Each line once, from a cursor, and the lines taken removed in one go (removing each
    // from the front was quadratic in a large buffer). A line longer than a script's text
    // may be (Telemetry::kMaxText) goes out in pieces of that size.
    qsizetype from = 0;
    for (;;) {
        const qsizetype nl = outPending.indexOf('\n', from);
        if (nl >= 0 && nl - from <= kMaxLine) {
            lines << outPending.mid(from, nl - from);
            from = nl + 1;
        } else if (outPending.size() - from >= kMaxLine) {
            lines << outPending.mid(from, kMaxLine);
            from += kMaxLine;
        } else {
            break;
        }
    }
    outPending.remove(0, from);
    if (final && !outPending.isEmpty()) {
        lines << outPending;
        outPending.clear();
    }
    return lines;
}

RunProcess::RingNews RunProcess::ringNews()
{
    if (!ring) return {};
    const quint64 waited = ring->waitedNs.load(std::memory_order_relaxed);
    const quint64 dropped = ring->dropped.load(std::memory_order_relaxed);
    const RingNews news{waited - waitedSeen, dropped - droppedSeen};
    waitedSeen = waited;
    droppedSeen = dropped;
    return news;
}

} // namespace ipcsim::core
