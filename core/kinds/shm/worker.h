// What a mapped file and a System V segment share with shared memory in a worker: numbered
// 64-bit cells mapped MAP_SHARED (or attached), loaded and stored as plain memory and added to
// atomically.
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
    // Takes the spec's cells at a System V segment's address, attached with shmat; they are
    // detached with shmdt.
    void attached(void *at, const ResourceSpec &spec);

private:
    void hold(void *at, const ResourceSpec &spec, bool shmat);

    const ResourceSpec *m_spec = nullptr;
    volatile int64_t *m_cells = nullptr;
    int64_t m_count = 0;
    bool m_shmat = false;
};

} // namespace ipcsim::core::kinds::shm
