// A pipe in the scenario file, and what a fifo shares with it (a fifo is a named pipe).
#pragma once

#include "scenario/kind.h"

namespace ipcsim::core::kinds::pipe {

// "capacity": the pipe's buffer in bytes, up to /proc/sys/fs/pipe-max-size (F_SETPIPE_SZ).
bool readCapacity(OptionValue &value, ResourceSpec &into);
// write, read and close: the statements of a byte stream.
extern const Op streamStatements[4];

} // namespace ipcsim::core::kinds::pipe
