#include "engine/scheduler.h"

namespace ipcsim::core {

Scheduler::Scheduler(const Schedule &schedule, const Scenario &scenario) : m_kind(schedule.kind)
{
    for (const std::string &name : schedule.names) {
        const std::vector<int> instances = scenario.instancesNamed(name);
        m_listInstances.push_back(instances.empty() ? -1 : instances.front());
    }
    m_at.random.seed(schedule.seed);
}

int Scheduler::named(size_t listPos) const
{
    return listPos < m_listInstances.size() ? m_listInstances[listPos] : -1;
}

int Scheduler::pick(const std::vector<Standing> &procs)
{
    return pickFrom(m_at, procs);
}

int Scheduler::peek(const std::vector<Standing> &procs) const
{
    Position copy = m_at;
    return pickFrom(copy, procs);
}

int Scheduler::pickFrom(Position &at, const std::vector<Standing> &procs) const
{
    const int n = int(procs.size());
    auto ready = [&](int i) {
        const Standing &p = procs[size_t(i)];
        return p.atGate && !p.ended && !p.stopped;
    };
    if (m_kind == Schedule::List) {
        for (; at.listPos < m_listInstances.size(); ++at.listPos) {
            const int i = named(at.listPos);
            if (i < 0 || i >= n || procs[size_t(i)].ended) continue; // it will never come
            if (!ready(i)) return -1;                                // wait for it
            ++at.listPos;
            return i;
        }
        // The list has run out: round-robin goes on.
    }
    if (m_kind == Schedule::Random) {
        std::vector<int> candidates;
        for (int i = 0; i < n; ++i)
            if (ready(i)) candidates.push_back(i);
        if (candidates.empty()) return -1;
        return candidates[size_t(at.random() % candidates.size())];
    }
    for (int k = 1; k <= n; ++k) {
        const int i = (m_lastReleased + k + n) % n;
        if (ready(i)) return i;
    }
    return -1;
}

int Scheduler::listWaitsFor(const std::vector<Standing> &procs) const
{
    if (m_kind != Schedule::List) return -1;
    const int i = named(m_at.listPos);
    if (i < 0 || i >= int(procs.size())) return -1;
    const Standing &p = procs[size_t(i)];
    return p.atGate || p.ended ? -1 : i;
}

} // namespace ipcsim::core
