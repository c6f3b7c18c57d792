#include "worker/evaluator.h"

#include "worker/scripterror.h"

#include <charconv>
#include <limits>

namespace ipcsim::core {

namespace {

// Text quoted for a message: escapes what would not print, and cuts long text short.
std::string quoted(std::string_view s)
{
    constexpr size_t kMax = 32;
    std::string q = "\"";
    for (size_t k = 0; k < s.size() && k < kMax; ++k) {
        const unsigned char c = static_cast<unsigned char>(s[k]);
        if (c == '"' || c == '\\') {
            q += '\\';
            q += char(c);
        } else if (c == '\n') {
            q += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            static const char hex[] = "0123456789abcdef";
            q += "\\x";
            q += hex[c >> 4];
            q += hex[c & 15];
        } else {
            q += char(c);
        }
    }
    if (s.size() > kMax) q += "...";
    q += '"';
    return q;
}

const char *cmpName(CmpOp op)
{
    switch (op) {
    case CmpOp::Eq:
        return "==";
    case CmpOp::Ne:
        return "!=";
    case CmpOp::Lt:
        return "<";
    case CmpOp::Le:
        return "<=";
    case CmpOp::Gt:
        return ">";
    case CmpOp::Ge:
        return ">=";
    }
    return "?";
}

} // namespace

Evaluator::Evaluator(const Script &script, int64_t index)
    : m_script(script), m_index(index), m_regs(script.regNames.size()),
      m_loops(size_t(script.loopSlots), 0)
{
}

bool Evaluator::parseDecimal(std::string_view s, int64_t *out)
{
    if (s.empty()) return false;
    size_t start = 0;
    if (s[0] == '+') {
        // from_chars refuses '+', but "+3" is as decimal as "3".
        start = 1;
        if (s.size() == 1 || s[1] == '-') return false;
    }
    int64_t v = 0;
    const char *first = s.data() + start;
    const char *last = s.data() + s.size();
    const auto [ptr, ec] = std::from_chars(first, last, v, 10);
    if (ec != std::errc() || ptr != last) return false;
    *out = v;
    return true;
}

std::string_view Evaluator::formatDecimal(int64_t v, NumberBuffer &buf)
{
    const auto [ptr, ec] = std::to_chars(buf, buf + sizeof(NumberBuffer), v);
    (void)ec; // 24 bytes always hold an int64
    return std::string_view(buf, size_t(ptr - buf));
}

const Value &Evaluator::regOrThrow(int slot, int line) const
{
    const Value &v = m_regs[size_t(slot)];
    if (v.kind == Value::Unset)
        throwScriptError(line, "register " + m_script.regNames[size_t(slot)] +
                                   " is used before anything was stored in it");
    return v;
}

int64_t Evaluator::decimalOrThrow(std::string_view s, int line, int reg) const
{
    int64_t v = 0;
    if (parseDecimal(s, &v)) return v;
    if (reg >= 0)
        throwScriptError(line, m_script.regNames[size_t(reg)] + " holds " + quoted(s) +
                                   ", which is not a decimal integer");
    throwScriptError(line, quoted(s) + " is not a decimal integer");
}

int64_t Evaluator::integer(int32_t expr, int line) const
{
    const ExprNode &n = m_script.exprs[size_t(expr)];
    switch (n.kind) {
    case ExprNode::Int:
        return n.ival;
    case ExprNode::Str:
        return decimalOrThrow(n.text, line, -1);
    case ExprNode::LoopVar:
        return m_loops[size_t(n.ival)];
    case ExprNode::Index:
        return m_index;
    case ExprNode::Reg: {
        const Value &v = regOrThrow(int(n.ival), line);
        return v.kind == Value::Int ? v.i : decimalOrThrow(v.s, line, int(n.ival));
    }
    case ExprNode::Neg: {
        const int64_t a = integer(n.a, line);
        if (a == std::numeric_limits<int64_t>::min())
            throwScriptError(line, "integer overflow in -(" + std::to_string(a) + ")");
        return -a;
    }
    case ExprNode::Binary: {
        const int64_t a = integer(n.a, line);
        const int64_t b = integer(n.b, line);
        int64_t r = 0;
        bool overflow = false;
        switch (n.op) {
        case '+':
            overflow = __builtin_add_overflow(a, b, &r);
            break;
        case '-':
            overflow = __builtin_sub_overflow(a, b, &r);
            break;
        case '*':
            overflow = __builtin_mul_overflow(a, b, &r);
            break;
        case '/':
        case '%':
            if (b == 0) throwScriptError(line, "division by zero");
            // INT64_MIN / -1 is the one quotient that does not fit (and traps on x86).
            if (a == std::numeric_limits<int64_t>::min() && b == -1) {
                if (n.op == '%') return 0;
                overflow = true;
                break;
            }
            r = n.op == '/' ? a / b : a % b; // C truncates toward zero, as the contract says
            break;
        default:
            throwScriptError(line, std::string("unknown operator ") + n.op);
        }
        if (overflow)
            throwScriptError(line, "integer overflow in " + std::to_string(a) + " " + n.op + " " +
                                       std::to_string(b));
        return r;
    }
    }
    throwScriptError(line, "bad expression");
}

Evaluator::Operand Evaluator::operand(int32_t expr, int line) const
{
    const ExprNode &n = m_script.exprs[size_t(expr)];
    Operand o;
    if (n.kind == ExprNode::Str) {
        o.isText = true;
        o.s = n.text;
    } else if (n.kind == ExprNode::Reg) {
        const Value &v = regOrThrow(int(n.ival), line);
        if (v.kind == Value::Text) {
            o.isText = true;
            o.s = v.s;
        } else {
            o.i = v.i;
        }
    } else {
        o.i = integer(expr, line);
    }
    return o;
}

std::string_view Evaluator::text(int32_t expr, int line, NumberBuffer &buf) const
{
    const Operand o = operand(expr, line);
    return o.isText ? o.s : formatDecimal(o.i, buf);
}

void Evaluator::appendText(int32_t expr, int line, std::string &out) const
{
    NumberBuffer buf;
    const std::string_view t = text(expr, line, buf);
    out.append(t.data(), t.size());
}

void Evaluator::assign(int reg, int32_t expr, int line)
{
    const ExprNode &n = m_script.exprs[size_t(expr)];
    if (n.kind == ExprNode::Reg && n.ival == reg) {
        regOrThrow(reg, line); // set x = x: nothing to copy, but x must hold something
        return;
    }
    const Operand o = operand(expr, line);
    Value &dst = m_regs[size_t(reg)];
    if (o.isText)
        dst.setText(o.s);
    else
        dst.setInt(o.i);
}

bool Evaluator::condition(const Condition &c, int line) const
{
    const Operand l = operand(c.lhs, line);
    const Operand r = operand(c.rhs, line);
    const bool ordering = c.cmp != CmpOp::Eq && c.cmp != CmpOp::Ne;
    if (l.isText && r.isText && !ordering) {
        const bool eq = l.s == r.s;
        return c.cmp == CmpOp::Eq ? eq : !eq;
    }
    // Integers when either side is one; an ordering always compares numbers (text has none).
    auto asInt = [&](const Operand &o, int32_t expr) -> int64_t {
        if (!o.isText) return o.i;
        const ExprNode &n = m_script.exprs[size_t(expr)];
        int64_t v = 0;
        if (parseDecimal(o.s, &v)) return v;
        const std::string who = n.kind == ExprNode::Reg
                                    ? m_script.regNames[size_t(n.ival)] + " holds " + quoted(o.s)
                                    : quoted(o.s);
        throwScriptError(line, std::string(cmpName(c.cmp)) + " compares integers, and " + who +
                                   " is not a decimal integer");
    };
    const int64_t a = asInt(l, c.lhs);
    const int64_t b = asInt(r, c.rhs);
    switch (c.cmp) {
    case CmpOp::Eq:
        return a == b;
    case CmpOp::Ne:
        return a != b;
    case CmpOp::Lt:
        return a < b;
    case CmpOp::Le:
        return a <= b;
    case CmpOp::Gt:
        return a > b;
    case CmpOp::Ge:
        return a >= b;
    }
    return false;
}

} // namespace ipcsim::core
