// What a mapped file shares with shared memory in the world: its cells, who touched each
// last, and the versions from which the lost updates are counted.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::shm {

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario);
void ended(const StepEnded &step);
// The cells' values the kernel held at the end (KindModel::finalReading).
void finalCells(ResourceState &r, const KernelFinal &kernel);
// Its ledger in the causal order: an add after the write it stood on, a load after the write
// it read (KindModel::ledger).
std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario);
// How many stores to cell a store by proc now would write over: those made since proc last
// loaded it, by another process (0 when proc stored it last or never loaded it).
qint64 overwrites(const WorldState &world, int proc, int res, qint64 cell);

} // namespace ipcsim::core::kinds::shm
