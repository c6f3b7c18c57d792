// Every statement of the script language, described once: its keyword, its form as the
// reference writes it, and whether the kernel may put the process to sleep in it. opName, the
// parser's words, the engine's blocked detector and the reference's test read it here.
#pragma once

#include "scenario/script.h"

#include <optional>
#include <span>
#include <string_view>

namespace ipcsim::core {

struct StatementInfo
{
    Op op;
    const char *keyword; // as written in scripts and traces
    const char *form;    // "write R VALUE" (the reference, docs/format.md, writes it so)
    bool mayBlock;       // the call may sleep until another process acts
};

// Indexed by Op, Op::None first (keyword "none").
std::span<const StatementInfo> statements();
const StatementInfo &statementInfo(Op op);
// The statement a keyword begins; nullopt for a word that begins none. "else" begins no
// statement of its own (it belongs to an if), and "write" is Op::Write ("write R N bytes",
// Op::WriteBytes, is told apart by its operands).
std::optional<Op> opOfKeyword(std::string_view keyword);

} // namespace ipcsim::core
