#include "worker/scripterror.h"

namespace ipcsim::core {

void throwScriptError(int line, const std::string &what)
{
    // Built with append, not operator+ on a temporary: GCC 12 warns (-Wrestrict) on the latter.
    std::string message = "line ";
    message += std::to_string(line);
    message += ": ";
    message += what;
    throw ScriptError{line, std::move(message)};
}

} // namespace ipcsim::core
