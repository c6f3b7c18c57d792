// Evaluates a script's expressions and conditions against one process's registers, repeat
// counters and $index: 64-bit integers with overflow and division checks, text used as an
// integer only when it is a decimal number. Errors throw ScriptError with the line.
// Pure computation (no system calls), so it is unit-tested on its own.
#pragma once

#include "scenario/script.h"
#include "worker/value.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ipcsim::core {

class Evaluator
{
public:
    // Room for the decimal text of any int64 ("-9223372036854775808").
    using NumberBuffer = char[24];

    Evaluator(const Script &script, int64_t index);

    // The integer value of expression expr; text must be a decimal integer.
    int64_t integer(int32_t expr, int line) const;
    // The text form of expr: text as it is, integers in decimal (written into buf). The view
    // stays valid until the register it may point into changes.
    std::string_view text(int32_t expr, int line, NumberBuffer &buf) const;
    // Appends the text form of expr to out.
    void appendText(int32_t expr, int line, std::string &out) const;
    // reg = expr, keeping text as text and integers as integers.
    void assign(int reg, int32_t expr, int line);
    bool condition(const Condition &c, int line) const;

    Value &reg(int slot) { return m_regs[size_t(slot)]; }
    const Value &reg(int slot) const { return m_regs[size_t(slot)]; }
    int64_t &loop(int slot) { return m_loops[size_t(slot)]; }
    int64_t index() const { return m_index; }

    // Strict decimal: optional '-' or '+', then digits only, within int64.
    static bool parseDecimal(std::string_view s, int64_t *out);
    // Writes v in decimal into buf; returns the view of it.
    static std::string_view formatDecimal(int64_t v, NumberBuffer &buf);

private:
    struct Operand
    {
        bool isText = false;
        int64_t i = 0;
        std::string_view s;
    };
    Operand operand(int32_t expr, int line) const;
    int64_t decimalOrThrow(std::string_view s, int line, int reg) const;
    const Value &regOrThrow(int slot, int line) const;

    const Script &m_script;
    int64_t m_index;
    std::vector<Value> m_regs;
    std::vector<int64_t> m_loops;
};

} // namespace ipcsim::core
