// The one way ipcsim makes a system call that may be interrupted: retry EINTR a bounded number
// of times and keep errno, so a failure can be reported readably. Plain C++.
#pragma once

#include <cerrno>
#include <cstring>
#include <string>

namespace ipcsim::core::sys {

constexpr int kEintrRetries = 64;

// Calls f() until it does not fail with EINTR (at most kEintrRetries times). f returns a value
// that is -1 on failure (the POSIX convention); errno is left as the call set it.
template <typename F> auto retry(F &&f) -> decltype(f())
{
    decltype(f()) r;
    int tries = 0;
    do {
        r = f();
    } while (r == decltype(r)(-1) && errno == EINTR && ++tries < kEintrRetries);
    return r;
}

// "shm_open(/ipcsim-1-x-slots): File exists (EEXIST)"
inline std::string describe(const std::string &what, int err)
{
    std::string s = what + ": " + std::strerror(err);
    if (const char *name = strerrorname_np(err)) s += std::string(" (") + name + ")";
    return s;
}

} // namespace ipcsim::core::sys
