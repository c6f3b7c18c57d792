#include "scenario/jsonvalue.h"

#include "scenario/quote.h"

namespace ipcsim::core {

std::string JsonValue::quoted() const
{
    switch (type) {
    case Null:
        return "null";
    case Bool:
        return boolean ? "true" : "false";
    case Number:
        return quoteToken(text, Quoting::Bare);
    case String:
        return quoteToken(text, Quoting::Escaped);
    case Array:
        return items.empty() ? "[]" : "[...]";
    case Object:
        return members.empty() ? "{}" : "{...}";
    }
    return "?";
}

std::string JsonValue::typeDescription() const
{
    switch (type) {
    case Null:
        return "null";
    case Bool:
        return "a boolean";
    case Number:
        return isInteger ? "an integer" : "a number";
    case String:
        return "a string";
    case Array:
        return "an array";
    case Object:
        return "an object";
    }
    return "?";
}

const JsonValue *JsonValue::member(const std::string &key) const
{
    for (const JsonMember &m : members)
        if (m.key == key) return &m.value;
    return nullptr;
}

} // namespace ipcsim::core
