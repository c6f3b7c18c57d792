// What a mapped file says as shared memory does: loads, stores, atomic adds and lost updates.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::shm {

const char *callName(Op op);
QString ended(const Told &t);
// The cells the kernel held at the end, read `from` ("from the segment"): " = [0, 42]  (kernel:
// read from the segment at the end)".
QString cellsAtTheEnd(const KernelFinal &f, const char *from);
// The updates lost on its cells, one sentence per cell that lost any.
QString lostUpdates(const ResourceState &r);

} // namespace ipcsim::core::kinds::shm
