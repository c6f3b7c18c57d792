#include "scenario/jsonreader.h"

#include "scenario/quote.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <map>

namespace ipcsim::core {

namespace {

// Deep enough for any scenario, shallow enough that a hostile file cannot overflow the stack.
constexpr int kMaxDepth = 200;

void appendUtf8(std::string *out, uint32_t cp)
{
    if (cp < 0x80) {
        out->push_back(char(cp));
    } else if (cp < 0x800) {
        out->push_back(char(0xC0 | (cp >> 6)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out->push_back(char(0xE0 | (cp >> 12)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    } else {
        out->push_back(char(0xF0 | (cp >> 18)));
        out->push_back(char(0x80 | ((cp >> 12) & 0x3F)));
        out->push_back(char(0x80 | ((cp >> 6) & 0x3F)));
        out->push_back(char(0x80 | (cp & 0x3F)));
    }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not valid.
size_t utf8Length(const std::string &s, size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    size_t len;
    uint32_t cp;
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0) {
        len = 2;
        cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
        len = 3;
        cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
        len = 4;
        cp = b & 0x07;
    } else {
        return 0;
    }
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (c & 0x3F);
    }
    static const uint32_t minimum[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < minimum[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
    return len;
}

} // namespace

bool JsonReader::parse(const std::string &text, JsonValue *out)
{
    m_text = &text;
    m_pos = 0;
    m_line = 1;
    m_col = 1;
    m_failed = false;
    m_errors.clear();
    *out = JsonValue();
    // A byte-order mark is not JSON, but editors write one; it is not a column either.
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) m_pos = 3;
    skipSpace();
    if (m_pos >= text.size()) {
        syntaxError("the file is empty (expected a JSON object)");
        return false;
    }
    if (!parseValue(out, 0)) return false;
    skipSpace();
    if (m_pos < text.size()) {
        syntaxError("unexpected " + describeHere() + " after the end of the JSON value");
        return false;
    }
    return m_errors.empty();
}

void JsonReader::advance()
{
    const char c = (*m_text)[m_pos++];
    if (c == '\n') {
        ++m_line;
        m_col = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
        // Columns count characters: only the first byte of a UTF-8 sequence moves the column.
        ++m_col;
    }
}

void JsonReader::skipSpace()
{
    const std::string &t = *m_text;
    while (m_pos < t.size() &&
           (t[m_pos] == ' ' || t[m_pos] == '\t' || t[m_pos] == '\n' || t[m_pos] == '\r'))
        advance();
}

bool JsonReader::syntaxError(const std::string &message)
{
    return syntaxErrorAt(m_line, m_col, message);
}

bool JsonReader::syntaxErrorAt(int line, int col, const std::string &message)
{
    if (!m_failed) m_errors.push_back({line, col, message});
    m_failed = true;
    return false;
}

std::string JsonReader::describeHere() const
{
    const std::string &t = *m_text;
    if (m_pos >= t.size()) return "end of file";
    const auto b = static_cast<unsigned char>(t[m_pos]);
    if (b < 0x20) {
        static const char hex[] = "0123456789abcdef";
        return std::string("control character \"\\u00") + hex[b >> 4] + hex[b & 15] + "\"";
    }
    if (t[m_pos] == '"') {
        // A misplaced string is quoted whole (up to a point): "title" rather than a lone quote.
        const size_t close = t.find_first_of("\"\n", m_pos + 1);
        if (close != std::string::npos && t[close] == '"' && close - m_pos <= 40)
            return "string " + t.substr(m_pos, close + 1 - m_pos);
        return "'\"'";
    }
    // A word (true, nul, an unquoted name) reads better whole than as its first letter.
    size_t end = m_pos;
    while (end < t.size() && end - m_pos < 20 &&
           (std::isalnum(static_cast<unsigned char>(t[end])) || t[end] == '_'))
        ++end;
    if (end == m_pos) {
        const size_t len = utf8Length(t, m_pos);
        end = m_pos + (len ? len : 1);
    }
    return "\"" + t.substr(m_pos, end - m_pos) + "\"";
}

bool JsonReader::parseValue(JsonValue *out, int depth)
{
    skipSpace();
    out->line = m_line;
    out->col = m_col;
    const std::string &t = *m_text;
    if (m_pos >= t.size()) return syntaxError("unexpected end of file (expected a value)");
    if (depth > kMaxDepth)
        return syntaxError("nesting deeper than " + std::to_string(kMaxDepth) + " levels");
    const char c = t[m_pos];
    switch (c) {
    case '{':
        return parseObject(out, depth);
    case '[':
        return parseArray(out, depth);
    case '"':
        out->type = JsonValue::String;
        return parseString(&out->text);
    case 't':
    case 'f':
    case 'n':
        return parseLiteral(out);
    default:
        if (c == '-' || (c >= '0' && c <= '9')) return parseNumber(out);
        if (c == '\'') return syntaxError("unexpected \"'\" (JSON strings use double quotes)");
        return syntaxError("unexpected " + describeHere() + " (expected a value)");
    }
}

bool JsonReader::parseObject(JsonValue *out, int depth)
{
    out->type = JsonValue::Object;
    advance(); // {
    std::map<std::string, std::pair<int, int>> seen;
    skipSpace();
    const std::string &t = *m_text;
    if (m_pos < t.size() && t[m_pos] == '}') {
        advance();
        return true;
    }
    for (;;) {
        skipSpace();
        if (m_pos >= t.size())
            return syntaxError("unexpected end of file (expected a key in double quotes)");
        if (t[m_pos] != '"') {
            if (t[m_pos] == '}')
                return syntaxError("unexpected \"}\" after \",\" (trailing comma)");
            if (t[m_pos] == '\'')
                return syntaxError("unexpected \"'\" (JSON strings use double quotes)");
            return syntaxError("unexpected " + describeHere() +
                               " (expected a key in double quotes)");
        }
        JsonMember member;
        member.line = m_line;
        member.col = m_col;
        if (!parseString(&member.key)) return false;
        skipSpace();
        if (m_pos >= t.size() || t[m_pos] != ':')
            return syntaxError("unexpected " + describeHere() + " (expected \":\" after key " +
                               quoteToken(member.key) + ")");
        advance();
        if (!parseValue(&member.value, depth + 1)) return false;
        const auto [it, inserted] =
            seen.emplace(member.key, std::make_pair(member.line, member.col));
        if (!inserted) {
            m_errors.push_back({member.line, member.col,
                                "duplicate key " + quoteToken(member.key) + " (first at line " +
                                    std::to_string(it->second.first) + ", column " +
                                    std::to_string(it->second.second) + ")"});
        } else {
            out->members.push_back(std::move(member));
        }
        skipSpace();
        if (m_pos >= t.size())
            return syntaxError("unexpected end of file (expected \",\" or \"}\")");
        if (t[m_pos] == ',') {
            advance();
            continue;
        }
        if (t[m_pos] == '}') {
            advance();
            return true;
        }
        return syntaxError("unexpected " + describeHere() + " (expected \",\" or \"}\")");
    }
}

bool JsonReader::parseArray(JsonValue *out, int depth)
{
    out->type = JsonValue::Array;
    advance(); // [
    skipSpace();
    const std::string &t = *m_text;
    if (m_pos < t.size() && t[m_pos] == ']') {
        advance();
        return true;
    }
    for (;;) {
        skipSpace();
        if (m_pos < t.size() && t[m_pos] == ']')
            return syntaxError("unexpected \"]\" after \",\" (trailing comma)");
        JsonValue item;
        if (!parseValue(&item, depth + 1)) return false;
        out->items.push_back(std::move(item));
        skipSpace();
        if (m_pos >= t.size())
            return syntaxError("unexpected end of file (expected \",\" or \"]\")");
        if (t[m_pos] == ',') {
            advance();
            continue;
        }
        if (t[m_pos] == ']') {
            advance();
            return true;
        }
        return syntaxError("unexpected " + describeHere() + " (expected \",\" or \"]\")");
    }
}

bool JsonReader::parseString(std::string *out)
{
    const std::string &t = *m_text;
    const int startLine = m_line, startCol = m_col;
    advance(); // opening quote
    out->clear();
    auto hex4 = [&](uint32_t *v) {
        *v = 0;
        for (int k = 0; k < 4; ++k) {
            if (m_pos >= t.size() || !std::isxdigit(static_cast<unsigned char>(t[m_pos])))
                return false;
            const char h = t[m_pos];
            *v = *v * 16 + uint32_t(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
            advance();
        }
        return true;
    };
    for (;;) {
        if (m_pos >= t.size())
            return syntaxErrorAt(startLine, startCol, "string never ends (missing '\"')");
        const auto b = static_cast<unsigned char>(t[m_pos]);
        if (b == '"') {
            advance();
            return true;
        }
        if (b == '\n')
            return syntaxError("line break inside a string (write \"\\n\" for a new line)");
        if (b < 0x20) return syntaxError(describeHere() + " inside a string (escape it)");
        if (b == '\\') {
            const int escLine = m_line, escCol = m_col;
            advance();
            if (m_pos >= t.size())
                return syntaxErrorAt(startLine, startCol, "string never ends (missing '\"')");
            const char e = t[m_pos];
            switch (e) {
            case '"':
                out->push_back('"');
                break;
            case '\\':
                out->push_back('\\');
                break;
            case '/':
                out->push_back('/');
                break;
            case 'b':
                out->push_back('\b');
                break;
            case 'f':
                out->push_back('\f');
                break;
            case 'n':
                out->push_back('\n');
                break;
            case 'r':
                out->push_back('\r');
                break;
            case 't':
                out->push_back('\t');
                break;
            case 'u': {
                advance();
                uint32_t cp;
                if (!hex4(&cp))
                    return syntaxErrorAt(escLine, escCol,
                                         "bad escape \"\\u\" (expected 4 hex digits)");
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t low;
                    if (m_pos + 1 < t.size() && t[m_pos] == '\\' && t[m_pos + 1] == 'u') {
                        advance();
                        advance();
                        if (!hex4(&low) || low < 0xDC00 || low > 0xDFFF)
                            return syntaxErrorAt(escLine, escCol,
                                                 "bad surrogate pair in \"\\u\" escape");
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    } else {
                        return syntaxErrorAt(escLine, escCol, "lone surrogate in \"\\u\" escape");
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return syntaxErrorAt(escLine, escCol, "lone surrogate in \"\\u\" escape");
                }
                appendUtf8(out, cp);
                continue; // hex4 already advanced
            }
            default:
                return syntaxErrorAt(escLine, escCol,
                                     "bad escape \"\\" + std::string(1, e) + "\" in a string");
            }
            advance();
            continue;
        }
        const size_t len = utf8Length(t, m_pos);
        if (len == 0) return syntaxError("invalid UTF-8 byte in a string");
        for (size_t k = 0; k < len; ++k) {
            out->push_back(t[m_pos]);
            advance();
        }
    }
}

bool JsonReader::parseNumber(JsonValue *out)
{
    const std::string &t = *m_text;
    const size_t start = m_pos;
    bool integer = true;
    auto digits = [&]() {
        size_t n = 0;
        while (m_pos < t.size() && t[m_pos] >= '0' && t[m_pos] <= '9') {
            advance();
            ++n;
        }
        return n;
    };
    if (t[m_pos] == '-') advance();
    if (m_pos < t.size() && t[m_pos] == '0') {
        advance();
        if (m_pos < t.size() && t[m_pos] >= '0' && t[m_pos] <= '9')
            return syntaxErrorAt(out->line, out->col,
                                 "number with a leading zero \"" +
                                     t.substr(start, m_pos + 1 - start) + "\"");
    } else if (digits() == 0) {
        return syntaxError("unexpected " + describeHere() + " (expected a digit)");
    }
    if (m_pos < t.size() && t[m_pos] == '.') {
        integer = false;
        advance();
        if (digits() == 0)
            return syntaxError("unexpected " + describeHere() + " (expected a digit after \".\")");
    }
    if (m_pos < t.size() && (t[m_pos] == 'e' || t[m_pos] == 'E')) {
        integer = false;
        advance();
        if (m_pos < t.size() && (t[m_pos] == '+' || t[m_pos] == '-')) advance();
        if (digits() == 0)
            return syntaxError("unexpected " + describeHere() +
                               " (expected a digit in the exponent)");
    }
    out->type = JsonValue::Number;
    out->text = t.substr(start, m_pos - start);
    if (integer) {
        errno = 0;
        char *end = nullptr;
        const long long v = std::strtoll(out->text.c_str(), &end, 10);
        if (errno == 0) {
            out->isInteger = true;
            out->integer = v;
        }
    }
    return true;
}

bool JsonReader::parseLiteral(JsonValue *out)
{
    const std::string &t = *m_text;
    auto word = [&](const char *w) {
        return t.compare(m_pos, std::char_traits<char>::length(w), w) == 0;
    };
    const char *w = nullptr;
    if (word("true")) {
        out->type = JsonValue::Bool;
        out->boolean = true;
        w = "true";
    } else if (word("false")) {
        out->type = JsonValue::Bool;
        w = "false";
    } else if (word("null")) {
        out->type = JsonValue::Null;
        w = "null";
    } else {
        return syntaxError("unexpected " + describeHere() + " (expected a value)");
    }
    const size_t len = std::char_traits<char>::length(w);
    if (m_pos + len < t.size() &&
        (std::isalnum(static_cast<unsigned char>(t[m_pos + len])) || t[m_pos + len] == '_'))
        return syntaxError("unexpected " + describeHere() + " (expected a value)");
    for (size_t k = 0; k < len; ++k)
        advance();
    return true;
}

} // namespace ipcsim::core
