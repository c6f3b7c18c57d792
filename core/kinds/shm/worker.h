// What a mapped file shares with shared memory in a worker: numbered 64-bit cells mapped
// MAP_SHARED, loaded and stored as plain memory and added to atomically.
#pragma once

#include "worker/workerobject.h"

#include <cstdint>

namespace ipcsim::core::kinds::shm {

class Cells : public WorkerObject
{
public:
    ~Cells() override;
    void run(const Stmt &s, Step &step) override;

protected:
    // Maps the spec's cells of fd, opened for reading and writing (what: the call that opened
    // it, for the error); closes fd.
    bool map(int fd, const ResourceSpec &spec, const std::string &what, std::string *error);

private:
    const ResourceSpec *m_spec = nullptr;
    volatile int64_t *m_cells = nullptr;
    int64_t m_count = 0;
};

} // namespace ipcsim::core::kinds::shm
