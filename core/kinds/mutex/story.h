// What a spinlock says as a mutex does.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::mutex {

QString asleep(const Told &t);
QString ended(const Told &t);
// "will block" for a mutex, "will spin" for a spinlock.
QString next(const Told &t, bool spins);

} // namespace ipcsim::core::kinds::mutex
