// Scenarios of tst_engine, apart from it: moc cannot read raw string literals.
#pragma once

#include <QByteArray>

inline const QByteArray kBoundedBuffer = R"({
  "format": 1, "title": "bounded buffer", "schedule": "round-robin",
  "resources": [
    {"name": "slots", "type": "shm", "cells": 2},
    {"name": "empty", "type": "semaphore", "initial": 2},
    {"name": "full", "type": "semaphore"},
    {"name": "m", "type": "mutex"}
  ],
  "processes": [
    {"name": "producer", "script": "repeat 6:\n    wait empty\n    lock m\n    store slots[$i % 2] = $i\n    unlock m\n    post full\n"},
    {"name": "consumer", "script": "repeat 6:\n    wait full\n    lock m\n    load v = slots[$i % 2]\n    unlock m\n    post empty\n    print \"got\", v\n"}
  ]
})";

inline const QByteArray kTwoLocks = R"({
  "format": 1, "title": "two locks",
  "schedule": ["a", "b", "a", "b"],
  "resources": [{"name": "m1", "type": "mutex"}, {"name": "m2", "type": "mutex"}],
  "processes": [
    {"name": "a", "script": "lock m1\nlock m2\nunlock m2\nunlock m1\n"},
    {"name": "b", "script": "lock m2\nlock m1\nunlock m1\nunlock m2\n"}
  ]
})";

inline const QByteArray kNamedList = R"({
          "format": 1, "title": "list",
          "schedule": ["b", "b", "a"],
          "resources": [],
          "processes": [
            {"name": "a", "script": "print \"a1\"\nprint \"a2\"\n"},
            {"name": "b", "script": "print \"b1\"\nprint \"b2\"\n"}
          ]
        })";

// kNamedList under the free schedule.
inline const QByteArray kNamedListFree = R"({
          "format": 1, "title": "list",
          "resources": [],
          "processes": [
            {"name": "a", "script": "print \"a1\"\nprint \"a2\"\n"},
            {"name": "b", "script": "print \"b1\"\nprint \"b2\"\n"}
          ]
        })";

inline const QByteArray kLonelySemaphore = R"({
          "format": 1, "title": "lonely",
          "resources": [{"name": "s", "type": "semaphore"}, {"name": "p", "type": "pipe"}],
          "processes": [
            {"name": "waiter", "script": "wait s\n"},
            {"name": "reader", "script": "read p 1 -> x\nprint x\n"},
            {"name": "writer", "script": "sleep 1\nwait s\nwrite p \"x\"\n"}
          ]
        })";

inline const QByteArray kHeldSpinlock = R"({
          "format": 1, "title": "spin",
          "resources": [{"name": "l", "type": "spinlock"}, {"name": "s", "type": "semaphore"}],
          "processes": [
            {"name": "holder", "script": "lock l\nwait s\n"},
            {"name": "spinner", "script": "sleep 20\nlock l\npost s\n"}
          ]
        })";

inline const QByteArray kPingPong = R"({
          "format": 1, "title": "ping-pong",
          "resources": [{"name": "ab", "type": "pipe"}, {"name": "ba", "type": "pipe"}],
          "processes": [
            {"name": "ping", "script": "repeat 5000:\n    write ab \"x\"\n    read ba 1 -> r\n"},
            {"name": "pong", "script": "repeat 5000:\n    read ab 1 -> r\n    write ba r\n"}
          ]
        })";

inline const QByteArray kForever = R"({
          "format": 1, "title": "forever", "timeout_ms": 300,
          "resources": [],
          "processes": [{"name": "busy", "script": "forever:\n    sleep 10\n"}]
        })";

inline const QByteArray kManyObjects = R"({
          "format": 1, "title": "objects",
          "resources": [{"name": "q", "type": "mqueue"}, {"name": "cells", "type": "shm"},
                        {"name": "f", "type": "fifo"}, {"name": "s", "type": "socket"},
                        {"name": "file", "type": "file", "content": "x"}],
          "processes": [{"name": "a", "script": "receive q -> m\n"},
                        {"name": "b", "count": 2, "script": "forever:\n    add cells[0] 1\n    sleep 5\n"}]
        })";

