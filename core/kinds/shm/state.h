// What the world keeps of shared memory, POSIX or System V, or a mapped file
// (ResourceState::own): its cells, who touched each last, and the versions from which the lost
// updates are counted.
#pragma once

#include "model/worldstate.h"

#include <QVector>

namespace ipcsim::core::kinds::shm {

struct CellState
{
    qint64 value = 0;        // Reported by the last store or add; at the end, the kernel's
    int lastWriter = -1;     // instance that last stored/added
    bool added = false;      // that last write was an atomic add, not a store
    int lastReader = -1;     // instance that last loaded
    qint64 loaded = 0;       // what that load got
    bool loadedLast = false; // the last touch was that load (else the last write came after it)
    qint64 touchedNs = 0;    // when it was last loaded or stored (for the flash)
    // Derived, for the lost update. Each store makes a new version of the cell on top of the
    // version its process last loaded (an add, on top of the current one); depth is how many
    // stores the current version stands on. lost: the stores it does not stand on, whose
    // updates were written over by a store computed from an older load.
    qint64 stores = 0; // stores and adds told
    qint64 depth = 0;
    qint64 lost() const { return stores - depth; }
    friend bool operator==(const CellState &, const CellState &) = default;
};

struct State
{
    QVector<CellState> cells;
    friend bool operator==(const State &, const State &) = default;
};

inline constexpr StateOf<State> stateOf{}; // stateOf(resourceState)

} // namespace ipcsim::core::kinds::shm
