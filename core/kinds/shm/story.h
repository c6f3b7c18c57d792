// What a mapped file says as shared memory does: loads, stores, atomic adds and lost updates.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::shm {

const char *callName(Op op);
QString ended(const Told &t);

} // namespace ipcsim::core::kinds::shm