inline const QByteArray kVictim = R"({
          "format": 1, "title": "victim",
          "resources": [{"name": "s", "type": "semaphore"}, {"name": "q", "type": "mqueue"}],
          "processes": [{"name": "victim", "script": "wait s\n"},
                        {"name": "other", "script": "print \"done\"\n"}]
        })";

inline const QByteArray kLongRun = R"({
          "format": 1, "title": "long", "timeout_ms": 60000,
          "resources": [{"name": "cells", "type": "shm"}, {"name": "q", "type": "mqueue"},
                        {"name": "p", "type": "pipe"}, {"name": "s", "type": "semaphore"},
                        {"name": "sq", "type": "sysv-mqueue"},
                        {"name": "ss", "type": "sysv-semaphore", "semaphores": 2},
                        {"name": "sm", "type": "sysv-shm", "cells": 2}],
          "processes": [{"name": "sleeper", "count": 3, "script": "forever:\n    add cells[$index] 1\n    sleep 2\n"},
                        {"name": "blocked", "script": "write p \"9\\n\"\nwait s\n"},
                        {"name": "sorter", "exec": ["sort"], "stdin": "p"}]
        })";

inline const QByteArray kOnePrint = R"({"format": 1, "title": "t", "resources": [],
            "processes": [{"name": "p", "script": "print 1\n"}]})";

inline const QByteArray kDescriptors = R"({
          "format": 1, "title": "fds",
          "resources": [{"name": "a", "type": "pipe"}, {"name": "b", "type": "pipe"},
                        {"name": "s", "type": "semaphore"}],
          "processes": [{"name": "reader", "script": "wait s\nread a 1 -> x\n"},
                        {"name": "other", "script": "write b \"y\"\nread b 1 -> y\nwait s\n"}]
        })";

inline const QByteArray kBlockedForever = R"({"format": 1, "title": "t",
            "resources": [{"name": "s", "type": "semaphore"}],
            "processes": [{"name": "p", "script": "wait s\n"}]})";

inline const QByteArray kSortPipeline = R"({
          "format": 1, "title": "pipeline",
          "resources": [{"name": "nums", "type": "pipe"}, {"name": "sorted", "type": "pipe"}],
          "processes": [
            {"name": "gen", "script": "write nums \"3\\n1\\n2\\n\"\n"},
            {"name": "sort", "exec": ["sort", "-n"], "stdin": "nums", "stdout": "sorted"},
            {"name": "show", "script": "forever:\n    read sorted 100 -> t\n    if t == \"\":\n        break\n    print t\n"}
          ]
        })";

inline const QByteArray kMissingProgram = R"({
          "format": 1, "title": "nope", "resources": [{"name": "c", "type": "shm"}],
          "processes": [{"name": "x", "exec": ["ipcsim-no-such-program-xyz"]}]
        })";
inline const QByteArray kForeverAdders = R"({
  "format": 1, "title": "forever",
  "resources": [{"name": "c", "type": "shm"}, {"name": "q", "type": "mqueue"}],
  "processes": [{"name": "p", "count": 2, "script": "forever:\n    add c[0] 1\n    sleep 5\n"}]
})";

// Two processes that each need 50 ms of the CPU's time.
inline const QByteArray kTwoComputers = R"({"format": 1, "title": "computers",
            "resources": [],
            "processes": [{"name": "c", "count": 2, "script": "compute 50\n"}]})";

// b awaits SIGUSR1 while SIGUSR2, which it awaits next, is already pending (blocked).
inline const QByteArray kAwaitWithAnotherSignalPending = R"({"format": 1, "title": "t",
            "timeout_ms": 10000, "schedule": "round-robin", "resources": [],
            "processes": [{"name": "a", "script": "signal b SIGUSR2\nsignal b SIGUSR1\n"},
                          {"name": "b", "script": "await SIGUSR1\nawait SIGUSR2\nprint \"done\"\n"}]})";

// A spinlock taken twice by its own holder: it spins forever.
inline const QByteArray kSpinlockRelock = R"({"format": 1, "title": "t", "timeout_ms": 10000,
            "resources": [{"name": "l", "type": "spinlock"}],
            "processes": [{"name": "a", "script": "lock l\nlock l\n"}]})";

