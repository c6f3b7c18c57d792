#include "worker/step.h"

#include <unistd.h>

namespace ipcsim::core {

void Step::storeReg(int reg, std::string_view text)
{
    if (reg >= 0) m_eval.reg(reg).setText(text);
}

void Step::storeReg(int reg, int64_t value)
{
    if (reg >= 0) m_eval.reg(reg).setInt(value);
}

char *Step::buffer(size_t n)
{
    if (m_buf.size() < n) m_buf.resize(n);
    return m_buf.data();
}

const char *Step::pattern(size_t n)
{
    if (m_pattern.size() < n) {
        const size_t old = m_pattern.size();
        m_pattern.resize(n);
        for (size_t k = old; k < n; ++k)
            m_pattern[k] = char('a' + k % 26);
    }
    return m_pattern.data();
}

void Step::enter(const Stmt &s, int res, int sig)
{
    enter(s, res, sig, Asks{});
}

void Step::enter(const Stmt &s, int res, int sig, Asks asks)
{
    m_rec = wire::StepRecord{};
    m_rec.seq = ++m_seq;
    m_rec.line = uint16_t(s.line);
    m_rec.op = uint8_t(s.op);
    m_rec.res = int16_t(res);
    m_rec.sig = uint8_t(sig);
    m_rec.flags = s.shared ? uint16_t(wire::SharedLock) : uint16_t(0); // the gate says so too
    if (m_tel.gated()) {
        // $i goes with the gate only: a free run's hot path writes nothing it does not need.
        m_rec.value = m_innermostLoop >= 0 ? m_eval.loop(m_innermostLoop) : -1;
        m_rec.aux = asks.aux;
        m_tel.gate(m_rec, asks.text);
    }
}

// The current step's record as of this phase, without text.
void Step::fill(wire::Phase phase, int64_t value, int64_t aux, uint16_t flags)
{
    m_rec.phase = uint8_t(phase);
    m_rec.value = value;
    m_rec.aux = aux;
    m_rec.flags = flags;
    m_rec.textLen = 0;
}

void Step::begin(int64_t value, int64_t aux, uint16_t flags)
{
    fill(wire::Phase::Begin, value, aux, flags);
    m_tel.push(m_rec);
}

void Step::beginText(int64_t value, int64_t aux, std::string_view text)
{
    fill(wire::Phase::Begin, value, aux, 0);
    m_tel.attachText(m_rec, text.data(), text.size(), false);
    m_tel.push(m_rec);
}

void Step::end(int64_t value, int64_t aux, uint16_t flags)
{
    fill(wire::Phase::End, value, aux, flags);
    m_tel.push(m_rec);
}

void Step::endText(int64_t value, int64_t aux, uint16_t flags, std::string_view text,
                   bool forceSocket)
{
    fill(wire::Phase::End, value, aux, flags);
    m_tel.attachText(m_rec, text.data(), text.size(), forceSocket);
    m_tel.push(m_rec);
}

void Step::failCall(int err)
{
    m_rec.phase = uint8_t(wire::Phase::Error);
    m_rec.err = err;
    m_rec.flags = 0;
    m_rec.textLen = 0;
    m_tel.push(m_rec);
    _exit(1);
}

void Step::failScript(const Stmt *current, int line, const std::string &message)
{
    m_rec = wire::StepRecord{};
    m_rec.seq = ++m_seq;
    m_rec.line = uint16_t(line);
    m_rec.op = current ? uint8_t(current->op) : 0;
    m_rec.res = int16_t(current && current->op != Op::Signal ? current->res : -1);
    m_rec.phase = uint8_t(wire::Phase::Error);
    m_rec.flags = wire::RuntimeError;
    m_tel.attachText(m_rec, message.data(), message.size());
    m_tel.push(m_rec);
    _exit(1);
}

} // namespace ipcsim::core
