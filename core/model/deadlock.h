// A deadlock as the engine found it, by index: who is stuck, on what, and the circle of waits
// if there is one. Names are for people, made from the scenario where they are shown.
#pragma once

#include "scenario/scenario.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace ipcsim::core {

// One process asleep for good, and what it sleeps on: a resource (a program reading its
// standard input: the resource behind it), or the signal an await waits for.
struct DeadlockWait
{
    int proc = -1; // instance index
    int res = -1;  // resource index, or -1
    int sig = 0;   // await: the signal (res is -1)

    friend bool operator==(const DeadlockWait &, const DeadlockWait &) = default;
};

struct DeadlockFinding
{
    QList<DeadlockWait> waits; // every process left, in instance order
    // The circle, in its order: each process waits on what the next one holds or alone could
    // do, and the last on what the first holds. Empty: the waits make no circle (nobody left
    // will ever do what they wait for).
    QList<DeadlockWait> cycle;

    bool isEmpty() const { return waits.isEmpty(); }
    friend bool operator==(const DeadlockFinding &, const DeadlockFinding &) = default;
};

struct WorldState;

// The names, from the scenario or from a world made of it.
// "consumer": the instance's name.
QString processName(const Scenario &scenario, int proc);
QString processName(const WorldState &world, int proc);
// What w waits on: "full", "SIGUSR1"; "?" when nothing is known.
QString waitedName(const Scenario &scenario, const DeadlockWait &w);
QString waitedName(const WorldState &world, const DeadlockWait &w);
// The circle as it is read aloud, names alternating and closed: "p", "a", "q", "b", "p".
QStringList circleNames(const Scenario &scenario, const QList<DeadlockWait> &cycle);
QStringList circleNames(const WorldState &world, const QList<DeadlockWait> &cycle);

} // namespace ipcsim::core