// Sleeps far past its timeout.
inline const QByteArray kSleepsPastTimeout = R"({"format": 1, "title": "t", "timeout_ms": 1000,
            "resources": [], "processes": [{"name": "s", "script": "sleep 5000\n"}]})";

// An exec stage that only sleeps (on a timer, not on a resource), then exits: its reader gets EOF.
inline const QByteArray kExecSleeps = R"({"format": 1, "title": "t", "timeout_ms": 10000,
            "resources": [{"name": "o", "type": "pipe"}],
            "processes": [{"name": "slow", "exec": ["sleep", "0.3"], "stdout": "o"},
                          {"name": "r", "script": "read o 64\n"}]})";

// cat reads its stdin from a pipe that a script writes to only after 300 ms, and closes 200 ms
// after that (cat, having copied the byte, sleeps in its next read meanwhile).
inline const QByteArray kExecWaitsForItsStdin = R"({"format": 1, "title": "t", "timeout_ms": 10000,
            "resources": [{"name": "feed", "type": "pipe"}],
            "processes": [{"name": "cat", "exec": ["cat"], "stdin": "feed"},
                          {"name": "w", "script": "sleep 300\nwrite feed \"x\"\nsleep 200\nclose feed\n"}]})";

// Four processes spin on a lock h holds; under round-robin w[0] starts spinning first, then
// w[1], w[2], w[3].
inline const QByteArray kFourSpinners = R"({"format": 1, "title": "t", "timeout_ms": 10000,
            "schedule": "round-robin", "resources": [{"name": "sp", "type": "spinlock"}],
            "processes": [{"name": "h", "script": "lock sp\nunlock sp\n"},
                          {"name": "w", "count": 4,
                           "script": "lock sp\nprint \"got\", $index\nunlock sp\n"}]})";

// Stream peers that each wait to receive from the other.
inline const QByteArray kStreamPeersBothReceive = R"({"format": 1, "title": "t",
            "timeout_ms": 10000, "resources": [{"name": "s", "type": "socket"}],
            "processes": [{"name": "a", "script": "accept s\nreceive s\n"},
                          {"name": "b", "script": "connect s\nreceive s\n"}]})";

// The list names b twice, but b blocks on s, which only a posts: the list waits for b.
inline const QByteArray kListWaitsForBlocked = R"({"format": 1, "title": "t", "timeout_ms": 1500,
            "schedule": ["b", "b", "a"], "resources": [{"name": "s", "type": "semaphore"}],
            "processes": [{"name": "a", "script": "post s\n"},
                          {"name": "b", "script": "wait s\nprint \"in\"\n"}]})";

// w[0] queues first for the spinlock h holds, then is killed while it spins; w[1], behind it,
// must still get the lock when h lets go.
inline const QByteArray kSpinnerKilledInQueue = R"({"format": 1, "title": "t",
            "timeout_ms": 10000, "schedule": "round-robin",
            "resources": [{"name": "sp", "type": "spinlock"}, {"name": "go", "type": "semaphore"}],
            "processes": [{"name": "h", "script": "lock sp\nwait go\nunlock sp\n"},
                          {"name": "w", "count": 2,
                           "script": "lock sp\nprint \"got\", $index\nunlock sp\n"},
                          {"name": "k", "script": "signal w[0] SIGKILL\npost go\n"}]})";

// Two workers adding as fast as they can: 800,000 step records.
inline const QByteArray kAddFlood = R"({"format": 1, "title": "Add flood",
  "resources": [{"name": "c", "type": "shm", "cells": 1}],
  "processes": [{"name": "adder", "count": 2, "script": "repeat 200000:\n    add c[0] 1"}]})";

// 30,000 lines printed where one is expected.
inline const QByteArray kPrintFlood = R"({"format": 1, "title": "Print flood", "resources": [],
  "processes": [{"name": "talker", "script": "repeat 30000:\n    print \"line\", $i"}],
  "expect": {"printed": {"talker": ["line 0"]}}})";

