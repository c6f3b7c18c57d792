#include "scenario/scriptparser.h"

#include "scenario/kind.h"
#include "scenario/quote.h"
#include "scenario/signalnames.h"
#include "scenario/statements.h"
#include "scenario/suggest.h"

#include <algorithm>
#include <initializer_list>

namespace ipcsim::core {

namespace {

struct Token
{
    enum Kind : uint8_t
    {
        Ident,
        Int,
        Str,
        Var,
        Punct
    };
    Kind kind = Ident;
    std::string text; // Str: decoded; others: as written
    int64_t ival = 0;
    size_t pos = 0, len = 0; // bytes within the line, for quoting the source
};

struct Line
{
    int number = 0;
    int indent = 0;
    std::string text;
    std::vector<Token> tokens;
    bool bad = false; // tokenizing failed: its error is reported, the line is not parsed
};

// Thrown to abandon the rest of a line after a syntax error (the error is already counted).
struct LineError
{
    std::string message;
};

// Bounds that keep every recursive walk of a script (here and in the worker) far from the
// stack's end, whatever a file holds; no sensible script comes near them.
constexpr int kMaxBlockDepth = 64;
constexpr int kMaxExprDepth = 64;
constexpr int kMaxExprOperators = 1000;

struct DepthGuard
{
    explicit DepthGuard(int *depth) : m_depth(depth) { ++*m_depth; }
    ~DepthGuard() { --*m_depth; }
    DepthGuard(const DepthGuard &) = delete;
    DepthGuard &operator=(const DepthGuard &) = delete;
    int *m_depth;
};

// The words a line may begin with, for "did you mean": every statement's keyword, and else.
const std::vector<std::string> &statementWords()
{
    static const std::vector<std::string> words = [] {
        std::vector<std::string> w;
        for (const StatementInfo &s : statements())
            if (s.op != Op::None && (w.empty() || w.back() != s.keyword)) w.push_back(s.keyword);
        w.push_back("else");
        return w;
    }();
    return words;
}

// repeat, forever, while, if: the statements whose form ends with ':' (they open a block).
bool isHeaderWord(const std::string &w)
{
    const std::optional<Op> op = opOfKeyword(w);
    return op && std::string_view(statementInfo(*op).form).ends_with(':');
}

bool isRegisterName(const std::string &s)
{
    if (s.empty() || !((s[0] >= 'a' && s[0] <= 'z') || s[0] == '_')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

std::string q(const std::string &s)
{
    return quoteToken(s);
}

class Parser
{
public:
    Parser(const std::vector<ResourceSpec> &resources, const std::vector<ProcessSpec> &processes,
           Script *script, std::vector<ScriptError> *errors)
        : m_resources(resources), m_processes(processes), m_script(script), m_errors(errors)
    {
    }

    void run(const std::string &text);

private:
    bool tokenize(const std::string &raw, int number, Line *out);
    std::vector<Stmt> parseBlock(size_t &i, int indent);
    void parseBody(size_t &i, int indent, const Line &header, Stmt *s, bool elseBody);
    void parseStatement(const Line &line, Stmt *s);

    // Cursor over the current line's tokens.
    const Token *peek() const { return m_tok < m_end ? &m_line->tokens[m_tok] : nullptr; }
    bool peekPunct(const char *p) const
    {
        const Token *t = peek();
        return t && t->kind == Token::Punct && t->text == p;
    }
    bool peekWord(const char *w) const
    {
        const Token *t = peek();
        return t && t->kind == Token::Ident && t->text == w;
    }
    bool acceptPunct(const char *p)
    {
        if (!peekPunct(p)) return false;
        ++m_tok;
        return true;
    }
    std::string here() const; // the next token quoted, or "end of line"
    void expectPunct(const char *p, const std::string &after);
    const Token &expectIdent(const std::string &what, const std::string &after);
    std::string source(size_t fromTok, size_t toTok) const; // the source of tokens [from, to)

    // The resource named next, which the statement must take (scenario/kind.h); needs says
    // what it takes when the kinds' names do not ("a stream socket"). -1 after an error.
    int resource(Op statement, std::string needs = {});
    void cell(const std::string &op, Stmt *s);
    void members(const std::string &op, Stmt *s);
    void optionalArrow(Stmt *s);
    int setRegister(const Token &t);
    int registerSlot(const std::string &name);
    int signal(const std::string &op, bool await);
    void condition(Condition *c);

    int32_t expression();                           // any value
    int32_t intExpression(const std::string &what); // a numeric operand
    int32_t additive();
    int32_t multiplicative();
    int32_t unary();
    int32_t primary();
    int32_t node(ExprNode n);
    void checkArithmeticOperand(int32_t e, size_t fromTok);
    enum class Fold
    {
        No,
        Yes,
        Bad
    };
    Fold fold(int32_t e, int64_t *value, std::string *why) const;
    bool constant(int32_t e, int64_t *value); // whether e is a computable constant

    void error(int line, const std::string &message) { m_errors->push_back({line, message}); }
    void error(const std::string &message) { error(m_line->number, message); }

    const std::vector<ResourceSpec> &m_resources;
    const std::vector<ProcessSpec> &m_processes;
    Script *m_script;
    std::vector<ScriptError> *m_errors;

    std::vector<Line> m_lines;
    const Line *m_line = nullptr;
    size_t m_tok = 0, m_end = 0;
    std::vector<int> m_repeats; // loop slots of the enclosing repeats, innermost last
    int m_loopDepth = 0;
    int m_blockDepth = 0;
    int m_exprDepth = 0; // parentheses and unary minus being parsed
    int m_exprNodes = 0; // operators in the current top-level expression
    std::vector<bool> m_regSet;
    std::vector<int> m_regFirstUse; // line, 0 when only set
};

void Parser::run(const std::string &text)
{
    int number = 0;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        ++number;
        Line line;
        if (tokenize(text.substr(start, end - start), number, &line))
            m_lines.push_back(std::move(line));
        start = end + 1;
    }

    size_t i = 0;
    while (i < m_lines.size()) {
        const int indent = m_lines[i].indent;
        if (i > 0)
            error(m_lines[i].number, "line starting with " +
                                         q(m_lines[i].text.substr(m_lines[i].tokens[0].pos,
                                                                  m_lines[i].tokens[0].len)) +
                                         " is indented less than the first line of the script");
        std::vector<Stmt> body = parseBlock(i, indent);
        for (Stmt &s : body)
            m_script->body.push_back(std::move(s));
    }

    for (size_t slot = 0; slot < m_regSet.size(); ++slot) {
        if (m_regSet[slot]) continue;
        const std::string &name = m_script->regNames[slot];
        std::string hint;
        for (const ResourceSpec &r : m_resources)
            if (r.name == name)
                hint = std::string(" (\"") + name + "\" is a " + resourceTypeName(r.type) +
                       ", not a value" +
                       (kindFormat(r.type).takes(Op::Load) ? ": read a cell with load" : "") + ")";
        error(m_regFirstUse[slot], "register " + q(name) +
                                       " is never set (give it a value with set, load or \"-> " +
                                       name + "\")" + hint);
    }
    std::stable_sort(m_errors->begin(), m_errors->end(),
                     [](const ScriptError &a, const ScriptError &b) { return a.line < b.line; });
}

bool Parser::tokenize(const std::string &rawIn, int number, Line *out)
{
    std::string raw = rawIn;
    if (!raw.empty() && raw.back() == '\r') raw.pop_back();
    out->number = number;
    out->text = raw;
    size_t p = 0;
    size_t tabAt = std::string::npos;
    while (p < raw.size() && (raw[p] == ' ' || raw[p] == '\t')) {
        if (raw[p] == '\t' && tabAt == std::string::npos) tabAt = p;
        ++p;
    }
    out->indent = int(p);
    auto isIdentStart = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    auto isIdentChar = [&](char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); };
    while (p < raw.size()) {
        const char c = raw[p];
        if (c == ' ' || c == '\t') {
            ++p;
            continue;
        }
        if (c == '#') break;
        Token t;
        t.pos = p;
        if (isIdentStart(c)) {
            t.kind = Token::Ident;
            while (p < raw.size() && isIdentChar(raw[p]))
                ++p;
            t.text = raw.substr(t.pos, p - t.pos);
        } else if (c >= '0' && c <= '9') {
            t.kind = Token::Int;
            while (p < raw.size() && raw[p] >= '0' && raw[p] <= '9')
                ++p;
            t.text = raw.substr(t.pos, p - t.pos);
            int64_t v = 0;
            for (char d : t.text) {
                if (__builtin_mul_overflow(v, int64_t(10), &v) ||
                    __builtin_add_overflow(v, int64_t(d - '0'), &v)) {
                    error(number, "integer " + q(t.text) + " does not fit in 64 bits");
                    out->bad = true;
                    v = 0;
                    break;
                }
            }
            t.ival = v;
        } else if (c == '"') {
            t.kind = Token::Str;
            ++p;
            bool closed = false;
            while (p < raw.size()) {
                if (raw[p] == '"') {
                    closed = true;
                    ++p;
                    break;
                }
                if (raw[p] == '\\') {
                    const char e = p + 1 < raw.size() ? raw[p + 1] : '\0';
                    if (e == 'n')
                        t.text.push_back('\n');
                    else if (e == '"')
                        t.text.push_back('"');
                    else if (e == '\\')
                        t.text.push_back('\\');
                    else {
                        error(number, "unknown escape " + q(raw.substr(p, e ? 2 : 1)) +
                                          " in a string (the escapes are \\n, \\\" and \\\\)");
                        out->bad = true;
                    }
                    p += e ? 2 : 1;
                    continue;
                }
                t.text.push_back(raw[p++]);
            }
            if (!closed) {
                error(number, "string " + q(raw.substr(t.pos)) + " never ends (missing '\"')");
                out->bad = true;
            }
        } else if (c == '$') {
            t.kind = Token::Var;
            ++p;
            while (p < raw.size() && isIdentChar(raw[p]))
                ++p;
            t.text = raw.substr(t.pos, p - t.pos);
            if (t.text != "$i" && t.text != "$index") {
                error(number, "unknown variable " + q(t.text) + " (there are $i and $index)");
                out->bad = true;
            }
        } else {
            t.kind = Token::Punct;
            static const char *const two[] = {"->", "==", "!=", "<=", ">="};
            static const char one[] = "+-*/%()[],:=<>";
            bool found = false;
            for (const char *op : two) {
                if (raw.compare(p, 2, op) == 0) {
                    t.text = op;
                    found = true;
                    break;
                }
            }
            if (!found && c != '\0' && std::string(one).find(c) != std::string::npos) {
                t.text = std::string(1, c);
                found = true;
            }
            if (!found) {
                // Quote the whole UTF-8 character, not one byte of it.
                size_t n = 1;
                while (p + n < raw.size() &&
                       (static_cast<unsigned char>(raw[p + n]) & 0xC0) == 0x80)
                    ++n;
                error(number, "unexpected character " + q(raw.substr(p, n)));
                out->bad = true;
                p += n;
                continue;
            }
            p += t.text.size();
        }
        t.len = p - t.pos;
        out->tokens.push_back(std::move(t));
    }
    if (out->tokens.empty())
        return false; // blank or comment only (or nothing but a character already refused)
    if (tabAt != std::string::npos)
        error(number, "tab \"\\t\" in indentation (column " + std::to_string(tabAt + 1) +
                          "): indent with spaces only");
    return true;
}

std::vector<Stmt> Parser::parseBlock(size_t &i, int indent)
{
    std::vector<Stmt> out;
    while (i < m_lines.size()) {
        const Line &line = m_lines[i];
        if (line.indent < indent) break;
        if (line.indent > indent) {
            error(line.number,
                  "unexpected indentation before " +
                      q(line.text.substr(line.tokens[0].pos, line.tokens[0].len)) +
                      " (only the lines after a header ending in \":\" are indented deeper)");
            const int deeper = line.indent;
            ++i;
            while (i < m_lines.size() && m_lines[i].indent >= deeper)
                ++i;
            continue;
        }
        ++i;
        Stmt s;
        s.line = line.number;
        const Token &first = line.tokens[0];
        if (first.kind == Token::Ident && first.text == "else") {
            error(line.number, "\"else\" without an \"if\" at the same indentation");
            if (i < m_lines.size() && m_lines[i].indent > indent) {
                Stmt ignored;
                parseBody(i, indent, line, &ignored, true);
            }
            continue;
        }
        bool ok = !line.bad;
        if (ok) {
            try {
                parseStatement(line, &s);
            } catch (const LineError &e) {
                error(line.number, e.message);
                ok = false;
            }
        }
        const bool header = first.kind == Token::Ident && isHeaderWord(first.text);
        if (header) {
            // A header refused for a missing ":" has said enough: no second "no body" error.
            if (ok || (i < m_lines.size() && m_lines[i].indent > indent))
                parseBody(i, indent, line, &s, false);
            if (i < m_lines.size() && m_lines[i].indent == indent && !m_lines[i].tokens.empty() &&
                m_lines[i].tokens[0].kind == Token::Ident && m_lines[i].tokens[0].text == "else" &&
                first.text == "if") {
                const Line &elseLine = m_lines[i++];
                if (!elseLine.bad &&
                    (elseLine.tokens.size() != 2 || elseLine.tokens[1].text != ":"))
                    error(elseLine.number, "expected \"else:\", found " +
                                               q(elseLine.text.substr(elseLine.tokens[0].pos)));
                parseBody(i, indent, elseLine, &s, true);
            }
        }
        if (ok) out.push_back(std::move(s));
    }
    return out;
}

// The lines after a header that are indented deeper than it, with the header's loop context.
void Parser::parseBody(size_t &i, int indent, const Line &header, Stmt *s, bool elseBody)
{
    if (i >= m_lines.size() || m_lines[i].indent <= indent) {
        const Token &t = header.tokens[0];
        error(header.number, q(header.text.substr(t.pos, t.len)) +
                                 " has no body: indent the lines that belong to it deeper");
        return;
    }
    const bool loop =
        !elseBody && (s->op == Op::Repeat || s->op == Op::Forever || s->op == Op::While);
    const bool repeat = !elseBody && s->op == Op::Repeat && s->loop >= 0;
    if (m_blockDepth >= kMaxBlockDepth) {
        error(m_lines[i].number,
              "blocks nested deeper than " + std::to_string(kMaxBlockDepth) + " levels");
        while (i < m_lines.size() && m_lines[i].indent > indent)
            ++i;
        return;
    }
    ++m_blockDepth;
    if (loop) ++m_loopDepth;
    if (repeat) m_repeats.push_back(s->loop);
    std::vector<Stmt> body = parseBlock(i, m_lines[i].indent);
    if (repeat) m_repeats.pop_back();
    if (loop) --m_loopDepth;
    --m_blockDepth;
    (elseBody ? s->elseBody : s->body) = std::move(body);
}

std::string Parser::here() const
{
    const Token *t = peek();
    if (!t) return "end of line";
    return q(m_line->text.substr(t->pos, t->len));
}

std::string Parser::source(size_t fromTok, size_t toTok) const
{
    if (fromTok >= toTok) return {};
    const Token &a = m_line->tokens[fromTok];
    const Token &b = m_line->tokens[toTok - 1];
    return m_line->text.substr(a.pos, b.pos + b.len - a.pos);
}

void Parser::expectPunct(const char *p, const std::string &after)
{
    if (!acceptPunct(p)) throw LineError{"expected " + q(p) + " " + after + ", found " + here()};
}

const Token &Parser::expectIdent(const std::string &what, const std::string &after)
{
    const Token *t = peek();
    if (!t || t->kind != Token::Ident)
        throw LineError{"expected " + what + " " + after + ", found " + here()};
    ++m_tok;
    return *t;
}

void Parser::parseStatement(const Line &line, Stmt *s)
{
    m_line = &line;
    m_tok = 1;
    m_end = line.tokens.size();
    const Token &kw = line.tokens[0];
    if (kw.kind != Token::Ident)
        throw LineError{"expected a statement, found " + q(line.text.substr(kw.pos, kw.len))};
    const std::string &w = kw.text;
    const bool endsInColon =
        line.tokens.back().kind == Token::Punct && line.tokens.back().text == ":";
    if (isHeaderWord(w)) {
        // Set the op and the loop slot first, so the body is parsed in the right context
        // even when the header itself has an error.
        s->op = *opOfKeyword(w);
        if (s->op == Op::Repeat) s->loop = m_script->loopSlots++;
        if (!endsInColon)
            throw LineError{q(source(0, m_end)) + " opens a block: end the line with \":\""};
        m_end = line.tokens.size() - 1;
    } else if (endsInColon) {
        throw LineError{"unexpected \":\" at the end of " + q(source(0, m_end)) +
                        " (only repeat, forever, while, if and else open a block)"};
    }
    const std::string after = "after " + q(w);
    if (const std::optional<Op> op = opOfKeyword(w)) s->op = *op; // "write" may become WriteBytes

    if (w == "write") {
        s->res = resource(s->op);
        if (!peek())
            throw LineError{"expected a value to write after the resource, found end of line"};
        const size_t from = m_tok;
        s->e1 = expression();
        if (peekWord("bytes")) {
            ++m_tok;
            s->op = Op::WriteBytes;
            int64_t n;
            if (m_script->exprs[s->e1].kind == ExprNode::Str)
                error("the byte count " + q(source(from, m_tok - 1)) + " must be an integer");
            else if (constant(s->e1, &n) && n < 0)
                error("byte count " + q(source(from, m_tok - 1)) + " is negative");
        } else {
            s->op = Op::Write;
        }
    } else if (w == "read") {
        s->op = Op::Read;
        s->res = resource(s->op);
        const size_t from = m_tok;
        s->e1 = intExpression("the number of bytes to read");
        int64_t n;
        if (constant(s->e1, &n) && n < 1)
            error("read size " + q(source(from, m_tok)) + " must be at least 1");
        optionalArrow(s);
    } else if (w == "close") {
        s->op = Op::Close;
        s->res = resource(s->op);
    } else if (w == "send") {
        s->op = Op::Send;
        s->res = resource(s->op);
        if (!peek())
            throw LineError{"expected a value to send after the resource, found end of line"};
        s->e1 = expression();
        if (peekWord("priority")) {
            ++m_tok;
            const size_t from = m_tok;
            s->e2 = intExpression("the priority");
            int64_t p;
            if (constant(s->e2, &p) && p < 0)
                error("priority " + q(source(from, m_tok)) + " is negative");
        } else if (peekWord("type")) {
            ++m_tok;
            const size_t from = m_tok;
            s->e2 = intExpression("the message type");
            s->typed = true;
            int64_t t;
            if (constant(s->e2, &t) && t < 1)
                error("message type " + q(source(from, m_tok)) +
                      " is not positive (a System V message's type is 1 or more)");
        }
    } else if (w == "receive") {
        s->op = Op::Receive;
        s->res = resource(s->op);
        if (peekWord("type")) { // 0: the first; T: the first of type T; -T: lowest type <= T
            ++m_tok;
            s->e1 = intExpression("the message type to receive");
            s->typed = true;
        }
        optionalArrow(s);
    } else if (w == "accept" || w == "connect") {
        s->op = *opOfKeyword(w);
        s->res = resource(s->op, "a stream socket");
    } else if (w == "load") {
        s->op = Op::Load;
        s->reg = setRegister(expectIdent("a register name", after));
        expectPunct("=", "after the register");
        cell(w, s);
    } else if (w == "store") {
        s->op = Op::Store;
        cell(w, s);
        expectPunct("=", "after the cell");
        s->e2 = intExpression("the value to store");
    } else if (w == "add") {
        s->op = Op::Add;
        cell(w, s);
        s->e2 = intExpression("the amount to add");
    } else if (w == "wait" || w == "trywait" || w == "post") {
        s->op = *opOfKeyword(w);
        s->res = resource(s->op);
        if (s->res >= 0 && kindFormat(m_resources[s->res].type).members) members(w, s);
        if (s->op == Op::TryWait) optionalArrow(s);
    } else if (w == "lock" || w == "trylock" || w == "unlock") {
        s->op = *opOfKeyword(w);
        s->res = resource(s->op);
        if (s->op != Op::Unlock && peekWord("shared")) { // a read lock (its kind says if it has)
            ++m_tok;
            s->shared = true;
        }
        if (s->op == Op::TryLock) optionalArrow(s);
    } else if (w == "notify" || w == "broadcast") {
        s->op = *opOfKeyword(w);
        s->res = resource(s->op);
    } else if (w == "arrive") {
        s->op = Op::Arrive;
        s->res = resource(s->op);
    } else if (w == "lockfile" || w == "unlockfile") {
        s->op = *opOfKeyword(w);
        s->res = resource(s->op);
        if (s->op == Op::LockFile && peekWord("shared")) {
            ++m_tok;
            s->shared = true;
        }
    } else if (w == "signal") {
        s->op = Op::Signal;
        const Token &p = expectIdent("a process name", after);
        s->target = -1;
        for (size_t k = 0; k < m_processes.size(); ++k)
            if (m_processes[k].name == p.text) s->target = int(k);
        if (s->target < 0) {
            bool isResource = false;
            for (const ResourceSpec &r : m_resources)
                isResource = isResource || r.name == p.text;
            std::vector<std::string> names;
            for (const ProcessSpec &ps : m_processes)
                names.push_back(ps.name);
            error(isResource ? q(p.text) + " is a resource, not a process"
                             : "unknown process " + q(p.text) + didYouMean(p.text, names));
        }
        if (acceptPunct("[")) {
            const size_t from = m_tok;
            s->e1 = intExpression("the replica index");
            expectPunct("]", "after the replica index");
            if (s->target >= 0) {
                const ProcessSpec &target = m_processes[s->target];
                int64_t k;
                if (!target.hasReplicas)
                    error("process " + q(target.name) + " has no replicas (no \"count\"), so " +
                          q(target.name + "[" + source(from, m_tok - 1) + "]") +
                          " names none; write " + q("signal " + target.name));
                else if (constant(s->e1, &k) && (k < 0 || k >= target.count))
                    error("replica " + q(target.name + "[" + source(from, m_tok - 1) + "]") +
                          " does not exist (" + target.name + " has " +
                          std::to_string(target.count) + " replica" +
                          (target.count == 1 ? "" : "s") + ")");
            }
        }
        s->sig = signal(w, false);
        if (peekWord("value")) {
            ++m_tok;
            s->e2 = intExpression("the signal value");
        }
    } else if (w == "await") {
        s->op = Op::Await;
        s->sig = signal(w, true);
        optionalArrow(s);
    } else if (w == "sleep" || w == "compute") {
        s->op = *opOfKeyword(w);
        const size_t from = m_tok;
        s->e1 = intExpression("the milliseconds");
        int64_t ms;
        if (constant(s->e1, &ms) && ms < 0)
            error(w + " time " + q(source(from, m_tok)) + " is negative");
    } else if (w == "print") {
        s->op = Op::Print;
        if (peek()) {
            do {
                if (!peek()) throw LineError{"expected a value after \",\", found end of line"};
                s->args.push_back(expression());
            } while (acceptPunct(","));
        }
    } else if (w == "exit") {
        s->op = Op::Exit;
        if (peek()) {
            const size_t from = m_tok;
            s->e1 = intExpression("the exit code");
            int64_t code;
            if (constant(s->e1, &code) && (code < 0 || code > 255))
                error("exit code " + q(source(from, m_tok)) + " is outside 0..255");
        }
    } else if (w == "crash") {
        s->op = Op::Crash;
    } else if (w == "set") {
        s->op = Op::Set;
        s->reg = setRegister(expectIdent("a register name", after));
        expectPunct("=", "after the register");
        if (!peek()) throw LineError{"expected a value after \"=\", found end of line"};
        s->e1 = expression();
    } else if (w == "repeat") {
        const size_t from = m_tok;
        if (!peek()) throw LineError{"expected a count after \"repeat\", found \":\""};
        s->e1 = intExpression("the repeat count");
        int64_t n;
        if (constant(s->e1, &n) && n < 0)
            error("repeat count " + q(source(from, m_tok)) + " is negative");
    } else if (w == "forever") {
        // nothing more
    } else if (w == "while" || w == "if") {
        condition(&s->cond);
    } else if (w == "break") {
        s->op = Op::Break;
        if (m_loopDepth == 0) error("\"break\" outside a loop (repeat, forever or while)");
    } else {
        throw LineError{"unknown statement " + q(w) + didYouMean(w, statementWords())};
    }
    if (s->res >= 0) {
        const ResourceSpec &r = m_resources[s->res];
        const KindFormat &kind = kindFormat(r.type);
        if (s->typed && !kind.messageTypes)
            error("\"type\" applies to a sysv-mqueue, and \"" + r.name + "\" is a " +
                  resourceTypeName(r.type));
        else if (kind.statementFault)
            if (std::string fault = kind.statementFault(r, *s); !fault.empty()) error(fault);
    }
    if (peek()) throw LineError{"unexpected " + here() + " after " + q(source(0, m_tok))};
}

int Parser::resource(Op statement, std::string needs)
{
    const std::string op = opName(statement);
    if (needs.empty()) needs = kindsTaking(statement);
    const Token &t = expectIdent("a resource name", "after " + q(op));
    int index = -1;
    for (size_t k = 0; k < m_resources.size(); ++k)
        if (m_resources[k].name == t.text) index = int(k);
    if (index < 0) {
        for (const ProcessSpec &p : m_processes) {
            if (p.name == t.text) {
                error(q(op) + " needs " + needs + ", but " + q(t.text) + " is a process");
                return -1;
            }
        }
        std::vector<std::string> names;
        for (const ResourceSpec &r : m_resources)
            names.push_back(r.name);
        error("unknown resource " + q(t.text) + didYouMean(t.text, names));
        return -1;
    }
    const KindFormat &kind = kindFormat(m_resources[index].type);
    if (!kind.takes(statement)) {
        error(q(op) + " needs " + needs + ", but " + q(t.text) + " is a " + kind.name);
        return -1;
    }
    return index;
}

void Parser::cell(const std::string &op, Stmt *s)
{
    s->res = resource(s->op, kindsTaking(s->op) + " cell");
    if (!acceptPunct("["))
        throw LineError{"expected \"[\" after the shm name (" + q(op) +
                        " takes a cell: SHM[INDEX]), found " + here()};
    const size_t from = m_tok;
    s->e1 = intExpression("the cell index");
    const size_t to = m_tok;
    expectPunct("]", "after the cell index");
    int64_t index;
    if (s->res >= 0 && constant(s->e1, &index)) {
        const ResourceSpec &r = m_resources[s->res];
        const KindFormat &format = kindFormat(r.type);
        const int64_t cells = format.cells ? format.cells(r) : 0;
        if (index < 0 || index >= cells)
            error("cell " + q(r.name + "[" + source(from, to) + "]") + " is outside " + q(r.name) +
                  " (" + std::to_string(cells) + " cells: 0.." + std::to_string(cells - 1) + ")");
    }
}

// The members one call takes of a set: S[EXPR], S[EXPR], ... (one semop on them all); a set
// of one may be named alone.
void Parser::members(const std::string &op, Stmt *s)
{
    const ResourceSpec &r = m_resources[s->res];
    const int64_t count = kindFormat(r.type).members(r);
    if (!peekPunct("[")) {
        if (count == 1) return;
        throw LineError{q(r.name) + " is a set of " + std::to_string(count) +
                        " semaphores: name the members " + q(op) + " takes (" +
                        q(op + " " + r.name + "[0]") + ", or several: " +
                        q(op + " " + r.name + "[0], " + r.name + "[1]") + "), found " + here()};
    }
    for (;;) {
        expectPunct("[", "after " + q(r.name));
        const size_t from = m_tok;
        const int32_t e = intExpression("the member's index");
        const size_t to = m_tok;
        expectPunct("]", "after the member's index");
        int64_t index;
        if (constant(e, &index) && (index < 0 || index >= count))
            error("member " + q(r.name + "[" + source(from, to) + "]") + " is outside " +
                  q(r.name) + " (" + std::to_string(count) + " semaphores: 0.." +
                  std::to_string(count - 1) + ")");
        s->args.push_back(e);
        if (!acceptPunct(",")) return;
        const Token &t = expectIdent("a member of " + q(r.name), "after \",\"");
        if (t.text != r.name)
            error("one " + q(op) + " is one semop, on members of one set: " + q(t.text) +
                  " is not a member of " + q(r.name));
    }
}

void Parser::optionalArrow(Stmt *s)
{
    if (!acceptPunct("->")) return;
    s->reg = setRegister(expectIdent("a register name", "after \"->\""));
}

int Parser::registerSlot(const std::string &name)
{
    auto &names = m_script->regNames;
    const auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) return int(it - names.begin());
    names.push_back(name);
    m_regSet.push_back(false);
    m_regFirstUse.push_back(0);
    return int(names.size() - 1);
}

int Parser::setRegister(const Token &t)
{
    if (!isRegisterName(t.text)) {
        error("register names are lower-case ([a-z_][a-z0-9_]*): " + q(t.text));
        return -1;
    }
    const int slot = registerSlot(t.text);
    m_regSet[slot] = true;
    return slot;
}

int Parser::signal(const std::string &op, bool await)
{
    const Token *t = peek();
    if (!t || t->kind != Token::Ident)
        throw LineError{"expected a signal name (such as SIGUSR1) after " + q(source(0, m_tok)) +
                        ", found " + here()};
    ++m_tok;
    std::string name = t->text;
    // SIGRTMIN+N and SIGRTMAX-N come as three tokens.
    if ((name == "SIGRTMIN" || name == "SIGRTMAX") && peek() && peek()->kind == Token::Punct &&
        peek()->text == (name == "SIGRTMIN" ? "+" : "-")) {
        name += peek()->text;
        ++m_tok;
        const Token *n = peek();
        if (!n || n->kind != Token::Int)
            throw LineError{"expected a number after " + q(name) + ", found " + here()};
        name += n->text;
        ++m_tok;
        if (!signalByName(name)) {
            error(q(name) + " is not a real-time signal here: they are SIGRTMIN to SIGRTMIN+" +
                  std::to_string(signalByName("SIGRTMAX") - signalByName("SIGRTMIN")) +
                  " (SIGRTMAX)");
            return 0;
        }
    }
    const int sig = signalByName(name);
    if (sig == 0) {
        const int withPrefix = signalByName("SIG" + t->text);
        error("unknown signal " + q(t->text) +
              (withPrefix ? " (write \"SIG" + t->text + "\")"
                          : std::string(" (a script may ") + (await ? "await " : "send ") +
                                (await ? awaitableSignalList() : sendableSignalList()) + ")"));
        return 0;
    }
    if (await && !scriptMayAwait(sig)) {
        error(q(op) + " cannot wait for " + q(name) + ": a script may await only " +
              awaitableSignalList());
        return sig;
    }
    if (!await && !scriptMaySend(sig)) {
        error("a script cannot send " + q(name) + ": it may send " + sendableSignalList());
        return sig;
    }
    return sig;
}

void Parser::condition(Condition *c)
{
    const size_t from = m_tok;
    if (!peek())
        throw LineError{"expected a condition after " + q(source(0, m_tok)) +
                        ", found end of line"};
    c->lhs = expression();
    const Token *t = peek();
    static const char *const ops[] = {"==", "!=", "<", "<=", ">", ">="};
    static const CmpOp cmps[] = {CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge};
    bool found = false;
    if (t && t->kind == Token::Punct) {
        for (int k = 0; k < 6; ++k) {
            if (t->text == ops[k]) {
                c->cmp = cmps[k];
                found = true;
            }
        }
    }
    if (!found) {
        if (t && t->text == "=") throw LineError{"\"=\" in a condition: compare with \"==\""};
        throw LineError{"expected a comparison (==, !=, <, <=, >, >=) after " +
                        q(source(from, m_tok)) + ", found " + here()};
    }
    ++m_tok;
    if (!peek()) throw LineError{"expected a value after " + q(t->text) + ", found end of line"};
    c->rhs = expression();

    // What can be known now: two texts compare only for equality, and a text compared with
    // an integer expression must be a decimal integer.
    const ExprNode &l = m_script->exprs[c->lhs];
    const ExprNode &r = m_script->exprs[c->rhs];
    auto isInt = [](const ExprNode &n) {
        return n.kind != ExprNode::Str && n.kind != ExprNode::Reg;
    };
    auto decimal = [](const std::string &s) {
        size_t k = (!s.empty() && s[0] == '-') ? 1 : 0;
        if (k == s.size()) return false;
        for (; k < s.size(); ++k)
            if (s[k] < '0' || s[k] > '9') return false;
        return true;
    };
    if (l.kind == ExprNode::Str && r.kind == ExprNode::Str && c->cmp != CmpOp::Eq &&
        c->cmp != CmpOp::Ne)
        error("texts compare only with == or !=: " + q(source(from, m_tok)));
    for (const auto &[text, other] : {std::pair{&l, &r}, std::pair{&r, &l}}) {
        if (text->kind == ExprNode::Str && isInt(*other) && !decimal(text->text))
            error(q(text->text) + " is compared with an integer but is not a decimal integer: " +
                  q(source(from, m_tok)));
    }
}

int32_t Parser::node(ExprNode n)
{
    if ((n.kind == ExprNode::Binary || n.kind == ExprNode::Neg) &&
        ++m_exprNodes > kMaxExprOperators)
        throw LineError{"expression with more than " + std::to_string(kMaxExprOperators) +
                        " operators"};
    m_script->exprs.push_back(std::move(n));
    return int32_t(m_script->exprs.size() - 1);
}

int32_t Parser::expression()
{
    const size_t from = m_tok;
    m_exprNodes = 0;
    const int32_t e = additive();
    // A constant that cannot be computed would fail on every run: say so now.
    int64_t v;
    std::string why;
    if (fold(e, &v, &why) == Fold::Bad) error(why + " in " + q(source(from, m_tok)));
    return e;
}

int32_t Parser::intExpression(const std::string &what)
{
    const size_t from = m_tok;
    const Token *t = peek();
    if (!t || (t->kind == Token::Punct && t->text != "(" && t->text != "-"))
        throw LineError{"expected " + what + ", found " + here()};
    const int32_t e = expression();
    if (m_script->exprs[e].kind == ExprNode::Str)
        error(what + " must be an integer, found " + q(source(from, m_tok)));
    return e;
}

void Parser::checkArithmeticOperand(int32_t e, size_t fromTok)
{
    if (m_script->exprs[e].kind == ExprNode::Str)
        error("text " + q(source(fromTok, m_tok)) +
              " in arithmetic (only integers add, subtract, ...)");
}

int32_t Parser::additive()
{
    size_t from = m_tok;
    int32_t lhs = multiplicative();
    while (peekPunct("+") || peekPunct("-")) {
        checkArithmeticOperand(lhs, from);
        const char op = peek()->text[0];
        ++m_tok;
        from = m_tok;
        const int32_t rhs = multiplicative();
        checkArithmeticOperand(rhs, from);
        ExprNode n;
        n.kind = ExprNode::Binary;
        n.op = op;
        n.a = lhs;
        n.b = rhs;
        lhs = node(std::move(n));
    }
    return lhs;
}

int32_t Parser::multiplicative()
{
    size_t from = m_tok;
    int32_t lhs = unary();
    while (peekPunct("*") || peekPunct("/") || peekPunct("%")) {
        checkArithmeticOperand(lhs, from);
        const char op = peek()->text[0];
        ++m_tok;
        from = m_tok;
        const int32_t rhs = unary();
        checkArithmeticOperand(rhs, from);
        ExprNode n;
        n.kind = ExprNode::Binary;
        n.op = op;
        n.a = lhs;
        n.b = rhs;
        lhs = node(std::move(n));
    }
    return lhs;
}

int32_t Parser::unary()
{
    if (m_exprDepth >= kMaxExprDepth)
        throw LineError{"expression nested deeper than " + std::to_string(kMaxExprDepth) +
                        " levels, at " + here()};
    if (acceptPunct("-")) {
        const DepthGuard guard(&m_exprDepth);
        const size_t from = m_tok;
        const int32_t a = unary();
        checkArithmeticOperand(a, from);
        // A literal -5 is folded so that "exit -1" and cell indices read as plain constants.
        if (m_script->exprs[a].kind == ExprNode::Int && m_script->exprs[a].ival != INT64_MIN) {
            m_script->exprs[a].ival = -m_script->exprs[a].ival;
            return a;
        }
        ExprNode n;
        n.kind = ExprNode::Neg;
        n.a = a;
        return node(std::move(n));
    }
    return primary();
}

int32_t Parser::primary()
{
    const Token *t = peek();
    if (!t) throw LineError{"expected a value, found end of line"};
    ++m_tok;
    ExprNode n;
    switch (t->kind) {
    case Token::Int:
        n.kind = ExprNode::Int;
        n.ival = t->ival;
        return node(std::move(n));
    case Token::Str:
        n.kind = ExprNode::Str;
        n.text = t->text;
        return node(std::move(n));
    case Token::Var:
        if (t->text == "$index") {
            n.kind = ExprNode::Index;
        } else {
            n.kind = ExprNode::LoopVar;
            if (m_repeats.empty())
                error("\"$i\" outside any repeat (it counts the innermost enclosing repeat)");
            else
                n.ival = m_repeats.back();
        }
        return node(std::move(n));
    case Token::Ident: {
        n.kind = ExprNode::Reg;
        if (!isRegisterName(t->text)) {
            std::string what = "unknown name " + q(t->text) + " (registers are lower-case)";
            for (const ResourceSpec &r : m_resources)
                if (r.name == t->text)
                    what = q(t->text) + " is a " + resourceTypeName(r.type) + ", not a value";
            for (const ProcessSpec &p : m_processes)
                if (p.name == t->text) what = q(t->text) + " is a process, not a value";
            error(what);
            return node(std::move(n));
        }
        n.ival = registerSlot(t->text);
        if (m_regFirstUse[n.ival] == 0) m_regFirstUse[n.ival] = m_line->number;
        return node(std::move(n));
    }
    case Token::Punct:
        if (t->text == "(") {
            const DepthGuard guard(&m_exprDepth);
            const int32_t e = additive();
            expectPunct(")", "to close \"(\"");
            return e;
        }
        break;
    }
    --m_tok;
    throw LineError{"expected a value, found " + here()};
}

Parser::Fold Parser::fold(int32_t e, int64_t *value, std::string *why) const
{
    const ExprNode &n = m_script->exprs[e];
    switch (n.kind) {
    case ExprNode::Int:
        *value = n.ival;
        return Fold::Yes;
    case ExprNode::Neg: {
        int64_t a;
        const Fold f = fold(n.a, &a, why);
        if (f != Fold::Yes) return f;
        if (a == INT64_MIN) {
            *why = "overflow";
            return Fold::Bad;
        }
        *value = -a;
        return Fold::Yes;
    }
    case ExprNode::Binary: {
        int64_t a, b;
        Fold f = fold(n.a, &a, why);
        if (f != Fold::Yes) return f;
        f = fold(n.b, &b, why);
        if (f != Fold::Yes) return f;
        bool overflow = false;
        switch (n.op) {
        case '+':
            overflow = __builtin_add_overflow(a, b, value);
            break;
        case '-':
            overflow = __builtin_sub_overflow(a, b, value);
            break;
        case '*':
            overflow = __builtin_mul_overflow(a, b, value);
            break;
        case '/':
        case '%':
            if (b == 0) {
                *why = "division by zero";
                return Fold::Bad;
            }
            if (a == INT64_MIN && b == -1) {
                overflow = true;
                break;
            }
            *value = n.op == '/' ? a / b : a % b;
            break;
        default:
            return Fold::No;
        }
        if (overflow) {
            *why = "overflow";
            return Fold::Bad;
        }
        return Fold::Yes;
    }
    default:
        return Fold::No;
    }
}

bool Parser::constant(int32_t e, int64_t *value)
{
    std::string why;
    return fold(e, value, &why) == Fold::Yes;
}

} // namespace

ScriptParser::ScriptParser(const std::vector<ResourceSpec> &resources,
                           const std::vector<ProcessSpec> &processes)
    : m_resources(resources), m_processes(processes)
{
}

bool ScriptParser::parse(const std::string &text, Script *out)
{
    *out = Script();
    m_errors.clear();
    Parser parser(m_resources, m_processes, out, &m_errors);
    parser.run(text);
    return m_errors.empty();
}

} // namespace ipcsim::core
