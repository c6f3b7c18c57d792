#include "story/narrator.h"
#include "story/kindwords.h"
#include "story/texts.h"

#include "model/expectations.h"
#include "model/worldmodel.h"
#include "scenario/signalnames.h"

#include <csignal>
#include <cstring>
#include <sys/syscall.h>

namespace ipcsim::core {

using core::Event;
using core::Op;
using core::WorldState;

using words::quoted;

namespace {

// A program's system call, as /proc/PID/syscall numbers it: "read", or "system call 7".
QString syscallName(int nr)
{
    switch (nr) {
    case SYS_read:
        return QStringLiteral("read");
    case SYS_write:
        return QStringLiteral("write");
    case SYS_readv:
        return QStringLiteral("readv");
    case SYS_writev:
        return QStringLiteral("writev");
    case SYS_open:
        return QStringLiteral("open");
    case SYS_openat:
        return QStringLiteral("openat");
    case SYS_wait4:
        return QStringLiteral("wait4");
    case SYS_poll:
        return QStringLiteral("poll");
    case SYS_select:
        return QStringLiteral("select");
    case SYS_nanosleep:
        return QStringLiteral("nanosleep");
    case SYS_clock_nanosleep:
        return QStringLiteral("clock_nanosleep");
    case SYS_futex:
        return QStringLiteral("futex");
    default:
        return nr >= 0 ? Narrator::tr("system call %1").arg(nr) : Narrator::tr("a system call");
    }
}

const core::ResourceState *resOf(const WorldState &w, int res)
{
    return res >= 0 && res < w.resources.size() ? &w.resources[res] : nullptr;
}

// What the kernel did at a process's exit with what it had of each object (SEM_UNDO), as its
// kind tells it: " The kernel undid ...", or "".
QString exitedFrom(const Event &e, const WorldState &w)
{
    if (e.proc < 0 || e.proc >= w.processes.size()) return {};
    const core::ProcessState &proc = w.processes[e.proc];
    QString s;
    for (const core::ResourceState &r : w.resources) {
        const KindWords &kind = kindWords(r.type);
        if (!kind.exited) continue;
        const QString call;
        if (QString t = kind.exited(Told{e, w, e.proc, proc, proc.name, r, call, false});
            !t.isEmpty())
            s += QLatin1Char(' ') + t;
    }
    return s;
}

} // namespace

QString Narrator::describe(const Event &e, const WorldState &w)
{
    const QString p = Texts::processLabel(w, e.proc);
    switch (e.kind) {
    case Event::Started:
        return tr("%1 started (pid %2).").arg(p).arg(e.pid);
    case Event::Blocked:
        return blocked(e, w);
    case Event::Suspended:
        return tr("%1 is stopped by %2: the kernel runs none of its code until it gets SIGCONT.")
            .arg(p, Texts::signalName(e.sig));
    case Event::Continued:
        return tr("%1 got SIGCONT: the kernel lets it run again from where it was stopped.").arg(p);
    case Event::Unblocked:
    case Event::Released:
    case Event::Sample:
        return {};
    case Event::Exit:
        if (e.termSignal > 0) {
            QString s = tr("%1 was killed by %2.").arg(p, Texts::signalName(e.termSignal));
            if (e.termSignal == SIGPIPE)
                s += QLatin1Char(' ') + tr("It wrote to a pipe that nobody can read any more, and "
                                           "the kernel sent it SIGPIPE.");
            else if (e.termSignal == SIGABRT)
                s += QLatin1Char(' ') + tr("It crashed (abort).");
            return s + exitedFrom(e, w);
        }
        return tr("%1 exited with code %2.").arg(p).arg(e.exitCode) + exitedFrom(e, w);
    case Event::Deadlock: {
        QStringList parts;
        for (const core::DeadlockWait &wt : e.deadlock.waits)
            parts << tr("%1 waits for %2")
                         .arg(core::processName(w, wt.proc), core::waitedName(w, wt));
        QString s = e.deadlock.cycle.isEmpty()
                        ? tr("DEADLOCK, with no circle: every process that is left waits for "
                             "something that no process left will ever do.")
                        : tr("DEADLOCK, a circle of waits: every process that is left is asleep, "
                             "each waiting for another.");
        if (!parts.isEmpty())
            s += QLatin1Char(' ') + parts.join(QStringLiteral("; ")) + QLatin1Char('.');
        if (!e.deadlock.cycle.isEmpty())
            s += QLatin1Char(' ') +
                 tr("The circle of waiting: %1.")
                     .arg(core::circleNames(w, e.deadlock.cycle).join(QStringLiteral(" → ")));
        s += QLatin1Char(' ') + tr("The run is stopped and the processes are killed.");
        return s;
    }
    case Event::Timeout:
        if (!e.text.isEmpty())
            return tr("The run reached its time limit and was stopped: %1.")
                .arg(QString::fromUtf8(e.text));
        return tr("The run reached its time limit and was stopped.");
    case Event::Stopped:
        return tr("The run was stopped; every process still running was killed.");
    case Event::Dropped:
        // How many the engine found lost (the ring's count), not a step's result.
        return tr("%1 telemetry records of %2 were lost: its ring was full before the engine "
                  "read it.")
            .arg(e.records)
            .arg(p);
    case Event::Step:
        break;
    }
    if (e.phase == core::Phase::Error) {
        if (e.scriptError)
            return tr("%1, line %2: the script failed: %3")
                .arg(p)
                .arg(e.line)
                .arg(QString::fromUtf8(e.text));
        const auto *r = resOf(w, e.res);
        const QString call = r ? Texts::callName(e.op, r->type, e.shared) + QLatin1Char('(') +
                                     r->name + QLatin1Char(')')
                               : Texts::callName(e.op);
        return tr("%1 called %2 and it failed with %3 (%4).")
            .arg(p, call, Texts::errnoName(e.err), QString::fromLocal8Bit(strerror(e.err)));
    }
    if (e.phase == core::Phase::Begin && !e.spinning) {
        const auto *r = resOf(w, e.res);
        const KindWords *kind = r ? &kindWords(r->type) : nullptr;
        if (!kind || !kind->began) return {};
        const auto &proc = w.processes[e.proc];
        const QString call = Texts::callName(e.op, r->type, e.shared) + QLatin1Char('(') + r->name +
                             QLatin1Char(')');
        return kind->began(Told{e, w, e.proc, proc, p, *r, call, false});
    }
    if (e.phase == core::Phase::Begin && e.spinning) {
        const auto *r = resOf(w, e.res);
        const QString owner =
            r && r->owner >= 0 ? Texts::processLabel(w, r->owner) : tr("another process");
        return tr("%1 found spinlock %2 held by %3, so it spins on the CPU, testing it again and "
                  "again.")
            .arg(p, r ? r->name : QString(), owner);
    }
    if (e.phase == core::Phase::End) return ended(e, w);
    return {};
}

QString Narrator::blocked(const Event &e, const WorldState &w)
{
    if (e.proc < 0 || e.proc >= w.processes.size()) return {};
    const auto &proc = w.processes[e.proc];
    const QString p = proc.name;
    const auto *r = resOf(w, proc.res);
    const QString rn = r ? r->name : QString();
    const QString call = r ? Texts::callName(proc.op, r->type, proc.shared) + QLatin1Char('(') +
                                 rn + QLatin1Char(')')
                           : Texts::callName(proc.op);
    const QString sleep = words::asleep();
    if (e.spinning || proc.state == core::ProcState::Spinning) {
        // A spinner counts as blocked on its lock, but it is never asleep: the kernel sees it
        // running, testing the lock again and again.
        const QString owner =
            r && r->owner >= 0 ? Texts::processLabel(w, r->owner) : tr("its holder");
        return tr("%1 keeps spinning on %2, held by %3: a spinlock never sleeps, so %1 burns the "
                  "CPU until %3 unlocks it.")
            .arg(p, rn, owner);
    }
    if (r) {
        const KindWords &kind = kindWords(r->type);
        const Told t{e, w, e.proc, proc, p, *r, call, false};
        if (QString s = kind.asleep ? kind.asleep(t) : QString(); !s.isEmpty()) return s;
    }
    switch (proc.op) {
    case Op::Await:
        return tr("%1 waits in sigwaitinfo for a signal; it sleeps until one comes.").arg(p);
    case Op::Sleep:
        return {}; // sleeping is what it asked for
    default:
        // A program (exec) reports no statement: the kernel says which call it sleeps in.
        return tr("%1 is asleep in the kernel in %2 (%3).")
            .arg(p, call.isEmpty() ? syscallName(e.syscall) : call,
                 proc.wchan.isEmpty() ? e.text : proc.wchan);
    }
}

QString Narrator::ended(const Event &e, const WorldState &w)
{
    if (e.proc < 0 || e.proc >= w.processes.size()) return {};
    const auto &proc = w.processes[e.proc];
    const QString p = proc.name;
    const bool woke = proc.state == core::ProcState::Blocked;
    const auto *r = resOf(w, e.res);
    const QString rn = r ? r->name : QString();
    if (r) {
        const KindWords &kind = kindWords(r->type);
        const QString call =
            Texts::callName(e.op, r->type, e.shared) + QLatin1Char('(') + rn + QLatin1Char(')');
        const Told t{e, w, e.proc, proc, p, *r, call, woke};
        if (QString s = kind.ended ? kind.ended(t) : QString(); !s.isEmpty()) return s;
    }
    QString s;
    switch (e.op) {
    case Op::Write:
    case Op::WriteBytes:
        s = e.text.isEmpty()
                ? tr("%1 wrote %2 to %3.").arg(p, Texts::bytes(e.bytes()), rn)
                : tr("%1 wrote %2 (%3) to %4.").arg(p, quoted(e.text), Texts::bytes(e.bytes()), rn);
        break;
    case Op::Read:
        if (e.bytes() == 0 || e.eof)
            s = tr("%1 read from %2 and got end of file: every writer has closed its end.")
                    .arg(p, rn);
        else
            s = tr("%1 read %2 from %3: %4.").arg(p, Texts::bytes(e.bytes()), rn, quoted(e.text));
        break;
    case Op::Send:
        s = tr("%1 sent %2 on %3.").arg(p, quoted(e.text), rn);
        break;
    case Op::Receive:
        if (e.eof)
            s = tr("%1 received nothing from %2: the other side closed the connection.").arg(p, rn);
        else
            s = tr("%1 received %2 from %3.").arg(p, quoted(e.text), rn);
        break;
    case Op::Close:
        s = tr("%1 closed its end of %2.").arg(p, rn);
        break;
    case Op::Signal:
        if (e.partial) return {};
        s = tr("%1 sent %2 to %3.")
                .arg(p, Texts::signalName(e.sig), Texts::processLabel(w, e.target));
        if (e.target >= 0 && e.target < w.processes.size()) {
            // It awaits that signal, so it blocks it: the signal waits there, pending.
            const ProcessState &t = w.processes[e.target];
            const qsizetype pending = t.pendingSignals.count(e.sig);
            if (t.awaiting == e.sig && !t.awaitFed && pending == 0) {
                s += QLatin1Char(' ') +
                     tr("%1 is waiting for it in sigwaitinfo and takes it.").arg(t.name);
            } else if (!t.awaitedSignals.contains(e.sig)) {
                // it does not block that signal: the kernel acts on it at once
            } else if (isRealTime(e.sig)) {
                s += QLatin1Char(' ') +
                     tr("A real-time signal is queued: %2 has %1 of them waiting now.")
                         .arg(pending + 1)
                         .arg(t.name);
            } else if (pending > 0) {
                s += QLatin1Char(' ') +
                     tr("One is already pending there, and a standard signal does not queue: "
                        "the kernel keeps one, so this one is lost.");
            } else {
                s += QLatin1Char(' ') +
                     tr("It waits there, pending, until %1 takes it.").arg(t.name);
            }
        }
        break;
    case Op::Await:
        // kill sends a signal without a value; sigqueue sends one with it.
        s = e.queued ? tr("%1 received %2 (value %3).")
                           .arg(p, Texts::signalName(e.sig))
                           .arg(e.signalValue())
                     : tr("%1 received %2 (sent with kill: a signal alone, no value).")
                           .arg(p, Texts::signalName(e.sig));
        break;
    case Op::Sleep:
        // The sleep's time runs on while the process is stopped, but it cannot return before
        // SIGCONT: the call took as long as the stop lasted, if that was longer.
        if (const ProcessState &sleeper = w.processes[e.proc]; sleeper.stoppedInStep)
            s = tr("%1's sleep of %2 ms took %3 s: it was stopped (%4) in it, and a stopped "
                   "process runs nothing until SIGCONT.")
                    .arg(p)
                    .arg(e.ms())
                    .arg((e.tNs - sleeper.stepBeganNs) / 1e9, 0, 'f', 2)
                    .arg(Texts::signalName(sleeper.stoppedInStep));
        else
            s = tr("%1 slept %2 ms.").arg(p).arg(e.ms());
        break;
    case Op::Compute:
        s = tr("%1 computed for %2 ms on the CPU.").arg(p).arg(e.ms());
        break;
    case Op::Print:
        s = tr("%1 printed %2.").arg(p, quoted(e.text));
        break;
    default:
        return {};
    }
    return s;
}

QString Narrator::logLine(const Event &e, const WorldState &w)
{
    const QString t = QString::number(e.tNs / 1e9, 'f', 6);
    const QString p = e.proc >= 0 ? Texts::processLabel(w, e.proc) : tr("engine");
    switch (e.kind) {
    case Event::Started:
        return tr("%1  %2  started pid %3").arg(t, p).arg(e.pid);
    case Event::Exit:
        return e.termSignal > 0
                   ? tr("%1  %2  killed by %3").arg(t, p, Texts::signalName(e.termSignal))
                   : tr("%1  %2  exit %3").arg(t, p).arg(e.exitCode);
    case Event::Blocked:
        return tr("%1  %2  blocked (wchan %3)").arg(t, p, QString::fromUtf8(e.text));
    case Event::Unblocked:
        return tr("%1  %2  unblocked").arg(t, p);
    case Event::Suspended:
        return tr("%1  %2  stopped by %3").arg(t, p, Texts::signalName(e.sig));
    case Event::Continued:
        return tr("%1  %2  continued by SIGCONT").arg(t, p);
    case Event::Deadlock:
        return tr("%1  deadlock  %2")
            .arg(t, core::circleNames(w, e.deadlock.cycle).join(QStringLiteral(" → ")));
    case Event::Timeout:
        return tr("%1  timeout").arg(t);
    case Event::Stopped:
        return tr("%1  stopped").arg(t);
    case Event::Dropped:
        return tr("%1  %2  dropped %3 records").arg(t, p).arg(e.records);
    case Event::Released:
        return tr("%1  %2  released").arg(t, p);
    case Event::Sample:
        return {}; // periodic kernel readings: the charts and the inspector show them
    case Event::Step:
        break;
    }
    QString s =
        QStringLiteral("%1  %2  line %3  %4").arg(t, p).arg(e.line).arg(Texts::keyword(e.op));
    if (e.res >= 0 && e.op != Op::Signal)
        s += QLatin1Char('(') + Texts::resourceLabel(w, e.res) + QLatin1Char(')');
    s += QStringLiteral("  ") + QString::fromLatin1(core::phaseName(e.phase));
    if (e.phase == core::Phase::End) s += QStringLiteral("  value=%1").arg(e.recordValue());
    if (e.phase == core::Phase::Error)
        s +=
            QStringLiteral("  %1").arg(e.err ? Texts::errnoName(e.err) : QString::fromUtf8(e.text));
    if (!e.text.isEmpty() && e.phase == core::Phase::End)
        s += QStringLiteral("  ") + quoted(e.text);
    return s;
}

QString Narrator::summary(const WorldState &w)
{
    QStringList parts;
    for (const auto &p : w.processes) {
        if (p.state == core::ProcState::Exited)
            parts << tr("%1 exited with %2").arg(p.name).arg(p.exitCode);
        else if (p.state == core::ProcState::Killed)
            parts << tr("%1 was killed by %2").arg(p.name, Texts::signalName(p.termSignal));
    }
    return parts.join(QStringLiteral("; ")) + QLatin1Char('.');
}

QString Narrator::nextStepLine(const WorldState &w, int proc)
{
    const QString what = nextStep(w, proc);
    if (what.isEmpty()) return {};
    const core::ProcessState &p = w.processes[proc];
    return tr("next: %1 %2 — %3").arg(Texts::keyword(p.op), w.resources[p.res].name, what);
}

QString Narrator::nextStep(const WorldState &w, int proc)
{
    if (proc < 0 || proc >= w.processes.size()) return {};
    const core::ProcessState &p = w.processes[proc];
    if (p.state != core::ProcState::AtGate || p.res < 0 || p.res >= w.resources.size()) return {};
    const core::ResourceState &r = w.resources[p.res];
    const KindWords &kind = kindWords(r.type);
    if (!kind.next) return {};
    const QString call =
        Texts::callName(p.op, r.type, p.shared) + QLatin1Char('(') + r.name + QLatin1Char(')');
    return kind.next(Told{p.gate, w, proc, p, p.name, r, call, false});
}

QString Narrator::ending(const core::RunResult &result, const WorldState &world)
{
    QString s;
    switch (result.end) {
    case core::RunResult::End::Completed:
        s = tr("The run is over: every process ended. %1").arg(summary(world));
        break;
    case core::RunResult::End::Deadlock:
        s = result.deadlock.cycle.isEmpty()
                ? tr("The run ended in DEADLOCK with no circle: a wait that nobody left could "
                     "end. The processes stuck, and what they waited on, are outlined with a "
                     "dashed line on the diagram.")
                : tr("The run ended in DEADLOCK: a circle of waits. The processes and objects of "
                     "the deadlock are outlined with a dashed line on the diagram.");
        break;
    case core::RunResult::End::Timeout:
        s = tr("The run reached its time limit and was stopped.");
        if (!result.error.isEmpty()) s += QLatin1Char(' ') + result.error + QLatin1Char('.');
        break;
    case core::RunResult::End::Stopped:
        s = tr("The run was stopped.");
        break;
    case core::RunResult::End::EngineError:
        s = tr("The run could not go on: %1").arg(result.error);
        break;
    }
    if (result.dropped > 0)
        s += QLatin1Char(' ') + (result.dropped == 1
                                     ? tr("1 telemetry record was lost.")
                                     : tr("%1 telemetry records were lost.").arg(result.dropped));
    if (result.waitedNs >= 1000000)
        s += QLatin1Char(' ') +
             tr("The processes made steps faster than ipcsim could record them and waited "
                "%1 ms in all for it to catch up: nothing was lost, but they ran that much "
                "slower than they would unwatched.")
                 .arg(double(result.waitedNs) / 1e6, 0, 'f', 1);
    for (const QString &w : result.warnings)
        s += QLatin1Char(' ') + tr("Warning: %1.").arg(w);
    return s;
}

QString Narrator::verdict(const core::Scenario &scenario, const core::RunResult &result,
                          const WorldState &world, bool *asExpected)
{
    QStringList parts;
    const QStringList expected = core::describeExpectations(scenario);
    const QStringList failures = core::checkExpectations(scenario, result, world);
    *asExpected = failures.isEmpty();
    if (!expected.isEmpty())
        parts << (failures.isEmpty() ? tr("Verdict: as the lesson expected (%1).")
                                           .arg(expected.join(QStringLiteral("; ")))
                                     : tr("Verdict: NOT as the lesson expected: %1.")
                                           .arg(failures.join(QStringLiteral("; "))));
    for (const core::ResourceState &r : world.resources) {
        if (const auto closing = core::kindWords(r.type).closing) {
            if (const QString said = closing(r); !said.isEmpty()) parts << said;
        }
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace ipcsim::core
