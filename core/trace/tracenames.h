// Symbolic names used in traces and messages: errno names ("EAGAIN"), signal names ("SIGKILL"),
// and the text form of a schedule. Both directions, so a trace reads back what it wrote.
#pragma once

#include "scenario/scenario.h"

#include <QString>
#include <QStringList>

namespace ipcsim::core {

// A class of static functions only so the names cannot clash with scenario/signalnames.h.
class TraceNames
{
public:
    // "EAGAIN"; an errno without a name gives "E<number>".
    static QString errnoName(int err);
    // Inverse of errnoName; also accepts a decimal number. 0 when unknown.
    static int errnoFromName(const QString &name);

    // "SIGKILL", "SIGRTMIN+3"; a number without a name gives "SIG<number>".
    static QString signalName(int sig);
    // Inverse of signalName ("SIGUSR1", "USR1" or a decimal number). 0 when unknown.
    static int signalFromName(const QString &name);

    // "free", "round-robin", "random:SEED", or the list "p,q,p": what parseSchedule reads.
    static QString scheduleText(const Schedule &schedule);
};

} // namespace ipcsim::core
