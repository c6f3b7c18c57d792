// A small strict JSON parser (RFC 8259) that records where each key and value was written and
// refuses duplicate keys: QJsonDocument can do neither, and scenario errors must point at the
// exact place in the user's file.
#pragma once

#include "scenario/jsonvalue.h"

#include <string>
#include <vector>

namespace ipcsim::core {

struct JsonError
{
    int line = 0, col = 0;
    std::string message; // without the position
};

class JsonReader
{
public:
    // Parses the whole text as one JSON value. A syntax error stops the parse (it is the only
    // error reported then); duplicate keys are reported as errors and parsing goes on.
    // Returns true when there is no error.
    bool parse(const std::string &text, JsonValue *out);
    const std::vector<JsonError> &errors() const { return m_errors; }
    // A syntax error leaves no usable value (duplicate keys alone do).
    bool syntaxFailed() const { return m_failed; }

private:
    bool parseValue(JsonValue *out, int depth);
    bool parseObject(JsonValue *out, int depth);
    bool parseArray(JsonValue *out, int depth);
    bool parseString(std::string *out);
    bool parseNumber(JsonValue *out);
    bool parseLiteral(JsonValue *out);
    void skipSpace();
    void advance(); // one byte, keeping line and column
    bool syntaxError(const std::string &message);
    bool syntaxErrorAt(int line, int col, const std::string &message);
    std::string describeHere() const; // the token at the current position, quoted

    const std::string *m_text = nullptr;
    size_t m_pos = 0;
    int m_line = 1, m_col = 1;
    bool m_failed = false;
    std::vector<JsonError> m_errors;
};

} // namespace ipcsim::core
