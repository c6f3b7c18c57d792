// One step's records and operands: what the interpreter and a kind's statements share. A step
// is numbered and stops at the gate when the engine asks (enter), is reported as Begin, makes
// its real call, and is reported as End, or as Error with errno (failCall), after which the
// process exits with 1 as real code would. What each statement's records carry is listed in
// worker/interpreter.h.
#pragma once

#include "ipc/wire.h"
#include "scenario/script.h"
#include "worker/evaluator.h"
#include "worker/telemetry.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ipcsim::core {

class Step
{
public:
    // innermostLoop: the interpreter's slot of the innermost running repeat (-1: none), whose
    // $i goes with the gate.
    Step(Telemetry &telemetry, Evaluator &eval, const int &innermostLoop, int instance)
        : m_tel(telemetry), m_eval(eval), m_innermostLoop(innermostLoop), m_instance(instance)
    {
    }

    int instance() const { return m_instance; }

    // The operands, evaluated at the statement's line.
    int64_t integer(const Stmt &s, int32_t expr) const { return m_eval.integer(expr, s.line); }
    std::string_view text(const Stmt &s, int32_t expr, Evaluator::NumberBuffer &nb) const
    {
        return m_eval.text(expr, s.line, nb);
    }
    void storeReg(int reg, std::string_view text);
    void storeReg(int reg, int64_t value);
    // Scratch room for a read (kept between steps), and "write R N bytes"'s abc...z pattern.
    char *buffer(size_t n);
    const char *pattern(size_t n);

    // What a step asks for, told with its gate (in step mode only) so that the window can say
    // what it will do: the operands its kind evaluated before the call (a semop's members, a
    // message and its type, an eventfd's amount).
    struct Asks
    {
        int64_t aux = 0;
        std::string_view text;
    };

    // The records.
    void enter(const Stmt &s, int res, int sig = 0);
    void enter(const Stmt &s, int res, int sig, Asks asks);
    void begin(int64_t value = 0, int64_t aux = 0, uint16_t flags = 0);
    void beginText(int64_t value, int64_t aux, std::string_view text);
    void end(int64_t value = 0, int64_t aux = 0, uint16_t flags = 0);
    void endText(int64_t value, int64_t aux, uint16_t flags, std::string_view text,
                 bool forceSocket = false);
    // The resource (a signal: the target instance) the next records name.
    void setRes(int res) { m_rec.res = int16_t(res); }
    [[noreturn]] void failCall(int err);
    // A script error where no step began: its own record, then exit 1.
    [[noreturn]] void failScript(const Stmt *current, int line, const std::string &message);

private:
    void fill(wire::Phase phase, int64_t value, int64_t aux, uint16_t flags);

    Telemetry &m_tel;
    Evaluator &m_eval;
    const int &m_innermostLoop;
    int m_instance;
    wire::StepRecord m_rec{}; // the current step: seq, line, op, res, sig
    uint32_t m_seq = 0;
    std::vector<char> m_buf;     // read/receive
    std::vector<char> m_pattern; // abc...z repeated, for "write R N bytes"
};

} // namespace ipcsim::core
