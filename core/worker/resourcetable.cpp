#include "worker/resourcetable.h"

namespace ipcsim::core {

bool ResourceTable::open(const Scenario &scenario, int spec, const SessionLayout &layout,
                         wire::SessionHeader *session, std::string *error)
{
    const ProcessSpec &proc = scenario.processes[size_t(spec)];
    const size_t n = scenario.resources.size();
    std::vector<std::array<int, kEndRoles>> inherited(n);
    for (std::array<int, kEndRoles> &ends : inherited)
        ends.fill(-1);
    for (const PlannedEnd &end : fdPlan(scenario, spec))
        inherited[size_t(end.res)][size_t(end.role)] = end.fd;

    m_objects.clear();
    m_objects.resize(n);
    for (size_t r = 0; r < n; ++r) {
        const ResourceSpec &rs = scenario.resources[r];
        const ResourceUse use = resourceUse(proc.script, int(r));
        if (!use.any) continue; // nothing is opened for a resource the script does not name
        m_objects[r] = kindWorker(rs.type).make();
        const WorkerObject::Place place{rs, int(r), scenario, use, inherited[r], layout, session};
        if (!m_objects[r]->open(place, error)) return false;
    }
    return true;
}

void ResourceTable::started(const wire::SessionHeader *session)
{
    for (const std::unique_ptr<WorkerObject> &o : m_objects)
        if (o) o->started(session);
}

} // namespace ipcsim::core
