// A run-time error of the script itself (division by zero, overflow, a bad cell index, text
// where an integer was needed). Thrown by the evaluator, reported by the interpreter as an
// Error record with the RuntimeError flag, after which the process exits with 1.
#pragma once

#include <string>

namespace ipcsim::core {

struct ScriptError
{
    int line = 0;
    std::string message; // already "line N: what is wrong"
};

// Throws ScriptError{line, "line N: " + what}.
[[noreturn]] void throwScriptError(int line, const std::string &what);

} // namespace ipcsim::core
