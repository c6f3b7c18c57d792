// What a spinlock says as a mutex does.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::mutex {

QString asleep(const Told &t);
QString ended(const Told &t);
// " reader can take it now.": the first other process in a call on it, to whom an unlock
// hands it; "" when none is.
QString canTakeItNow(const Told &t);
// "will block" for a mutex, "will spin" for a spinlock.
QString next(const Told &t, bool spins);

} // namespace ipcsim::core::kinds::mutex
