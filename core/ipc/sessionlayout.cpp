#include "ipc/sessionlayout.h"

#include "ipc/wire.h"
#include "scenario/kind.h"

#include <algorithm>
#include <fcntl.h>
#include <sys/un.h>

namespace ipcsim::core {

namespace {

void walk(const std::vector<Stmt> &body, int res, ResourceUse &use)
{
    for (const Stmt &s : body) {
        if (s.res == res && s.op != Op::Signal) {
            use.any = true;
            switch (s.op) {
            case Op::Read:
            case Op::Receive:
                use.reads = true;
                break;
            case Op::Write:
            case Op::WriteBytes:
            case Op::Send:
                use.writes = true;
                break;
            case Op::Accept:
                use.accepts = true;
                break;
            case Op::Connect:
                use.connects = true;
                break;
            case Op::Post:
                use.posts = true;
                break;
            case Op::Notify:
            case Op::Broadcast:
                use.notifies = true;
                break;
            default:
                break;
            }
        }
        walk(s.body, res, use);
        walk(s.elseBody, res, use);
    }
}

void collectTargets(const Scenario &sc, const std::vector<Stmt> &body, std::vector<int> &out)
{
    for (const Stmt &s : body) {
        if (s.op == Op::Signal && s.target >= 0) {
            for (size_t i = 0; i < sc.instances.size(); ++i)
                if (sc.instances[i].spec == s.target) out.push_back(int(i));
        }
        collectTargets(sc, s.body, out);
        collectTargets(sc, s.elseBody, out);
    }
}

void collectAwaits(const std::vector<Stmt> &body, std::vector<int> &out)
{
    for (const Stmt &s : body) {
        if (s.op == Op::Await && s.sig > 0 && std::ranges::find(out, s.sig) == out.end())
            out.push_back(s.sig);
        collectAwaits(s.body, out);
        collectAwaits(s.elseBody, out);
    }
}

} // namespace

std::vector<int> awaitedSignals(const Script &script)
{
    std::vector<int> out;
    collectAwaits(script.body, out);
    return out;
}

ResourceUse resourceUse(const Script &script, int res)
{
    ResourceUse use;
    walk(script.body, res, use);
    return use;
}

std::vector<int> signalTargets(const Scenario &scenario, int spec)
{
    std::vector<int> out;
    collectTargets(scenario, scenario.processes[size_t(spec)].script.body, out);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<PlannedEnd> fdPlan(const Scenario &scenario, int spec)
{
    std::vector<PlannedEnd> plan;
    const ProcessSpec &p = scenario.processes[size_t(spec)];
    if (p.isExec()) return plan;
    int fd = wire::kFirstResourceFd;
    std::vector<EndRole> roles;
    for (size_t r = 0; r < scenario.resources.size(); ++r) {
        const ResourceSpec &rs = scenario.resources[r];
        const KindFormat &kind = kindFormat(rs.type);
        if (!kind.inherited) continue;
        roles.clear();
        kind.inherited(rs, resourceUse(p.script, int(r)), &roles);
        for (EndRole role : roles)
            plan.push_back({int(r), role, fd++});
    }
    return plan;
}

SessionLayout::SessionLayout(std::string dir) : m_dir(std::move(dir))
{
    while (m_dir.size() > 1 && m_dir.back() == '/')
        m_dir.pop_back();
    const auto slash = m_dir.rfind('/');
    m_prefix = slash == std::string::npos ? m_dir : m_dir.substr(slash + 1);
}

int32_t SessionLayout::sysvKey(int res, int attempt) const
{
    // FNV-1a over the prefix, the resource and the attempt.
    uint32_t h = 2166136261u;
    auto mix = [&h](uint32_t byte) { h = (h ^ byte) * 16777619u; };
    for (char c : m_prefix)
        mix(uint8_t(c));
    for (int shift = 0; shift < 32; shift += 8)
        mix((uint32_t(res) >> shift) & 0xff);
    for (int shift = 0; shift < 32; shift += 8)
        mix((uint32_t(attempt) >> shift) & 0xff);
    // Never 0 in its low bits, so never IPC_PRIVATE's 0 however it is cut.
    return int32_t(uint32_t(kSysvKeyTag) | (h & 0x00ffffffu) | 1u);
}

std::string SessionLayout::objectName(const std::string &res) const
{
    return "/" + m_prefix + "-" + res;
}
std::string SessionLayout::fifoPath(const std::string &res) const
{
    return m_dir + "/fifo-" + res;
}
std::string SessionLayout::socketPath(const std::string &res) const
{
    return m_dir + "/sock-" + res;
}
bool SessionLayout::socketPathFits(const std::string &res) const
{
    return socketPath(res).size() < sizeof(sockaddr_un::sun_path);
}
std::string SessionLayout::socketAddress(const std::string &res, int dirFd) const
{
    if (socketPathFits(res) || dirFd < 0) return socketPath(res);
    return "/proc/self/fd/" + std::to_string(dirFd) + "/sock-" + res;
}
int SessionLayout::openDirectory() const
{
    return ::open(m_dir.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
}
std::string SessionLayout::filePath(const std::string &res) const
{
    return m_dir + "/file-" + res;
}
std::string SessionLayout::imagePath() const
{
    return m_dir + "/scenario.image";
}
std::string SessionLayout::manifestPath() const
{
    return m_dir + "/manifest";
}
std::string SessionLayout::lockPath() const
{
    return m_dir + "/lock";
}

} // namespace ipcsim::core
