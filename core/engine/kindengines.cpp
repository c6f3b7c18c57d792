#include "engine/kernelobject.h"
#include <array>

namespace ipcsim::core {

// Each kind's part, defined in its module (core/kinds/<module>/engine.cpp).
#define IPCSIM_KIND_PART_TYPE KindEngine
#define IPCSIM_KIND_PART engine
#include "kinds/parts.inc"

const KindEngine &kindEngine(ResourceType type)
{
    return *kKindParts.at(size_t(type));
}

} // namespace ipcsim::core
