#include "scenario/statements.h"

#include <array>

namespace ipcsim::core {

namespace {

constexpr bool kBlocks = true;
constexpr bool kNever = false;

constexpr std::array<StatementInfo, size_t(Op::Count_)> kStatements = {{
    {Op::None, "none", "", kNever},
    {Op::Write, "write", "write R VALUE", kBlocks},
    {Op::WriteBytes, "write", "write R N bytes", kBlocks},
    {Op::Read, "read", "read R N [-> reg]", kBlocks},
    {Op::Close, "close", "close R", kNever},
    {Op::Send, "send", "send R VALUE [priority P | type T]", kBlocks},
    {Op::Receive, "receive", "receive R [type T] [-> reg]", kBlocks},
    {Op::Accept, "accept", "accept R", kBlocks},
    {Op::Connect, "connect", "connect R", kBlocks},
    {Op::Load, "load", "load reg = S[EXPR]", kNever},
    {Op::Store, "store", "store S[EXPR] = EXPR", kNever},
    {Op::Add, "add", "add S[EXPR] EXPR", kNever},
    {Op::Wait, "wait", "wait S", kBlocks},
    {Op::TryWait, "trywait", "trywait S [-> reg]", kNever},
    {Op::Post, "post", "post S", kNever},
    {Op::Lock, "lock", "lock M [shared]", kBlocks},
    {Op::TryLock, "trylock", "trylock M [shared] [-> reg]", kNever},
    {Op::Unlock, "unlock", "unlock M", kNever},
    {Op::Arrive, "arrive", "arrive B", kBlocks},
    {Op::LockFile, "lockfile", "lockfile F [shared]", kBlocks},
    {Op::UnlockFile, "unlockfile", "unlockfile F", kNever},
    {Op::Signal, "signal", "signal P SIG [value N]", kNever},
    {Op::Await, "await", "await SIG [-> reg]", kBlocks},
    {Op::Sleep, "sleep", "sleep MS", kNever},
    {Op::Compute, "compute", "compute MS", kNever},
    {Op::Print, "print", "print EXPR, …", kNever},
    {Op::Exit, "exit", "exit [CODE]", kNever},
    {Op::Crash, "crash", "crash", kNever},
    {Op::Notify, "notify", "notify C", kNever},
    {Op::Broadcast, "broadcast", "broadcast C", kNever},
    {Op::Set, "set", "set reg = EXPR", kNever},
    {Op::Repeat, "repeat", "repeat EXPR:", kNever},
    {Op::Forever, "forever", "forever:", kNever},
    {Op::While, "while", "while COND:", kNever},
    {Op::If, "if", "if COND:", kNever},
    {Op::Break, "break", "break", kNever},
}};

constexpr bool inOpOrder()
{
    for (size_t i = 0; i < kStatements.size(); ++i)
        if (size_t(kStatements[i].op) != i) return false;
    return true;
}
static_assert(inOpOrder(), "kStatements is indexed by Op: one row per Op, in its order");

} // namespace

std::span<const StatementInfo> statements()
{
    return kStatements;
}

const StatementInfo &statementInfo(Op op)
{
    const auto i = size_t(op);
    return kStatements[i < kStatements.size() ? i : 0];
}

std::optional<Op> opOfKeyword(std::string_view keyword)
{
    for (const StatementInfo &s : kStatements)
        if (s.op != Op::None && keyword == s.keyword) return s.op; // write: Op::Write first
    return std::nullopt;
}

const char *opName(Op op)
{
    const auto i = size_t(op);
    return i < kStatements.size() ? kStatements[i].keyword : "?";
}

} // namespace ipcsim::core
