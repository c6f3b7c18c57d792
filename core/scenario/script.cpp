#include "scenario/script.h"

namespace ipcsim::core {

const char *opName(Op op)
{
    // Indexed by Op; WriteBytes is written "write R N bytes", so its keyword is "write".
    static const char *const names[] = {
        "none",   "write",   "write",   "read",    "close",  "send",     "receive",
        "accept", "connect", "load",    "store",   "add",    "wait",     "trywait",
        "post",   "lock",    "trylock", "unlock",  "arrive", "lockfile", "unlockfile",
        "signal", "await",   "sleep",   "compute", "print",  "exit",     "crash",
        "set",    "repeat",  "forever", "while",   "if",     "break",
    };
    static_assert(sizeof(names) / sizeof(names[0]) == size_t(Op::Count_));
    const auto i = size_t(op);
    return i < size_t(Op::Count_) ? names[i] : "?";
}

} // namespace ipcsim::core
