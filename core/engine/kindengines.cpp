#include "engine/kernelobject.h"

#include <array>

namespace ipcsim::core {

// Each kind's engine part, defined in its module (core/kinds/<module>/engine.cpp).
#define IPCSIM_KIND(Type, module)                                                                  \
    namespace kinds::module {                                                                      \
    extern const KindEngine engine;                                                                \
    }
#include "kinds/kinds.def"
#undef IPCSIM_KIND

namespace {

const std::array kEngines = {
#define IPCSIM_KIND(Type, module) &kinds::module::engine,
#include "kinds/kinds.def"
#undef IPCSIM_KIND
};

} // namespace

const KindEngine &kindEngine(ResourceType type)
{
    return *kEngines.at(size_t(type));
}

} // namespace ipcsim::core
