// A socket: unix or tcp, stream or datagram. One process listens or binds (the first to use
// it as a server), the others connect.
#include "ipc/sessionlayout.h"
#include "kinds/socket/settings.h"
#include "scenario/kind.h"

namespace ipcsim::core::kinds::socket {

namespace {

bool readDomain(OptionValue &value, ResourceSpec &into)
{
    std::string s;
    if (!value.text(&s)) return false;
    if (s != "unix" && s != "tcp")
        return value.refuse("unknown socket domain " + value.quoted() + " (unix or tcp)");
    into.own.get<Settings>().domain = s == "unix" ? SocketDomain::Unix : SocketDomain::Tcp;
    return true;
}

bool readKind(OptionValue &value, ResourceSpec &into)
{
    std::string s;
    if (!value.text(&s)) return false;
    if (s != "stream" && s != "datagram")
        return value.refuse("unknown socket kind " + value.quoted() + " (stream or datagram)");
    into.own.get<Settings>().kind = s == "stream" ? SocketKind::Stream : SocketKind::Datagram;
    return true;
}

size_t longestName(const ResourceSpec &r)
{
    return settingsOf(r).domain == SocketDomain::Unix ? kMaxUnixSocketNameBytes : 0;
}

std::string statementFault(const ResourceSpec &r, const Stmt &s)
{
    if (s.op == Op::Send && s.e2 >= 0)
        return "\"priority\" applies to a mqueue, and \"" + r.name + "\" is a socket";
    if ((s.op == Op::Accept || s.op == Op::Connect) && settingsOf(r).kind != SocketKind::Stream)
        return std::string(opName(s.op)) + " needs a stream socket, but \"" + r.name +
               "\" is a datagram socket";
    return {};
}

// A stream socket's listener to a process that accepts; a datagram socket's bound end to one
// that receives (the engine bound both before any process started).
void inherited(const ResourceSpec &r, const ResourceUse &use, std::vector<EndRole> *roles)
{
    if (settingsOf(r).kind == SocketKind::Stream && use.accepts)
        roles->push_back(EndRole::Listener);
    else if (settingsOf(r).kind == SocketKind::Datagram && use.reads)
        roles->push_back(EndRole::DatagramBound);
}

const KindOption options[] = {{"domain", readDomain}, {"kind", readKind}};
const Op statements[] = {Op::Write, Op::WriteBytes, Op::Read,   Op::Close,
                         Op::Send,  Op::Receive,    Op::Accept, Op::Connect};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Socket,
    .name = "socket",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .longestName = longestName,
    .longestNameWhy = "a unix socket's address holds (sun_path)",
    .inherited = inherited,
    .statementFault = statementFault,
};

} // namespace ipcsim::core::kinds::socket
