// What a System V segment shares with shared memory in the engine: the cells it reads through
// its own mapping of them.
#pragma once

#include "engine/runresult.h"

#include <cstddef>

namespace ipcsim::core::kinds::shm {

// The cells at `cells` as they are at the end, each read atomically (a worker may still be
// storing); nothing when there are none to read.
inline void readFinalCells(KernelFinal *f, const qint64 *cells, size_t count)
{
    if (!cells) return;
    f->cells.resize(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        f->cells[qsizetype(i)] = __atomic_load_n(&cells[i], __ATOMIC_RELAXED);
    f->read = true;
}

} // namespace ipcsim::core::kinds::shm
