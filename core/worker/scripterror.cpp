#include "worker/scripterror.h"

namespace ipcsim::core {

void throwScriptError(int line, const std::string &what)
{
    throw ScriptError{line, "line " + std::to_string(line) + ": " + what};
}

} // namespace ipcsim::core
