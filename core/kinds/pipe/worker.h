// What a worker's byte streams share: write, read and close on descriptors, as a pipe's ends
// are. A fifo, a file and a socket are byte streams too, and say what differs.
#pragma once

#include "worker/workerobject.h"

#include <sys/types.h>

namespace ipcsim::core::kinds::pipe {

class ByteStream : public WorkerObject
{
public:
    // write, "write N bytes", read and close.
    void run(const Stmt &s, Step &step) override;

protected:
    // Before the statement's operands: what it needs first (a socket: its connection).
    virtual void prepare(const Stmt &) {}
    // The descriptors, inside the step (a fifo's open sleeps until the other end opens).
    virtual int writeEnd(Step &) { return m_write; }
    virtual int readEnd(Step &) { return m_read; }
    // All n bytes, looping over partial writes; returns the End's flags (WaitedForRoom).
    virtual uint16_t writeAll(Step &step, const char *data, size_t n);
    virtual ssize_t readSome(Step &step, char *buf, size_t n);
    // Gives up its descriptors for close (-1: none).
    virtual void takeEnds(int fds[2]);

    void write(const Stmt &s, Step &step);
    // The step of a read of at most n bytes, its data traced, Eof when 0.
    void receive(const Stmt &s, Step &step, size_t n);
    void close(const Stmt &s, Step &step);

    int m_read = -1;
    int m_write = -1;
    // A pipe's or a fifo's: the first write of a step asks the kernel not to wait
    // (RWF_NOWAIT), and one that falls short is told WaitedForRoom. A regular file's
    // RWF_NOWAIT may fail on a page not cached, which is no reader's doing.
    bool m_asksRoom = false;
};

} // namespace ipcsim::core::kinds::pipe
