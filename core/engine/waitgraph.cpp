#include "engine/waitgraph.h"

#include "engine/kernelobjects.h"
#include "ipc/sessionlayout.h"

#include <csignal>
#include <cstring>
#include <functional>

namespace ipcsim::core {

WaitGraph::WaitGraph(const Scenario &scenario, const KernelObjects &objects)
    : m_scenario(scenario), m_objects(objects), m_nodes(scenario.instances.size())
{
}

void WaitGraph::addBlocked(int proc, pid_t pid, Op op, int res, int sig)
{
    Node &n = m_nodes[size_t(proc)];
    n.blocked = true;
    n.alive = true;
    n.pid = pid;
    n.op = op;
    n.res = res;
    n.sig = sig;
}

void WaitGraph::setAlive(int proc, bool alive, pid_t pid)
{
    m_nodes[size_t(proc)].alive = alive;
    m_nodes[size_t(proc)].pid = pid;
}

int WaitGraph::instanceOfPid(pid_t pid) const
{
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].pid == pid && pid > 0) return int(i);
    return -1;
}

DeadlockWait WaitGraph::waitOf(int proc) const
{
    const Node &n = m_nodes[size_t(proc)];
    DeadlockWait w;
    w.proc = proc;
    if (n.op == Op::Await) {
        w.sig = n.sig;
    } else if (n.res >= 0) {
        w.res = n.res;
    } else {
        const ProcessSpec &spec =
            m_scenario.processes[size_t(m_scenario.instances[size_t(proc)].spec)];
        if (spec.isExec()) w.res = spec.stdinRes;
    }
    return w;
}

std::vector<int> WaitGraph::wakers(int proc) const
{
    std::vector<int> out;
    const Node &n = m_nodes[size_t(proc)];
    if (n.op == Op::Await) { // whoever's script signals it
        for (size_t i = 0; i < m_nodes.size(); ++i) {
            if (int(i) == proc || !m_nodes[i].alive) continue;
            for (int t : signalTargets(m_scenario, m_scenario.instances[i].spec)) {
                if (t == proc) {
                    out.push_back(int(i));
                    break;
                }
            }
        }
        return out;
    }
    if (n.res < 0) return out;
    const ResourceSpec &rs = m_scenario.resources[size_t(n.res)];
    const KindEngine &kind = kindEngine(rs.type);
    if (kind.holderWakes) {
        for (const Holder &h : m_objects.at(n.res).holders()) {
            const int i = h.instance >= 0 ? h.instance : instanceOfPid(h.pid);
            if (i >= 0 && i != proc) out.push_back(i);
        }
    }
    if (!kind.couldWake) return out;
    const Sleeper sleeper{proc, n.op, rs};
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        const Node &o = m_nodes[i];
        if (int(i) == proc || !o.alive) continue;
        const ProcessSpec &spec = m_scenario.processes[size_t(m_scenario.instances[i].spec)];
        Other other;
        other.instance = int(i);
        other.use = resourceUse(spec.script, n.res);
        other.execReads = spec.isExec() && spec.stdinRes == n.res;
        other.execWrites = spec.isExec() && (spec.stdoutRes == n.res || spec.stderrRes == n.res);
        other.asleepHere = o.blocked && o.op == n.op && o.res == n.res;
        if (kind.couldWake(sleeper, other)) out.push_back(int(i));
    }
    return out;
}

DeadlockFinding WaitGraph::analyse() const
{
    DeadlockFinding f;
    for (size_t i = 0; i < m_nodes.size(); ++i)
        if (m_nodes[i].blocked && m_nodes[i].alive) f.waits << waitOf(int(i));

    // Depth-first search for a cycle among blocked processes.
    const size_t n = m_nodes.size();
    std::vector<std::vector<int>> edges(n);
    for (size_t i = 0; i < n; ++i)
        if (m_nodes[i].blocked && m_nodes[i].alive)
            for (int w : wakers(int(i)))
                if (m_nodes[size_t(w)].blocked) edges[i].push_back(w);
    std::vector<int> colour(n, 0), stack;
    std::vector<int> found;
    std::function<bool(int)> dfs = [&](int u) {
        colour[size_t(u)] = 1;
        stack.push_back(u);
        for (int v : edges[size_t(u)]) {
            if (colour[size_t(v)] == 1) {
                auto it = std::find(stack.begin(), stack.end(), v);
                found.assign(it, stack.end());
                return true;
            }
            if (colour[size_t(v)] == 0 && dfs(v)) return true;
        }
        stack.pop_back();
        colour[size_t(u)] = 2;
        return false;
    };
    for (size_t i = 0; i < n && found.empty(); ++i)
        if (colour[i] == 0 && m_nodes[i].blocked) dfs(int(i));
    for (int p : found)
        f.cycle << waitOf(p);
    return f;
}

} // namespace ipcsim::core
