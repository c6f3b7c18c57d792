// One JSON value with the place it was written (1-based line and column, in characters), so
// the scenario validator can point at the exact key or value it refuses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ipcsim::core {

struct JsonMember;

struct JsonValue
{
    enum Type : uint8_t
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };
    Type type = Null;
    int line = 0, col = 0;
    bool boolean = false;
    bool isInteger = false; // Number: written without fraction or exponent, fits int64
    int64_t integer = 0;
    std::string text;                // String: the decoded text; Number: the literal as written
    std::vector<JsonValue> items;    // Array
    std::vector<JsonMember> members; // Object, in file order

    // A short rendering for messages: "abc" (truncated), 12, true, [...], {...}.
    std::string quoted() const;
    // "a string", "an integer", "a number", "an array", "an object", "true/false", "null".
    std::string typeDescription() const;
    const JsonValue *member(const std::string &key) const;
};

struct JsonMember
{
    std::string key;
    int line = 0, col = 0; // of the key
    JsonValue value;
};

} // namespace ipcsim::core
