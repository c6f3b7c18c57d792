// What a fifo says as a pipe does.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::pipe {

const char *callName(Op op);
QString asleep(const Told &t);
QString next(const Told &t);

} // namespace ipcsim::core::kinds::pipe
