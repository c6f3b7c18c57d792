#include "scenario/kind.h"

#include <algorithm>
#include <array>

namespace ipcsim::core {

// Each kind's part, defined in its module (core/kinds/<module>/format.cpp).
#define IPCSIM_KIND_PART_TYPE KindFormat
#define IPCSIM_KIND_PART format
#include "kinds/parts.inc"

bool OptionValue::integerUpTo(int64_t lo, int64_t most, const std::string &limit, int64_t *out)
{
    int64_t v = 0;
    if (!integer(lo, INT64_MAX, &v)) return false;
    if (v > most) return refuse(key() + " " + quoted() + " is over " + limit);
    *out = v;
    return true;
}

bool KindFormat::takes(Op op) const
{
    return std::find(statements.begin(), statements.end(), op) != statements.end();
}

const KindOption *KindFormat::option(std::string_view key) const
{
    for (const KindOption &o : options)
        if (key == o.key) return &o;
    return nullptr;
}

std::span<const KindFormat *const> kindFormats()
{
    return kKindParts;
}

const KindFormat &kindFormat(ResourceType type)
{
    return *kKindParts.at(size_t(type));
}

const KindFormat *kindNamed(std::string_view name)
{
    for (const KindFormat *k : kKindParts)
        if (name == k->name) return k;
    return nullptr;
}

std::string kindsTaking(Op op)
{
    std::vector<const char *> names;
    for (const KindFormat *k : kKindParts)
        if (k->takes(op)) names.push_back(k->name);
    std::string out = "a";
    for (size_t i = 0; i < names.size(); ++i)
        out += std::string(i == 0 ? " " : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

const char *resourceTypeName(ResourceType t)
{
    const auto i = size_t(t);
    return i < kKindParts.size() ? kKindParts[i]->name : "?";
}

} // namespace ipcsim::core
