// Helpers shared by the QTest suites: scenarios from inline JSON, a run to its end with every
// event collected, and the leak checks of DESIGN.md invariant 5 for one session.
#pragma once

#include "engine/session.h"
#include "model/worldmodel.h"
#include "scenario/scenarioloader.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <functional>
#include <optional>
#include <sys/types.h>

namespace ipcsim::test {

// Built with AddressSanitizer (the asan preset): freed memory waits in its quarantine and
// every allocation carries its redzones, so a bound on memory holds only for a normal build.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kAddressSanitizer = true;
#else
inline constexpr bool kAddressSanitizer = false;
#endif
#else
inline constexpr bool kAddressSanitizer = false;
#endif

// Parses a scenario; on failure returns nullopt and puts the messages in *errors.
std::optional<core::Scenario> scenarioFromJson(const QByteArray &json,
                                               QStringList *errors = nullptr,
                                               const char *fileName = "test.json");
// A built-in scenario by NAME.
std::optional<core::Scenario> builtIn(const QString &name);
// A deadlock's waits by name, "consumer\tfull" each, for comparing with a list.
QStringList waitNames(const core::Scenario &scenario, const QList<core::DeadlockWait> &waits);

struct Run
{
    bool finished = false; // finished() came before the deadline
    core::RunResult result;
    core::EventBatch events;
    core::WorldState world; // the reducer's state after every event
    QString directory;      // the session folder (gone after the run)
    QList<int> pids;
};

// Starts a Session in this thread and spins the event loop until it finishes or the deadline
// passes (then it is stopped). `during` is called once every process has started.
Run runToEnd(const core::Scenario &scenario, core::Session::Options options = {},
             int deadlineMs = 30000);

// Everything of this session still on the machine: its folder, its POSIX shared memory and
// message queues, its System V objects, its processes (alive or zombie). Empty means nothing
// leaked.
QStringList leftoversOf(const QString &sessionDirectory, const QList<int> &pids);
// POSIX shared memory and message queues whose names start with prefix ("ipcsim-4242-").
QStringList namedObjectsStartingWith(const QString &prefix);
// System V message queues and semaphore sets with one of the keys the session folder's
// layout gives its resources (ipc/sessionlayout.h, sysvKey), from /proc/sysvipc.
QStringList sysvObjectsOf(const QString &sessionDirectory);
// The parent of a process from /proc/PID/stat, and its state letter; -1 when it is gone.
int parentOf(int pid, char *state = nullptr);

// The steps of a run as comparable lines: process, line, statement, resource, phase, result
// (no times, no PIDs).
QStringList stepSequence(const core::EventBatch &events, const core::Scenario &scenario);

// The first place where, in the order given, something was consumed before it was produced:
// bytes read beyond those written to a pipe, FIFO or socket, a message received beyond those
// sent, a semaphore token taken beyond those posted, a lock taken while its holder still held
// it and lived, a signal taken before it was sent. Empty when the events tell causes first.
// (The rules of shared/tools/causal-check, plus signals; written apart from core's CausalOrder.)
QString causalViolation(const core::EventBatch &events, const core::Scenario &scenario);

QString ipcsimBinary();

// The lines printed, in the order of the events: by one process, or by all (instance -1).
QStringList printedLines(const core::EventBatch &events, int instance = -1);

// The kernel's Cpus_allowed_list of a live process ("0", "0-1"), or empty.
QByteArray cpusAllowed(qint64 pid);

// Writes text into dir/name and returns the path; empty if it could not be written.
QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &text);

// The session folder of the ipcsim process pid (ipcsim-<pid>-*), or empty while it has none.
QString sessionDirectoryOf(qint64 pid);

// A child that runs body (which should not return; it exits 0 if it does) as the kernel runs
// a process, without the signal handlers QTest installed in this one (which catch SIGTERM to
// print a stack trace), returned once it is about to; -1 if it could not be.
pid_t forkChild(const std::function<void()> &body);

} // namespace ipcsim::test
