// Signal names of signal(7) and which of them a script may send or await.
#pragma once

#include <string>

namespace ipcsim::core {

// The number of a standard signal named as in signal(7) ("SIGKILL"), or 0.
int signalByName(const std::string &name);
// "SIGKILL" for 9, or "" when the number is not a standard signal.
std::string signalName(int sig);
// A name of signal(7) that this architecture does not define (SIGEMT, SIGINFO, SIGLOST).
bool signalAbsentHere(const std::string &name);
// SIGUSR1 SIGUSR2 SIGTERM SIGINT SIGHUP SIGALRM SIGSTOP SIGCONT SIGKILL.
bool scriptMaySend(int sig);
// The first six of those: the ones a worker can block and take with sigwaitinfo.
bool scriptMayAwait(int sig);
const char *sendableSignalList();  // for messages
const char *awaitableSignalList(); // for messages

} // namespace ipcsim::core
