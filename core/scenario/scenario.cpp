#include "scenario/scenario.h"

namespace ipcsim::core {

int Scenario::resourceIndex(const std::string &name) const
{
    for (size_t i = 0; i < resources.size(); ++i)
        if (resources[i].name == name) return int(i);
    return -1;
}

int Scenario::processIndex(const std::string &name) const
{
    for (size_t i = 0; i < processes.size(); ++i)
        if (processes[i].name == name) return int(i);
    return -1;
}

std::vector<int> Scenario::instancesNamed(const std::string &name) const
{
    std::vector<int> out;
    const int p = processIndex(name);
    for (size_t i = 0; i < instances.size(); ++i) {
        if (p >= 0 ? instances[i].spec == p : instances[i].name == name) out.push_back(int(i));
    }
    return out;
}

bool Scenario::hasExec() const
{
    for (const ProcessSpec &p : processes)
        if (p.isExec()) return true;
    return false;
}

} // namespace ipcsim::core
