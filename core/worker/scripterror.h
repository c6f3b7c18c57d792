// A run-time error of the script itself (division by zero, overflow, a bad cell index, text
// where an integer was needed). Thrown by the evaluator, reported by the interpreter as an
// Error record with the RuntimeError flag, after which the process exits with 1.
#pragma once

#include "scenario/script.h" // ScriptError

#include <string>

namespace ipcsim::core {

// Throws ScriptError{line, "line N: " + what}: at run time the message says its line.
[[noreturn]] void throwScriptError(int line, const std::string &what);

} // namespace ipcsim::core
