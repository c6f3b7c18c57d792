// How an error message quotes what it found: whole when short; else its start and how long
// it is, so that a 50 MB token does not make a 50 MB message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ipcsim::core {

// Characters quoted whole; a longer token is cut after as many.
constexpr size_t kMaxQuoted = 40;

enum class Quoting : uint8_t
{
    Escaped,   // "a \"b\"": a JSON string's value, its quotes and backslashes escaped
    AsWritten, // "a "b"": source text as the file has it
    Bare       // 9999: a number, without quotes
};

// The token quoted (newlines as \n); a long one as "its first 40 characters…" (3000000 bytes).
std::string quoteToken(std::string_view text, Quoting how = Quoting::AsWritten);

} // namespace ipcsim::core
