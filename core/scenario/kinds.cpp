#include "scenario/kind.h"

#include <algorithm>
#include <array>

namespace ipcsim::core {

// Each kind's description, defined in its module (core/kinds/<module>/format.cpp).
#define IPCSIM_KIND(Type, module)                                                                  \
    namespace kinds::module {                                                                      \
    extern const KindFormat format;                                                                \
    }
#include "kinds/kinds.def"
#undef IPCSIM_KIND

namespace {

const std::array kFormats = {
#define IPCSIM_KIND(Type, module) &kinds::module::format,
#include "kinds/kinds.def"
#undef IPCSIM_KIND
};

} // namespace

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
    return kFormats;
}

const KindFormat &kindFormat(ResourceType type)
{
    return *kFormats.at(size_t(type));
}

const KindFormat *kindNamed(std::string_view name)
{
    for (const KindFormat *k : kFormats)
        if (name == k->name) return k;
    return nullptr;
}

std::string kindsTaking(Op op)
{
    std::vector<const char *> names;
    for (const KindFormat *k : kFormats)
        if (k->takes(op)) names.push_back(k->name);
    std::string out = "a";
    for (size_t i = 0; i < names.size(); ++i)
        out += std::string(i == 0 ? " " : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

const char *resourceTypeName(ResourceType t)
{
    const auto i = size_t(t);
    return i < kFormats.size() ? kFormats[i]->name : "?";
}

} // namespace ipcsim::core