// Six processes printing lines too long to go inline (each a message on the control socket),
// as fast as they can, until the 15 s timeout.
inline const QByteArray kLongPrintFlood = R"({"format": 1, "title": "Long print flood",
  "timeout_ms": 15000, "resources": [],
  "processes": [{"name": "talker", "count": 6,
                 "script": "forever:\n    print \"this line is longer than twenty-two bytes\""}]})";

// A program writing one line of 300,000 bytes, no newline.
inline const QByteArray kLongProgramLine = R"({"format": 1, "title": "Long line", "resources": [],
  "processes": [{"name": "wide", "exec": ["sh", "-c", "head -c 300000 /dev/zero | tr '\\0' a"]}]})";

// yes, for 3 s.
inline const QByteArray kYesFlood = R"({"format": 1, "title": "yes flood", "timeout_ms": 3000,
  "resources": [], "processes": [{"name": "y", "exec": ["yes"]}]})";

// One process sleeping 100 ms ten times: a run of a second with nothing to report meanwhile.
inline const QByteArray kSleeper = R"({"format": 1, "title": "Sleeper", "resources": [],
  "processes": [{"name": "s", "script": "repeat 10:\n    sleep 100"}]})";

// A unix stream socket: one connects and sends, the other accepts and receives.
inline const QByteArray kUnixHello = R"({"format": 1, "title": "Unix hello",
  "resources": [{"name": "sock", "type": "socket"}],
  "processes": [
    {"name": "server", "script": "accept sock\nreceive sock -> m\nprint m"},
    {"name": "client", "script": "connect sock\nsend sock \"hello\""}],
  "expect": {"exit": {"*": 0}, "printed": {"server": ["hello"]}}})";

// A program that starts a grandchild in a session of its own, prints its pid and ends a
// moment later (by then the grandchild has left the run's process group).
inline const QByteArray kSetsidGrandchild = R"({"format": 1, "title": "Escapee", "resources": [],
  "processes": [{"name": "starter", "exec": ["sh", "-c", "setsid sleep 300 & echo $!; sleep 0.5"]}]})";

// The same, and then the program goes on for 30 s.
inline const QByteArray kSetsidGrandchildLongRun = R"({"format": 1, "title": "Escapee",
  "resources": [],
  "processes": [{"name": "starter", "exec": ["sh", "-c", "setsid sleep 300 & echo $!; sleep 30"]}]})";

// boss stops worker, then lets it go on: worker runs nothing in between.
inline const QByteArray kStopAndContinue = R"({
  "format": 1, "title": "stop and continue",
  "resources": [{"name": "go", "type": "semaphore"}],
  "processes": [
    {"name": "boss", "script": "sleep 100\nsignal worker SIGSTOP\nsleep 300\nsignal worker SIGCONT\nwait go\n"},
    {"name": "worker", "script": "repeat 50:\n    sleep 10\npost go\n"}
  ]
})";

// reader is stopped inside its read; the data comes, but only SIGCONT would let it take it
// and post go: writer waits for go, and that is no deadlock.
inline const QByteArray kStoppedReader = R"({
  "format": 1, "title": "stopped reader",
  "resources": [{"name": "p", "type": "pipe"}, {"name": "go", "type": "semaphore"}],
  "processes": [
    {"name": "reader", "script": "read p 5 -> x\npost go\n"},
    {"name": "writer", "script": "sleep 200\nsignal reader SIGSTOP\nsleep 50\nwrite p \"hello\"\nwait go\n"}
  ]
})";

// Step mode: the stopped worker's turns pass to boss until SIGCONT.
inline const QByteArray kStopInStepMode = R"({
  "format": 1, "title": "stop in step mode", "schedule": "round-robin",
  "resources": [],
  "processes": [
    {"name": "boss", "script": "signal worker SIGSTOP\nprint \"b1\"\nprint \"b2\"\nsignal worker SIGCONT\nprint \"b3\"\n"},
    {"name": "worker", "script": "print \"w1\"\nprint \"w2\"\n"}
  ]
})";

// Two processes adding as fast as they can, until the timeout.
inline const QByteArray kStepFlood = R"({"format": 1, "title": "Step flood",
  "resources": [{"name": "c", "type": "shm", "cells": 1}],
  "processes": [{"name": "adder", "count": 2, "script": "forever:\n    add c[0] 1"}]})";
