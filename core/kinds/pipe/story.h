// What a fifo says as a pipe does.
#pragma once

#include "story/kindwords.h"

namespace ipcsim::core::kinds::pipe {

const char *callName(Op op);
QString asleep(const Told &t);
QString next(const Told &t);
// A write's end: one that found no room (waitedForRoom) says it slept until a read made some,
// where (full) is what it found full ("the pipe", "the connection's buffer"); else "".
QString wroteOnceRoomWasMade(const Told &t, const QString &full);
QString ended(const Told &t);
// Its last end let go (closed, or by the kernel at an exit): the kernel freed the buffer and
// the bytes nobody read in it, of a pipe or a fifo; "" when it was not the last, or empty.
QString freedBy(const Told &t, bool closed, bool fifo);

} // namespace ipcsim::core::kinds::pipe
