#include "scenario/quote.h"

namespace ipcsim::core {

std::string quoteToken(std::string_view text, Quoting how)
{
    size_t cut = text.size();
    if (cut > kMaxQuoted) {
        cut = kMaxQuoted;
        // Not inside a UTF-8 sequence: back to the first byte of its character.
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
            --cut;
    }
    const bool quotes = how != Quoting::Bare;
    const bool escaped = how == Quoting::Escaped;
    std::string s = quotes ? "\"" : "";
    for (char c : text.substr(0, cut)) {
        if (c == '\n')
            s += "\\n";
        else if (c == '"' && escaped)
            s += "\\\"";
        else if (c == '\\' && escaped)
            s += "\\\\";
        else
            s.push_back(c);
    }
    if (cut < text.size()) s += "…";
    if (quotes) s += '"';
    if (cut < text.size()) s += " (" + std::to_string(text.size()) + " bytes)";
    return s;
}

} // namespace ipcsim::core
