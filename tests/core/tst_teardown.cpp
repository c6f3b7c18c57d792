// The end of a run's processes (engine/teardown.h), on real children: the group killed at once,
// a process that left the group, a program's daemon found by the session's marker, and every
// child reaped with its real end, so that the process table keeps nothing of the run.
#include "engine/teardown.h"

#include <QFile>
#include <QTest>

#include <csignal>
#include <cstdlib>
#include <string>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ipcsim::core;

namespace {

// A child that sleeps until a signal ends it, in process group pgid (0: a group of its own).
pid_t sleeper(pid_t pgid)
{
    const pid_t pid = fork();
    if (pid == 0) {
        setpgid(0, pgid);
        for (;;)
            pause();
    }
    if (pid > 0) setpgid(pid, pgid ? pgid : pid); // either of the two may run first
    return pid;
}

// Whether pid has ended and been reaped: no process of that number is left.
bool gone(pid_t pid)
{
    return kill(pid, 0) != 0 && errno == ESRCH;
}

bool killedBySigkill(int status)
{
    return status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

QByteArray comm(pid_t pid)
{
    QFile f(QStringLiteral("/proc/%1/comm").arg(pid));
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed() : QByteArray();
}

} // namespace

class TestTeardown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // A run's group: the sleepers are killed, one that had exited on its own keeps its exit
    // code, and every one is reaped; no child is left to wait for.
    void killsTheGroupAndReapsEveryChild()
    {
        const pid_t first = sleeper(0);
        QVERIFY(first > 0);
        const pid_t second = sleeper(first);
        const pid_t exiter = fork();
        if (exiter == 0) {
            setpgid(0, first);
            _exit(3);
        }
        QVERIFY(second > 0 && exiter > 0);
        setpgid(exiter, first);
        siginfo_t si{}; // ended, not reaped: a zombie until the teardown reaps it
        QCOMPARE(waitid(P_PID, id_t(exiter), &si, WEXITED | WNOWAIT), 0);

        const pid_t alive[] = {first, -1, second, exiter};
        killRun(first, nullptr, alive);
        const std::vector<int> statuses = reapAll(alive);
        QCOMPARE(statuses.size(), size_t(4));
        QVERIFY(killedBySigkill(statuses[0]));
        QCOMPARE(statuses[1], -1);
        QVERIFY(killedBySigkill(statuses[2]));
        QVERIFY(WIFEXITED(statuses[3]) && WEXITSTATUS(statuses[3]) == 3);
        for (pid_t pid : {first, second, exiter})
            QVERIFY2(gone(pid), qPrintable(QString::number(pid)));
        QCOMPARE(waitpid(-1, nullptr, WNOHANG), -1);
        QCOMPARE(errno, ECHILD);
    }

    // A process of the run that left its group (setpgid) is killed by its own pid.
    void aProcessThatLeftTheGroupIsKilledToo()
    {
        const pid_t inGroup = sleeper(0);
        const pid_t left = sleeper(0); // a group of its own
        QVERIFY(inGroup > 0 && left > 0);
        const pid_t alive[] = {inGroup, left};
        killRun(inGroup, nullptr, alive);
        const std::vector<int> statuses = reapAll(alive);
        QVERIFY(killedBySigkill(statuses[0]));
        QVERIFY(killedBySigkill(statuses[1]));
        QVERIFY(gone(left));
    }

    // A program's daemon (setsid, then a fork whose parent exits) is in no group of the run
    // and no child of it: the session's marker in its environment finds it, and only with it.
    void aDaemonOutOfTheGroupIsFoundByTheSessionsMarker()
    {
        // Its orphan comes to this test, not to PID 1, so that the test sees its end.
        QCOMPARE(prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
        const std::string marker = "IPCSIM_SESSION=/tmp/tst-teardown-" + std::to_string(getpid());
        int report[2];
        QCOMPARE(pipe(report), 0);
        const pid_t program = fork();
        if (program == 0) {
            setsid();
            const pid_t daemon = fork();
            if (daemon == 0) {
                char *const argv[] = {const_cast<char *>("sleep"), const_cast<char *>("1000"),
                                      nullptr};
                char *const envp[] = {const_cast<char *>(marker.c_str()), nullptr};
                execve("/bin/sleep", argv, envp);
                _exit(127);
            }
            (void)!write(report[1], &daemon, sizeof daemon);
            _exit(0);
        }
        close(report[1]);
        pid_t daemon = -1;
        QCOMPARE(read(report[0], &daemon, sizeof daemon), ssize_t(sizeof daemon));
        close(report[0]);
        int status = 0;
        QCOMPARE(waitpid(program, &status, 0), program);
        QTRY_COMPARE_WITH_TIMEOUT(comm(daemon), QByteArray("sleep"), 20000); // it runs, marked

        killRun(0, nullptr); // no group, no marker: nothing to find it by
        QCOMPARE(waitpid(daemon, &status, WNOHANG), 0);
        killRun(0, marker.c_str());
        QCOMPARE(waitpid(daemon, &status, 0), daemon);
        QVERIFY(killedBySigkill(status));
        prctl(PR_SET_CHILD_SUBREAPER, 0);
    }
};

QTEST_GUILESS_MAIN(TestTeardown)
#include "tst_teardown.moc"
