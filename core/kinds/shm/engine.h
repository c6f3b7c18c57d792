// What a System V segment shares with shared memory in the engine: the cells it reads through
// its own mapping of them.
#pragma once

#include <QVector>

#include <cstddef>

namespace ipcsim::core::kinds::shm {

// The cells at `cells` as they are now, each read atomically (the workers may be storing).
inline QVector<qint64> cellsAt(const qint64 *cells, size_t count)
{
    QVector<qint64> out;
    if (!cells) return out;
    out.resize(qsizetype(count));
    for (size_t i = 0; i < count; ++i)
        out[qsizetype(i)] = __atomic_load_n(&cells[i], __ATOMIC_RELAXED);
    return out;
}

} // namespace ipcsim::core::kinds::shm
