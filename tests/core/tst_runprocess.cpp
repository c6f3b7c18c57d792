// One process of a run as the engine tracks it (engine/runprocess.h): where it is, followed
// from the records its worker writes; what it tells besides, read from its control socket,
// its program's output and its ring's counters; and its handles, let go of all at once at
// the end.
#include "engine/runprocess.h"

#include <QPointer>
#include <QSocketNotifier>
#include <QTest>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

wire::StepRecord record(wire::Phase phase, Op op, int line, uint32_t seq = 0, int res = -1)
{
    wire::StepRecord r{};
    r.phase = uint8_t(phase);
    r.op = uint8_t(op);
    r.line = uint16_t(line);
    r.seq = seq;
    r.res = int16_t(res);
    return r;
}

bool isOpen(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) != -1;
}

} // namespace

class TestRunProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A gate names the step it waits at; its Begin starts it, its End ends it.
    void followsAStepFromItsGateToItsEnd()
    {
        RunProcess p;
        p.atGate = true;
        p.follow(record(wire::Phase::Gate, Op::Lock, 3));
        QCOMPARE(p.line, 3);
        QCOMPARE(p.op, Op::Lock);
        QVERIFY(!p.inStep);
        p.follow(record(wire::Phase::Begin, Op::Lock, 3, 7, 2));
        QVERIFY(p.inStep && !p.atGate);
        QCOMPARE(p.seq, quint32(7));
        QCOMPARE(p.res, 2);
        QVERIFY(!p.spinning);
        p.follow(record(wire::Phase::End, Op::Lock, 3, 7, 2));
        QVERIFY(!p.inStep);
        QCOMPARE(p.line, 3); // where it was, until its next gate
        // An Error ends the step as its End would.
        p.follow(record(wire::Phase::Begin, Op::Read, 4, 8, 0));
        p.follow(record(wire::Phase::Error, Op::Read, 4, 8, 0));
        QVERIFY(!p.inStep);
    }

    // A signal to every replica has an End for each; the step goes on until the last. Its
    // target is a process, not a resource.
    void aSignalToEveryReplicaEndsWithItsLastEnd()
    {
        RunProcess p;
        wire::StepRecord begin = record(wire::Phase::Begin, Op::Signal, 2, 1, 4);
        begin.sig = 10;
        p.follow(begin);
        QCOMPARE(p.res, -1);
        QCOMPARE(p.sig, 10);
        wire::StepRecord partial = record(wire::Phase::End, Op::Signal, 2, 1);
        partial.flags = wire::Partial;
        p.follow(partial);
        QVERIFY(p.inStep);
        p.follow(record(wire::Phase::End, Op::Signal, 2, 1));
        QVERIFY(!p.inStep);
    }

    // A lock that finds a spinlock held spins: its Begin says on whose hold, with which ticket.
    void aSpinKeepsItsHolderAndTicket()
    {
        RunProcess p;
        wire::StepRecord spin = record(wire::Phase::Begin, Op::Lock, 5, 2, 1);
        spin.flags = wire::Spinning;
        spin.aux = 3;
        spin.value = 12;
        p.follow(spin);
        QVERIFY(p.spinning);
        QCOMPARE(p.spinHolder, 3);
        QCOMPARE(p.spinTicket, qint64(12));
        p.follow(record(wire::Phase::Begin, Op::Unlock, 6, 3, 1));
        QVERIFY(!p.spinning);
        QCOMPARE(p.spinHolder, -1);
        QCOMPARE(p.spinTicket, qint64(-1));
    }

    // At the end it lets go of everything it holds of a real process: its pidfd, control
    // socket, output, launch report, notifiers and ring. What it was told stays.
    void closesEveryHandleItHolds()
    {
        const pid_t child = fork();
        if (child == 0) _exit(0);
        QVERIFY(child > 0);
        RunProcess p;
        p.pid = child;
        p.pidfd = int(syscall(SYS_pidfd_open, child, 0));
        int sv[2], out[2], report[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
        QCOMPARE(pipe2(out, O_CLOEXEC), 0);
        QCOMPARE(pipe2(report, O_CLOEXEC), 0);
        p.ctl = sv[0];
        p.outFd = out[0];
        p.launchReport = report[0];
        const int fds[] = {p.pidfd, p.ctl, p.outFd, p.launchReport};
        for (int fd : fds)
            QVERIFY(isOpen(fd));
        QPointer<QSocketNotifier> exitNotifier =
            new QSocketNotifier(p.pidfd, QSocketNotifier::Read);
        QPointer<QSocketNotifier> ctlNotifier = new QSocketNotifier(p.ctl, QSocketNotifier::Read);
        QPointer<QSocketNotifier> outNotifier = new QSocketNotifier(p.outFd, QSocketNotifier::Read);
        p.exitNotifier = exitNotifier;
        p.ctlNotifier = ctlNotifier;
        p.outNotifier = outNotifier;
        const size_t bytes = wire::ringBytes(64);
        void *ring =
            mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        QVERIFY(ring != MAP_FAILED);
        p.ring = new (ring) wire::RingHeader{};
        p.ring->capacity = 64;
        p.exitCode = 0;
        p.ended = true;

        p.closeHandles();
        for (int fd : fds)
            QVERIFY2(!isOpen(fd), qPrintable(QString::number(fd)));
        QVERIFY(!exitNotifier && !ctlNotifier && !outNotifier);
        QCOMPARE(p.ring, nullptr);
        QCOMPARE(p.pidfd, -1);
        QCOMPARE(p.ctl, -1);
        // The ring's pages are gone: mincore says the range is not mapped.
        unsigned char present[64];
        QCOMPARE(mincore(ring, bytes, present), -1);
        QCOMPARE(errno, ENOMEM);
        QVERIFY(p.ended);
        QCOMPARE(p.exitCode, 0);
        p.closeHandles(); // twice is nothing
        for (int fd : {sv[1], out[1], report[1]})
            close(fd);
        QCOMPARE(waitpid(child, nullptr, 0), child);
    }

    // Its worker's messages on a real control socket: its hello, a gate reached, a text too
    // long for its record (in two messages, joined by its step's seq), a request to drain.
    // When the worker is gone the socket reads end of file, and its notifier is turned off.
    void readsItsWorkersMessages()
    {
        int sv[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
        auto tell = [&](wire::MsgKind kind, uint32_t seq, const QByteArray &payload) {
            wire::MsgHeader h{uint8_t(kind), 0, 0, seq};
            QByteArray m(reinterpret_cast<const char *>(&h), sizeof h);
            m += payload;
            return send(sv[1], m.constData(), size_t(m.size()), 0) == m.size();
        };
        RunProcess p;
        p.ctl = sv[0];
        p.readMessages(); // nothing yet
        QVERIFY(!p.hello && !p.gateMessage && p.texts.empty());
        QVERIFY(tell(wire::MsgKind::Hello, 0, {}));
        QVERIFY(tell(wire::MsgKind::Text, 7, "twenty "));
        QVERIFY(tell(wire::MsgKind::Text, 7, "bytes of text"));
        QVERIFY(tell(wire::MsgKind::Drain, 0, {}));
        QVERIFY(tell(wire::MsgKind::Gate, 8, {}));
        p.readMessages();
        QVERIFY(p.hello);
        QVERIFY(p.gateMessage);
        QCOMPARE(p.texts.size(), size_t(1));
        QCOMPARE(p.texts.begin()->first.first, 7u);
        QCOMPARE(p.texts.begin()->second, QByteArray("twenty bytes of text"));
        QSocketNotifier notifier(p.ctl, QSocketNotifier::Read);
        p.ctlNotifier = &notifier;
        close(sv[1]);
        p.readMessages();
        QVERIFY(!notifier.isEnabled());
        p.ctlNotifier = nullptr;
        close(sv[0]);
    }

    // A program's output on a real pipe comes out in whole lines: a line not yet ended waits
    // for its end; one longer than kMaxLine goes in pieces of that size; at the program's end
    // the rest goes too, and a pipe every writer closed turns its notifier off.
    void readsAProgramsOutputInWholeLines()
    {
        int fds[2];
        QCOMPARE(pipe2(fds, O_CLOEXEC | O_NONBLOCK), 0);
        QVERIFY(fcntl(fds[1], F_SETPIPE_SZ, 1 << 18) >= 1 << 18); // room for the long line
        RunProcess p;
        p.outFd = fds[0];
        auto put = [&](const QByteArray &b) {
            return write(fds[1], b.constData(), size_t(b.size())) == b.size();
        };
        QVERIFY(put("one\ntwo\nthr"));
        QCOMPARE(p.readOutput(), (QList<QByteArray>{"one", "two"}));
        QVERIFY(put("ee\n\n"));
        QCOMPARE(p.readOutput(), (QList<QByteArray>{"three", ""}));
        const QByteArray longLine(RunProcess::kMaxLine + 10, 'x');
        QVERIFY(put(longLine));
        QCOMPARE(p.readOutput(), (QList<QByteArray>{longLine.left(RunProcess::kMaxLine)}));
        QVERIFY(put("y"));
        close(fds[1]);
        QSocketNotifier notifier(p.outFd, QSocketNotifier::Read);
        p.outNotifier = &notifier;
        QCOMPARE(p.readOutput(true), (QList<QByteArray>{QByteArray(10, 'x') + "y"}));
        QVERIFY(!notifier.isEnabled());
        QVERIFY(p.outPending.isEmpty());
        p.outNotifier = nullptr;
        close(fds[0]);
    }

    // What its ring counted (time its worker waited for room, records dropped) is news once.
    void tellsItsRingsCountsOnce()
    {
        RunProcess p;
        QCOMPARE(p.ringNews().waitedNs, 0u); // no ring: nothing
        wire::RingHeader ring{};
        p.ring = &ring;
        ring.waitedNs = 1500;
        ring.dropped = 2;
        RunProcess::RingNews news = p.ringNews();
        QCOMPARE(news.waitedNs, 1500u);
        QCOMPARE(news.dropped, 2u);
        news = p.ringNews();
        QCOMPARE(news.waitedNs, 0u);
        QCOMPARE(news.dropped, 0u);
        ring.waitedNs = 4000;
        QCOMPARE(p.ringNews().waitedNs, 2500u);
        p.ring = nullptr;
    }
};

QTEST_GUILESS_MAIN(TestRunProcess)
#include "tst_runprocess.moc"
