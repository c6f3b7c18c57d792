// Signal names of signal(7) and which of them a script may send or await. The real-time
// signals are named from the ends of their range, as signal(7) writes them: SIGRTMIN,
// SIGRTMIN+N, SIGRTMAX-N, SIGRTMAX (glibc keeps the first two of the kernel's for itself:
// SIGRTMIN is 34 here).
#pragma once

#include <string>

namespace ipcsim::core {

// The number of a signal named as in signal(7) ("SIGKILL", "SIGRTMIN+2"), or 0.
int signalByName(const std::string &name);
// "SIGKILL" for 9, "SIGRTMIN+2" for 36, or "" when the number is no signal.
std::string signalName(int sig);
// SIGRTMIN..SIGRTMAX: signals that queue, each with its value, where a standard one that is
// already pending is merged with it.
bool isRealTime(int sig);
// A name of signal(7) that this architecture does not define (SIGEMT, SIGINFO, SIGLOST).
bool signalAbsentHere(const std::string &name);
// SIGUSR1 SIGUSR2 SIGTERM SIGINT SIGHUP SIGALRM SIGSTOP SIGCONT SIGKILL, and the real-time
// signals.
bool scriptMaySend(int sig);
// All but SIGSTOP, SIGCONT and SIGKILL: the ones a worker can block and take with
// sigwaitinfo.
bool scriptMayAwait(int sig);
const char *sendableSignalList();  // for messages
const char *awaitableSignalList(); // for messages

} // namespace ipcsim::core
