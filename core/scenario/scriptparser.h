// Parses one process's script (the indentation-based statement language of the scenario
// format) into a Script, resolving resource and process names against the scenario and
// collecting every error with its line.
#pragma once

#include "scenario/scenario.h"

#include <string>
#include <vector>

namespace ipcsim::core {

class ScriptParser
{
public:
    // Names are looked up in these (not copied): they must outlive parse().
    ScriptParser(const std::vector<ResourceSpec> &resources,
                 const std::vector<ProcessSpec> &processes);

    // Returns true when the script has no error; errors() then is empty. Errors are in line order.
    bool parse(const std::string &text, Script *out);
    const std::vector<ScriptError> &errors() const { return m_errors; }

private:
    const std::vector<ResourceSpec> &m_resources;
    const std::vector<ProcessSpec> &m_processes;
    std::vector<ScriptError> m_errors;
};

} // namespace ipcsim::core
