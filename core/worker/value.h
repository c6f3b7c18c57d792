// What a script register holds: nothing yet, a 64-bit integer, or text (the bytes a read or
// receive returned, or a string literal). Plain C++: the worker's hot path uses it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ipcsim::core {

struct Value
{
    enum Kind : uint8_t
    {
        Unset,
        Int,
        Text
    };
    Kind kind = Unset;
    int64_t i = 0;
    std::string s; // Text; its capacity is kept across assignments so steady loops do not allocate

    void setInt(int64_t v)
    {
        kind = Int;
        i = v;
    }
    void setText(std::string_view t)
    {
        kind = Text;
        s.assign(t.data(), t.size());
    }
};

} // namespace ipcsim::core
