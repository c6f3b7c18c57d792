#include "testsupport.h"

#include "ipc/sessionlayout.h"
#include "ipc/wire.h"
#include "kinds/condition/settings.h"
#include "kinds/mqueue/settings.h"
#include "kinds/pipe/settings.h"
#include "kinds/semaphore/settings.h"
#include "kinds/socket/settings.h"
#include "kinds/sysvsemaphore/settings.h"
#include "scenario/script.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <dirent.h>
#include <mqueue.h>
#include <sys/mount.h>
#include <unistd.h>

namespace ipcsim::test {

std::optional<core::Scenario> scenarioFromJson(const QByteArray &json, QStringList *errors,
                                               const char *fileName)
{
    core::LoadResult r =
        core::loadScenario(json.toStdString(), fileName, core::KernelLimits::fromProc());
    if (!r.ok()) {
        if (errors)
            for (const std::string &e : r.errors)
                errors->append(QString::fromStdString(e));
        return std::nullopt;
    }
    return std::move(*r.scenario);
}

std::optional<core::Scenario> builtIn(const QString &name)
{
    QFile f(QStringLiteral(":/scenarios/%1.json").arg(name));
    if (!f.open(QIODevice::ReadOnly)) return std::nullopt;
    return scenarioFromJson(f.readAll(), nullptr, qPrintable(name + QStringLiteral(".json")));
}

QStringList waitNames(const core::Scenario &scenario, const QList<core::DeadlockWait> &waits)
{
    QStringList names;
    for (const core::DeadlockWait &w : waits)
        names << core::processName(scenario, w.proc) + QLatin1Char('\t') +
                     core::waitedName(scenario, w);
    return names;
}

Run runToEnd(const core::Scenario &scenario, core::Session::Options options, int deadlineMs)
{
    Run run;
    core::WorldModel model(scenario);
    core::Session session(scenario, options);
    QObject::connect(&session, &core::Session::eventsReady, [&](const core::EventBatch &b) {
        run.events.append(b);
        model.apply(b);
        for (const core::Event &e : b)
            if (e.kind == core::Event::Started) run.pids.append(e.pid);
    });
    QObject::connect(&session, &core::Session::finished, [&](const core::RunResult &r) {
        run.result = r;
        run.finished = true;
    });
    session.start();
    run.directory = session.directory();
    QElapsedTimer clock;
    clock.start();
    while (!run.finished && clock.elapsed() < deadlineMs)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (!run.finished) session.stop();
    for (qsizetype r = 0; r < run.result.finals.size(); ++r)
        model.setFinal(int(r), run.result.finals[r]);
    run.world = model.state();
    return run;
}

QStringList leftoversOf(const QString &sessionDirectory, const QList<int> &pids)
{
    QStringList left;
    if (sessionDirectory.isEmpty()) return {QStringLiteral("no session folder was reported")};
    if (QFileInfo::exists(sessionDirectory))
        left << QStringLiteral("folder %1").arg(sessionDirectory);
    left << namedObjectsStartingWith(QFileInfo(sessionDirectory).fileName() + QLatin1Char('-'));
    left << sysvObjectsOf(sessionDirectory);
    for (int pid : pids) {
        // A zombie still has a /proc entry; a reaped process has none (or a reused one with
        // another parent, which is not ours).
        char state = 0;
        if (parentOf(pid, &state) == getpid())
            left << QStringLiteral("process %1 (state %2)").arg(pid).arg(QLatin1Char(state));
    }
    return left;
}

QStringList namedObjectsStartingWith(const QString &prefix)
{
    QStringList found;
    for (const QString &e : QDir(QStringLiteral("/dev/shm")).entryList(QDir::Files | QDir::System))
        if (e.startsWith(prefix)) found << QStringLiteral("/dev/shm/%1").arg(e);
    // POSIX queues are listed only where the mqueue file system is mounted: mount it privately.
    const QString mnt = QDir::tempPath() + QStringLiteral("/ipcsim-test-mq-%1").arg(getpid());
    QDir().mkpath(mnt);
    if (mount("none", mnt.toLocal8Bit().constData(), "mqueue", 0, nullptr) == 0) {
        for (const QString &e : QDir(mnt).entryList(QDir::Files | QDir::System))
            if (e.startsWith(prefix)) found << QStringLiteral("message queue /%1").arg(e);
        umount(mnt.toLocal8Bit().constData());
    }
    QDir().rmdir(mnt);
    return found;
}

QStringList sysvObjectsOf(const QString &sessionDirectory)
{
    const core::SessionLayout layout(sessionDirectory.toStdString());
    QSet<qint64> keys;
    for (int res = 0; res < core::wire::kMaxResources; ++res)
        for (int attempt = 0; attempt < 4; ++attempt)
            keys.insert(layout.sysvKey(res, attempt));
    QStringList found;
    for (const char *table : {"msg", "sem", "shm"}) {
        QFile f(QStringLiteral("/proc/sysvipc/%1").arg(QLatin1String(table)));
        if (!f.open(QIODevice::ReadOnly)) continue;
        f.readLine(); // the header
        while (!f.atEnd()) {
            const QList<QByteArray> cols = f.readLine().simplified().split(' ');
            if (!cols.isEmpty() && keys.contains(cols.at(0).toLongLong()))
                found << QStringLiteral("System V %1 with key %2")
                             .arg(QLatin1String(table), QString::fromLatin1(cols.at(0)));
        }
    }
    return found;
}

int parentOf(int pid, char *state)
{
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return -1;
    // pid (comm) state ppid ...: comm may hold spaces, so read after its closing ')'.
    const QByteArray s = stat.readAll();
    const QList<QByteArray> f = s.mid(s.lastIndexOf(')') + 2).split(' ');
    if (f.size() < 2) return -1;
    if (state && !f.at(0).isEmpty()) *state = f.at(0).at(0);
    return f.at(1).toInt();
}

namespace {

QString firstViolation(const core::EventBatch &events, const core::Scenario &scenario);

// The events before a violation and a few after, one a line, for a failure's message: a rare
// one (a loaded CI machine) says what led to it.
QString around(const core::EventBatch &events, const core::Scenario &scenario, qsizetype at)
{
    QString s;
    for (qsizetype i = std::max<qsizetype>(0, at - 16); i < events.size() && i <= at + 4; ++i) {
        const core::Event &e = events[i];
        const QString who = e.proc >= 0 && size_t(e.proc) < scenario.instances.size()
                                ? QString::fromStdString(scenario.instances[size_t(e.proc)].name)
                                : QStringLiteral("engine");
        const QString on = e.res >= 0 && size_t(e.res) < scenario.resources.size()
                               ? QString::fromStdString(scenario.resources[size_t(e.res)].name)
                               : QString();
        s += QStringLiteral("\n  %1%2 t=%3 %4 kind %5 %6 phase %7 %8 value %9")
                 .arg(i == at ? QStringLiteral("> ") : QStringLiteral("  "))
                 .arg(i)
                 .arg(e.tNs)
                 .arg(who)
                 .arg(int(e.kind))
                 .arg(QString::fromLatin1(core::opName(e.op)))
                 .arg(int(e.phase))
                 .arg(on)
                 .arg(e.bytes());
    }
    return s;
}

} // namespace

QString causalViolation(const core::EventBatch &events, const core::Scenario &scenario)
{
    const QString v = firstViolation(events, scenario);
    static const QRegularExpression index(QStringLiteral("^event (\\d+):"));
    const QRegularExpressionMatch m = index.match(v);
    return m.hasMatch() ? v + around(events, scenario, m.captured(1).toLongLong()) : v;
}

namespace {

QString firstViolation(const core::EventBatch &events, const core::Scenario &scenario)
{
    using core::Op;
    using core::ResourceType;
    const size_t nres = scenario.resources.size();
    std::vector<qint64> bytes(nres, 0), messages(nres, 0), tokens(nres, 0);
    std::vector<int> holder(nres, -1);
    std::vector<bool> unseen(nres, false);
    for (size_t r = 0; r < nres; ++r)
        if (scenario.resources[r].type == ResourceType::Semaphore)
            tokens[r] = ipcsim::core::kinds::semaphore::settingsOf(scenario.resources[r]).initial;
    for (const core::ProcessSpec &p : scenario.processes)
        for (int r : {p.stdinRes, p.stdoutRes, p.stderrRes})
            if (r >= 0) unseen[size_t(r)] = true;
    QSet<int> dead;
    QHash<QPair<int, int>, int> signals;         // (target, signal) -> sent, not yet taken
    std::vector<QList<int>> readers(nres);       // a rwlock's: once per read lock held
    std::vector<qsizetype> lastNotify(nres, -1); // a condition's last notify or broadcast
    QHash<int, qsizetype> waitBegan;             // per process: its condition wait's Begin
    // A System V set's tokens per (set, member), and under SEM_UNDO each process's adjustments,
    // which the kernel applies at its exit.
    QHash<QPair<int, int>, qint64> memberTokens;
    QHash<int, QHash<QPair<int, int>, qint64>> semadj;
    auto sysvSet = [&](size_t r) -> const auto &
    {
        return ipcsim::core::kinds::sysvsemaphore::settingsOf(scenario.resources[r]);
    };
    for (size_t r = 0; r < nres; ++r)
        if (scenario.resources[r].type == ResourceType::SysvSemaphore)
            for (int k = 0; k < sysvSet(r).semaphores; ++k)
                memberTokens[{int(r), k}] = sysvSet(r).initialOf(k);
    auto mutexOf = [&](size_t condition) {
        return size_t(scenario.resourceIndex(
            ipcsim::core::kinds::condition::settingsOf(scenario.resources[condition]).mutex));
    };
    // Shared memory's cells: the value of each, as told, and every value written to it; per
    // process, its add's operand (its Begin's record).
    QHash<QPair<int, qint64>, qint64> cellValue;
    QHash<QPair<int, qint64>, QSet<qint64>> written;
    QHash<int, qint64> operand;
    // A stream's reads that took bytes, per (pipe, fifo or socket, reader); per writer, the
    // others' reads of it when its last write began: one that waited for room needs one more
    // since.
    QHash<QPair<int, int>, qint64> streamReads;
    QHash<int, qint64> readsAtWrite;
    auto othersRead = [&](int r, int proc) {
        qint64 n = 0;
        for (auto it = streamReads.cbegin(); it != streamReads.cend(); ++it)
            if (it.key().first == r && it.key().second != proc) n += it.value();
        return n;
    };
    auto alive = [&](int h, int proc) { return h >= 0 && h != proc && !dead.contains(h); };
    auto name = [&](int proc) {
        return QString::fromStdString(scenario.instances[size_t(proc)].name);
    };
    // A stream socket's connections, followed here apart from the model: per connection, its
    // client (with its pid, and its port once its connect ends) and server, and the bytes on
    // their way each way; per (socket, process), its current connection. A read takes from its
    // own connection only, and gets end of file after the other end closed.
    struct Conn
    {
        int client = -1, server = -1;
        qint64 pid = 0, port = 0;
        qint64 toServer = 0, toClient = 0;
        bool clientClosed = false, serverClosed = false;
    };
    auto stream = [&](int r) {
        return r >= 0 && scenario.resources[size_t(r)].type == ResourceType::Socket &&
               ipcsim::core::kinds::socket::settingsOf(scenario.resources[size_t(r)]).kind ==
                   ipcsim::core::kinds::socket::SocketKind::Stream &&
               !unseen[size_t(r)];
    };
    QHash<int, QList<Conn>> conns;
    QHash<QPair<int, int>, int> currentConn;
    auto connOf = [&](int r, int proc) -> Conn * {
        const int i = currentConn.value({r, proc}, -1);
        return i >= 0 && i < conns[r].size() ? &conns[r][i] : nullptr;
    };
    auto closeConn = [](Conn &c, int proc) {
        if (c.client == proc) c.clientClosed = true;
        if (c.server == proc) c.serverClosed = true;
    };

    // Per fifo, the processes that have it open (from their first read or write until they
    // close it or exit): when the last lets go, the kernel frees its buffer and what nobody
    // read in it.
    QHash<int, QSet<int>> fifoOpen;
    auto letGoOfFifos = [&](int proc, int only) {
        for (auto it = fifoOpen.begin(); it != fifoOpen.end(); ++it)
            if ((only < 0 || it.key() == only) && it.value().remove(proc) && it.value().isEmpty())
                bytes[size_t(it.key())] = 0;
    };
    for (qsizetype i = 0; i < events.size(); ++i) {
        const core::Event &e = events[i];
        const QString at = QStringLiteral("event %1: ").arg(i);
        if (e.kind == core::Event::Step && e.res >= 0 &&
            scenario.resources[size_t(e.res)].type == ResourceType::Fifo) {
            if (e.phase == core::Phase::Begin &&
                (e.op == Op::Read || e.op == Op::Write || e.op == Op::WriteBytes))
                fifoOpen[e.res].insert(e.proc);
            if (e.phase == core::Phase::End && e.op == Op::Close) letGoOfFifos(e.proc, e.res);
        }
        if (e.kind == core::Event::Step && stream(e.res) && e.op == Op::Connect &&
            e.phase == core::Phase::Begin) {
            conns[e.res] << Conn{.client = e.proc, .pid = e.pid};
            currentConn[{e.res, e.proc}] = int(conns[e.res].size()) - 1;
        }
        if (e.kind == core::Event::Exit)
            for (QList<Conn> &cs : conns)
                for (Conn &c : cs)
                    closeConn(c, e.proc);
        if (e.kind == core::Event::Exit) {
            letGoOfFifos(e.proc, -1);
            dead.insert(e.proc);
            const auto adj = semadj.take(e.proc);
            for (auto it = adj.cbegin(); it != adj.cend(); ++it)
                memberTokens[it.key()] += it.value();
        }
        // A condition's wait lets go of its mutex as it begins.
        if (e.kind == core::Event::Step && e.phase == core::Phase::Begin && e.op == Op::Wait &&
            e.res >= 0 && scenario.resources[size_t(e.res)].type == ResourceType::Condition) {
            waitBegan[e.proc] = i;
            if (holder[mutexOf(size_t(e.res))] == e.proc) holder[mutexOf(size_t(e.res))] = -1;
        }
        if (e.kind == core::Event::Step && e.phase == core::Phase::Begin && e.op == Op::Add)
            operand[e.proc] = e.recordValue();
        if (e.kind == core::Event::Step && e.phase == core::Phase::Begin && e.res >= 0 &&
            (e.op == Op::Write || e.op == Op::WriteBytes || e.op == Op::Send))
            readsAtWrite[e.proc] = othersRead(e.res, e.proc);
        if (e.kind != core::Event::Step || e.phase != core::Phase::End) continue;
        if (e.op == Op::Signal) {
            ++signals[{e.target, e.sig}];
            continue;
        }
        if (e.op == Op::Await) {
            if (--signals[{e.proc, e.sig}] < 0)
                return at + name(e.proc) +
                       QStringLiteral(" took signal %1 before it was sent").arg(e.sig);
            continue;
        }
        if (e.res < 0) continue;
        const size_t r = size_t(e.res);
        const QString res = QString::fromStdString(scenario.resources[r].name);
        if (stream(e.res)) {
            QList<Conn> &cs = conns[e.res];
            if (e.op == Op::Connect) {
                if (Conn *c = connOf(e.res, e.proc)) c->port = e.peer();
            } else if (e.op == Op::Accept) {
                // The connection whose client it reports (a unix one's pid, a tcp one's port),
                // else the oldest not yet accepted.
                int pick = -1;
                for (int i = 0; i < cs.size(); ++i) {
                    if (cs[i].server >= 0) continue;
                    if (e.peer() && (cs[i].pid == e.peer() || cs[i].port == e.peer())) {
                        pick = i;
                        break;
                    }
                    if (pick < 0) pick = i;
                }
                if (pick >= 0) {
                    cs[pick].server = e.proc;
                    currentConn[{e.res, e.proc}] = pick;
                }
            } else if (Conn *c = connOf(e.res, e.proc)) {
                const bool client = c->client == e.proc;
                const int peer = client ? c->server : c->client;
                const QString other = peer >= 0 ? name(peer) : QStringLiteral("nobody");
                if (e.op == Op::Write || e.op == Op::WriteBytes || e.op == Op::Send)
                    (client ? c->toServer : c->toClient) += e.bytes();
                if ((e.op == Op::Read || e.op == Op::Receive) && e.bytes() > 0 &&
                    ((client ? c->toClient : c->toServer) -= e.bytes()) < 0)
                    return at + name(e.proc) +
                           QStringLiteral(" read %1 bytes on its connection of %2 that %3 had "
                                          "not sent yet")
                               .arg(e.bytes())
                               .arg(res, other);
                if ((e.op == Op::Read || e.op == Op::Receive) && (e.eof || e.bytes() == 0) &&
                    !(client ? c->serverClosed : c->clientClosed))
                    return at + name(e.proc) +
                           QStringLiteral(" got end of file on %1 before %2 closed its end")
                               .arg(res, other);
                if (e.op == Op::Close) {
                    closeConn(*c, e.proc);
                    currentConn.remove({e.res, e.proc});
                }
            }
        }
        switch (scenario.resources[r].type) {
        case ResourceType::Pipe:
        case ResourceType::Fifo:
        case ResourceType::Socket:
            if (unseen[r]) break;
            if (e.waitedForRoom && othersRead(e.res, e.proc) <= readsAtWrite.value(e.proc))
                return at + name(e.proc) +
                       QStringLiteral(" wrote into %1 after waiting for room, before the read "
                                      "that made it")
                           .arg(res);
            if (e.op == Op::Write || e.op == Op::WriteBytes || e.op == Op::Send) {
                bytes[r] += e.bytes();
                // A pipe's buffer is a power of two of 4 KiB pages, 64 KiB unless set; a write
                // that fits in it ends with its bytes in it.
                const bool pipe = scenario.resources[r].type != ResourceType::Socket;
                const qint64 asked =
                    pipe ? ipcsim::core::kinds::pipe::settingsOf(scenario.resources[r]).capacity
                         : 0;
                qint64 capacity = asked > 0 ? 4096 : 65536;
                while (capacity < asked)
                    capacity *= 2;
                if (pipe && e.bytes() <= capacity && bytes[r] > capacity)
                    return at + name(e.proc) +
                           QStringLiteral(" wrote into %1, full, before the read that made room")
                               .arg(res);
            }
            if (e.op == Op::Read || e.op == Op::Receive) {
                bytes[r] -= e.bytes();
                if (e.bytes() > 0) ++streamReads[{e.res, e.proc}];
                if (bytes[r] < 0)
                    return at + name(e.proc) +
                           QStringLiteral(" read %1 bytes of %2 not written yet")
                               .arg(-bytes[r])
                               .arg(res);
            }
            break;
        case ResourceType::MQueue:
            if (e.op == Op::Send &&
                ++messages[r] >
                    ipcsim::core::kinds::mqueue::settingsOf(scenario.resources[r]).maxMessages)
                return at + name(e.proc) +
                       QStringLiteral(" sent into %1, full, before a message was taken out")
                           .arg(res);
            if (e.op == Op::Receive && --messages[r] < 0)
                return at + name(e.proc) +
                       QStringLiteral(" received a message of %1 not sent yet").arg(res);
            break;
        case ResourceType::SysvMQueue:
            // Full by its bytes (msg_qbytes): a send goes in only with room for its message.
            if (e.op == Op::Send &&
                (bytes[r] += e.bytes()) >
                    ipcsim::core::kinds::mqueue::settingsOf(scenario.resources[r]).queueBytes)
                return at + name(e.proc) +
                       QStringLiteral(" sent into %1, full, before a message was taken out")
                           .arg(res);
            if (e.op == Op::Receive && (bytes[r] -= e.bytes()) < 0)
                return at + name(e.proc) +
                       QStringLiteral(" received a message of %1 not sent yet").arg(res);
            break;
        case ResourceType::Semaphore:
            if (e.op == Op::Post) ++tokens[r];
            if ((e.op == Op::Wait || (e.op == Op::TryWait && e.took())) && --tokens[r] < 0)
                return at + name(e.proc) +
                       QStringLiteral(" took a token of %1 not posted yet").arg(res);
            break;
        case ResourceType::SysvSemaphore: {
            const bool took = e.op == Op::Wait || (e.op == Op::TryWait && e.took());
            const int delta = e.op == Op::Post ? 1 : took ? -1 : 0;
            for (const QByteArray &m : e.text.split(',')) {
                const QPair<int, int> key{int(r), m.toInt()};
                memberTokens[key] += delta;
                if (sysvSet(r).undo) semadj[e.proc][key] -= delta;
                if (memberTokens[key] < 0)
                    return at + name(e.proc) +
                           QStringLiteral(" took a token of %1[%2] not posted yet")
                               .arg(res, QString::fromUtf8(m));
            }
            break;
        }
        case ResourceType::Mutex:
        case ResourceType::Spinlock:
            if (e.op == Op::Lock || (e.op == Op::TryLock && e.took())) {
                const int h = holder[r];
                if (h >= 0 && h != e.proc && !dead.contains(h))
                    return at + name(e.proc) +
                           QStringLiteral(" took %1 while %2 still held it").arg(res, name(h));
                holder[r] = e.proc;
            }
            if (e.op == Op::Unlock && holder[r] == e.proc) holder[r] = -1;
            break;
        case ResourceType::Rwlock:
            if (e.op == Op::Lock || (e.op == Op::TryLock && e.took())) {
                if (alive(holder[r], e.proc))
                    return at + name(e.proc) +
                           QStringLiteral(" took %1 while %2 held it to write")
                               .arg(res, name(holder[r]));
                for (int h : readers[r])
                    if (!e.shared && alive(h, e.proc))
                        return at + name(e.proc) +
                               QStringLiteral(" took %1 to write while %2 held it to read")
                                   .arg(res, name(h));
                if (e.shared)
                    readers[r] << e.proc;
                else
                    holder[r] = e.proc;
            }
            if (e.op == Op::Unlock && e.shared) readers[r].removeOne(e.proc);
            if (e.op == Op::Unlock && !e.shared && holder[r] == e.proc) holder[r] = -1;
            break;
        case ResourceType::Condition:
            if (e.op == Op::Notify || e.op == Op::Broadcast) lastNotify[r] = i;
            if (e.op == Op::Wait) {
                if (lastNotify[r] < waitBegan.value(e.proc, -1))
                    return at + name(e.proc) +
                           QStringLiteral(" woke in %1 before anyone notified it").arg(res);
                const size_t m = mutexOf(r);
                if (alive(holder[m], e.proc))
                    return at + name(e.proc) +
                           QStringLiteral(" took %1 back while %2 still held it")
                               .arg(QString::fromStdString(scenario.resources[m].name),
                                    name(holder[m]));
                holder[m] = e.proc;
            }
            break;
        case ResourceType::Shm:
        case ResourceType::SysvShm:
        case ResourceType::MappedFile: {
            // An add is atomic: it stood on the cell's value just before it. A load read a value
            // written before it (or the first 0).
            const QPair<int, qint64> key{int(r), e.cell()};
            const QString cell = QStringLiteral("%1[%2]").arg(res).arg(e.cell());
            if (e.op == Op::Add &&
                cellValue.value(key) != qint64(quint64(e.cellValue()) - quint64(operand[e.proc])))
                return at + name(e.proc) +
                       QStringLiteral(" added to %1, making it %2, while it held %3")
                           .arg(cell)
                           .arg(e.cellValue())
                           .arg(cellValue.value(key));
            if (e.op == Op::Load && e.cellValue() != 0 && !written[key].contains(e.cellValue()))
                return at + name(e.proc) +
                       QStringLiteral(" loaded %1 from %2 before it was stored")
                           .arg(e.cellValue())
                           .arg(cell);
            if (e.op == Op::Add || e.op == Op::Store) {
                cellValue[key] = e.cellValue();
                written[key].insert(e.cellValue());
            }
            break;
        }
        default:
            break;
        }
    }
    return {};
}

} // namespace

QStringList stepSequence(const core::EventBatch &events, const core::Scenario &scenario)
{
    QStringList out;
    for (const core::Event &e : events) {
        if (e.kind == core::Event::Step) {
            out << QStringLiteral("%1 %2 %3 %4 %5 v=%6 a=%7 e=%8 t=%9")
                       .arg(QString::fromStdString(scenario.instances[size_t(e.proc)].name))
                       .arg(e.line)
                       .arg(QString::fromLatin1(core::opName(e.op)))
                       .arg(e.res >= 0
                                ? QString::fromStdString(scenario.resources[size_t(e.res)].name)
                                : QString())
                       .arg(QString::fromLatin1(core::phaseName(e.phase)))
                       .arg(e.recordValue())
                       .arg(e.recordAux())
                       .arg(e.err)
                       .arg(QString::fromUtf8(e.text));
        } else if (e.kind == core::Event::Exit) {
            out << QStringLiteral("%1 exit code=%2 signal=%3")
                       .arg(QString::fromStdString(scenario.instances[size_t(e.proc)].name))
                       .arg(e.exitCode)
                       .arg(e.termSignal);
        }
    }
    return out;
}

QString ipcsimBinary()
{
    return qEnvironmentVariable("IPCSIM_BIN");
}

QStringList printedLines(const core::EventBatch &events, int instance)
{
    QStringList lines;
    for (const core::Event &e : events)
        if (e.kind == core::Event::Step && e.op == core::Op::Print && e.phase == core::Phase::End &&
            (instance < 0 || e.proc == instance))
            lines << QString::fromUtf8(e.text);
    return lines;
}

QByteArray cpusAllowed(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly)) return {};
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("Cpus_allowed_list:")) return line.mid(18).trimmed();
    return {};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size()) return {};
    return path;
}

QString sessionDirectoryOf(qint64 pid)
{
    for (const QString &base : {qEnvironmentVariable("XDG_RUNTIME_DIR"), QStringLiteral("/tmp")}) {
        if (base.isEmpty()) continue;
        const QStringList hits =
            QDir(base).entryList({QStringLiteral("ipcsim-%1-*").arg(pid)}, QDir::Dirs);
        if (!hits.isEmpty()) return base + QLatin1Char('/') + hits.first();
    }
    return {};
}

pid_t forkChild(const std::function<void()> &body)
{
    int ready[2];
    if (pipe(ready) != 0) return -1;
    const pid_t child = fork();
    if (child == 0) {
        for (int sig = 1; sig < NSIG; ++sig)
            signal(sig, SIG_DFL);
        close(ready[0]);
        const char c = 1;
        if (write(ready[1], &c, 1) != 1) _exit(1);
        close(ready[1]);
        body();
        _exit(0);
    }
    close(ready[1]);
    char c = 0;
    const bool told = child > 0 && read(ready[0], &c, 1) == 1;
    close(ready[0]);
    return told ? child : -1;
}

} // namespace ipcsim::test
