// What a fifo shares with a pipe in the world: a byte stream whose readers see end of file
// once every writer has closed its end.
#pragma once

#include "model/kindmodel.h"

namespace ipcsim::core::kinds::pipe {

void init(ResourceState &r, int res, const ResourceSpec &spec, const Scenario &scenario);
void ended(const StepEnded &step);
void exited(ResourceState &r, int res, int proc, const ProcessState &p, const ProcessSpec &spec);
void programsWrote(ResourceState &r, qint64 bytes);

// Whether the process holds a write end (end of file comes when no one does).
bool writes(const ProcessSpec &spec, int res);
// A call that puts bytes into a stream.
bool puts(Op op);

// The bytes told into a stream and out of it. A read needs its bytes written, and, on a pipe
// or a fifo, an end of file needs every writer's end closed. Bytes an exec program moves are
// never reported: then a read needs nothing.
class StreamLedger : public CausalLedger
{
public:
    // endOfFile: a pipe's or a fifo's, which has writers' ends and a capacity of its own.
    StreamLedger(int res, const Scenario &scenario, bool endOfFile);

    bool met(const Event &e, const View &view) const override;
    bool produces(const Event &open, const Event &e) const override;
    void told(const Event &e) override;
    void exited(int proc) override;

private:
    qint64 m_capacity = 65536;  // what it holds before a write blocks
    qint64 m_bytes = 0;         // written less read
    std::vector<int> m_writers; // processes holding a write end (a pipe's, a fifo's)
    bool m_endOfFile = false;
    bool m_unseen = false; // an exec program moves bytes on it, unreported
};
std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario);
Flows flows(const ResourceSpec &spec); // bytes

} // namespace ipcsim::core::kinds::pipe
