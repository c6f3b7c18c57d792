// Every statement of the script language, described once: its keyword, its form as the
// reference writes it, whether the kernel may put the process to sleep in it, what its result
// is, and which way what it moves goes. opName, the parser's words, the engine's blocked
// detector, the reference's test, the trace writers, the flow matcher and the diagram read it
// here.
#pragma once

#include "scenario/script.h"

#include <optional>
#include <span>
#include <string_view>

namespace ipcsim::core {

// What a step's End reports (model/event.h names the fields).
enum class StepResult : uint8_t
{
    None,  // nothing of its own (a close, a lock, a print)
    Bytes, // the bytes (or the message's) it moved: bytes()
    Cell,  // a shared cell: its index and the value loaded, stored, or there after an add
    Value  // a value: a semaphore's after it, whether a try took it, a signal's value
};

struct StatementInfo
{
    Op op;
    const char *keyword; // as written in scripts and traces
    const char *form;    // "write R VALUE" (the reference, docs/format.md, writes it so)
    bool mayBlock;       // the call may sleep until another process acts
    StepResult result;
    // What it moves goes into the object (bytes written, a token posted, a lock let go, a
    // connection asked for), not out of it to the process (bytes read, a token or lock taken).
    bool intoObject;
};

// Indexed by Op, Op::None first (keyword "none").
std::span<const StatementInfo> statements();
const StatementInfo &statementInfo(Op op);
// The statement a keyword begins; nullopt for a word that begins none. "else" begins no
// statement of its own (it belongs to an if), and "write" is Op::Write ("write R N bytes",
// Op::WriteBytes, is told apart by its operands).
std::optional<Op> opOfKeyword(std::string_view keyword);

} // namespace ipcsim::core
