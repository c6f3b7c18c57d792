// The words the window uses for states, kinds, calls and sources, translated in one place.
#pragma once

#include "model/worldstate.h"

#include <QCoreApplication>
#include <QString>

namespace ipcsim::core {

class Texts
{
    Q_DECLARE_TR_FUNCTIONS(Texts)
public:
    static QString stateName(core::ProcState s);
    static QString resourceKind(core::ResourceType t);
    // The kind in few letters, where the noun does not fit (KindWords::shortNoun, else the
    // noun).
    static QString resourceKindShort(core::ResourceType t);
    // The real call behind a statement on a kind of resource: "sem_wait", "mq_send", "write".
    static QString callName(core::Op op, core::ResourceType t, bool shared = false);
    // The real call behind a statement that names no object: "kill", "nanosleep".
    static QString callName(core::Op op);
    static QString keyword(core::Op op); // the script keyword: "wait", "lock"
    static QString sourceName(core::Source s);
    static QString signalName(int sig);
    static QString errnoName(int err);
    // Compact number for a small cell: 1234567 -> "1.2M".
    static QString compact(qint64 v);
    static QString bytes(qint64 n);
    static QString processLabel(const core::WorldState &w, int instance);
    static QString resourceLabel(const core::WorldState &w, int res);
};

} // namespace ipcsim::core
