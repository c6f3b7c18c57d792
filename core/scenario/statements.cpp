#include "scenario/statements.h"

#include <array>

namespace ipcsim::core {

namespace {

constexpr bool kBlocks = true;
constexpr bool kNever = false;
constexpr bool kIn = true;   // into the object
constexpr bool kOut = false; // out of it, or nothing moves
using enum StepResult;

constexpr std::array<StatementInfo, size_t(Op::Count_)> kStatements = {{
    {Op::None, "none", "", kNever, None, kOut},
    {Op::Write, "write", "write R VALUE", kBlocks, Bytes, kIn},
    {Op::WriteBytes, "write", "write R N bytes", kBlocks, Bytes, kIn},
    {Op::Read, "read", "read R N [-> reg]", kBlocks, Bytes, kOut},
    {Op::Close, "close", "close R", kNever, None, kIn},
    {Op::Send, "send", "send R VALUE [priority P | type T]", kBlocks, Bytes, kIn},
    {Op::Receive, "receive", "receive R [type T] [-> reg]", kBlocks, Bytes, kOut},
    {Op::Accept, "accept", "accept R", kBlocks, None, kOut},
    {Op::Connect, "connect", "connect R", kBlocks, None, kIn},
    {Op::Load, "load", "load reg = S[EXPR]", kNever, Cell, kOut},
    {Op::Store, "store", "store S[EXPR] = EXPR", kNever, Cell, kIn},
    {Op::Add, "add", "add S[EXPR] EXPR", kNever, Cell, kIn},
    {Op::Wait, "wait", "wait S", kBlocks, Value, kOut},
    {Op::TryWait, "trywait", "trywait S [-> reg]", kNever, Value, kOut},
    {Op::Post, "post", "post S", kNever, Value, kIn},
    {Op::Lock, "lock", "lock M [shared]", kBlocks, None, kOut},
    {Op::TryLock, "trylock", "trylock M [shared] [-> reg]", kNever, Value, kOut},
    {Op::Unlock, "unlock", "unlock M", kNever, None, kIn},
    {Op::Arrive, "arrive", "arrive B", kBlocks, Value, kIn},
    {Op::LockFile, "lockfile", "lockfile F [shared]", kBlocks, None, kOut},
    {Op::UnlockFile, "unlockfile", "unlockfile F", kNever, None, kIn},
    {Op::Signal, "signal", "signal P SIG [value N]", kNever, None, kOut},
    {Op::Await, "await", "await SIG [-> reg]", kBlocks, Value, kOut},
    {Op::Sleep, "sleep", "sleep MS", kNever, None, kOut},
    {Op::Compute, "compute", "compute MS", kNever, None, kOut},
    {Op::Print, "print", "print EXPR, …", kNever, None, kOut},
    {Op::Exit, "exit", "exit [CODE]", kNever, None, kOut},
    {Op::Crash, "crash", "crash", kNever, None, kOut},
    {Op::Notify, "notify", "notify C", kNever, None, kOut},
    {Op::Broadcast, "broadcast", "broadcast C", kNever, None, kOut},
    {Op::Set, "set", "set reg = EXPR", kNever, None, kOut},
    {Op::Repeat, "repeat", "repeat EXPR:", kNever, None, kOut},
    {Op::Forever, "forever", "forever:", kNever, None, kOut},
    {Op::While, "while", "while COND:", kNever, None, kOut},
    {Op::If, "if", "if COND:", kNever, None, kOut},
    {Op::Break, "break", "break", kNever, None, kOut},
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
