// The step scheduler, pure: given where each process stands, which one takes the next step.
// It owns only the schedule's position (the list's next name, the random generator, whom
// round-robin released last); no process, clock or kernel object. The session asks it, and
// tst_scheduler checks every rule of SCENARIO-FORMAT's "Schedule" on made-up states.
#pragma once

#include "scenario/scenario.h"

#include <random>
#include <vector>

namespace ipcsim::core {

class Scheduler
{
public:
    // What the scheduler needs to know of one process.
    struct Standing
    {
        bool atGate = false;  // waiting for its next step to be released
        bool ended = false;   // exited or killed: it will never come to its gate again
        bool stopped = false; // stopped by SIGSTOP: it cannot take its step until SIGCONT
    };

    Scheduler(const Schedule &schedule, const Scenario &scenario);

    // The process to release now, -1 for none; moves the schedule on (a list past the name, the
    // random generator one draw). A list waits for the process it names next (-1 until that one
    // is at its gate); a name whose process has ended is passed. In free runs, round-robin.
    int pick(const std::vector<Standing> &procs);
    // What pick() would return now, moving nothing.
    int peek(const std::vector<Standing> &procs) const;
    // A process was released (by pick, or chosen by hand): round-robin goes on after it.
    void released(int proc) { m_lastReleased = proc; }
    // The process a list is waiting for because it is not at its gate (and has not ended), or
    // -1: the list is not waiting.
    int listWaitsFor(const std::vector<Standing> &procs) const;

private:
    struct Position
    {
        size_t listPos = 0;
        std::mt19937_64 random;
    };
    int pickFrom(Position &at, const std::vector<Standing> &procs) const;
    int named(size_t listPos) const; // the instance the list's name at listPos stands for

    Schedule::Kind m_kind;
    std::vector<int> m_listInstances; // per name of a list schedule: its instance, -1 when none
    Position m_at;
    int m_lastReleased = -1;
};

} // namespace ipcsim::core
