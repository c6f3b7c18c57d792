// The parsed form of one process's script: statements with their lines, and expressions.
// Plain C++ (no Qt): the worker links it and must start fast.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ipcsim::core {

// Every statement of the script language. The first group are steps (one gate each, one
// traced operation); the second group touch no kernel object and are not steps.
enum class Op : uint8_t
{
    None = 0,
    Write,      // write R VALUE            res, e1 = value
    WriteBytes, // write R N bytes          res, e1 = count
    Read,       // read R N [-> reg]        res, e1 = max bytes, reg
    Close,      // close R                  res
    Send,       // send R VALUE [priority P | type T] res, e1 = value, e2 = priority or type
    Receive,    // receive R [type T] [-> reg] res, e1 = type (typed), reg
    Accept,     // accept R                 res
    Connect,    // connect R                res
    Load,       // load reg = S[EXPR]       res, e1 = index, reg
    Store,      // store S[EXPR] = EXPR     res, e1 = index, e2 = value
    Add,        // add S[EXPR] EXPR         res, e1 = index, e2 = delta
    Wait,       // wait S                   res; a set's: wait S[EXPR], S[EXPR]... args = members
    TryWait,    // trywait S [-> reg]       res, reg; a set's: members as wait's
    Post,       // post S                   res; a set's: members as wait's
    Lock,       // lock M [shared]          res, shared
    TryLock,    // trylock M [shared] [-> reg] res, shared, reg
    Unlock,     // unlock M                 res
    Arrive,     // arrive B                 res
    LockFile,   // lockfile F [shared]      res, shared
    UnlockFile, // unlockfile F             res
    Signal,    // signal P SIG [value N]   target, e1 = replica (-1: every replica), sig, e2 = value
               // (-1: none)
    Await,     // await SIG [-> reg]       sig, reg
    Sleep,     // sleep MS                 e1
    Compute,   // compute MS               e1
    Print,     // print EXPR, ...          args
    Exit,      // exit [CODE]              e1 (-1: 0)
    Crash,     // crash
    Notify,    // notify C                 res
    Broadcast, // broadcast C              res
    // Not steps:
    Set,     // set reg = EXPR              reg, e1
    Repeat,  // repeat EXPR:                e1 = count, loop = slot of $i, body
    Forever, // forever:                    body
    While,   // while COND:                 cond, body
    If,      // if COND: ... else: ...      cond, body, elseBody
    Break,   // break
    Count_
};

// Stable lower-case statement keyword, as written in scripts and traces ("wait", "lock", ...).
const char *opName(Op op);
// Whether the statement is a step (has a gate and is traced).
constexpr bool isStep(Op op)
{
    return op > Op::None && op < Op::Set;
}

enum class CmpOp : uint8_t
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge
};

// One node of an expression tree, stored flat in Script::exprs and linked by index.
// An error of a script, at its line (1-based, within the script): found by the parser before
// anything runs (ScriptParser::errors), or by the worker while it runs (throwScriptError:
// division by zero, a cell out of range, text where an integer was needed).
struct ScriptError
{
    int line = 0;
    std::string message;
};

struct ExprNode
{
    enum Kind : uint8_t
    {
        Int,     // ival
        Str,     // text
        LoopVar, // $i: ival = loop slot of the innermost enclosing repeat
        Index,   // $index
        Reg,     // ival = register slot
        Binary,  // op in "+-*/%", a and b
        Neg      // unary minus of a
    };
    Kind kind = Int;
    char op = 0;
    int64_t ival = 0;
    int32_t a = -1;
    int32_t b = -1;
    std::string text;
};

struct Condition
{
    int32_t lhs = -1; // expression index
    CmpOp cmp = CmpOp::Eq;
    int32_t rhs = -1;
};

struct Stmt
{
    Op op = Op::None;
    int line = 0;              // 1-based, counted within the script
    int res = -1;              // index into Scenario::resources
    int target = -1;           // Signal: index into Scenario::processes
    int32_t e1 = -1, e2 = -1;  // expression indices, meaning per Op (see above)
    int reg = -1;              // destination register slot, or -1
    int sig = 0;               // Signal/Await: signal number
    int loop = -1;             // Repeat: loop slot holding its $i
    bool shared = false;       // LockFile, Lock, TryLock
    bool typed = false;        // Send (e2 is the type), Receive (e1 is the type): "type T"
    std::vector<int32_t> args; // Print: expression indices; a set's wait/post: its members'
    Condition cond;            // While/If
    std::vector<Stmt> body;
    std::vector<Stmt> elseBody;
};

struct Script
{
    std::vector<Stmt> body;
    std::vector<ExprNode> exprs;
    std::vector<std::string> regNames; // register slot -> name
    int loopSlots = 0;                 // number of distinct repeat counters
};

} // namespace ipcsim::core
