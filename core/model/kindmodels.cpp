#include "model/kindmodel.h"
#include <array>

namespace ipcsim::core {

// Each kind's part, defined in its module (core/kinds/<module>/model.cpp).
#define IPCSIM_KIND_PART_TYPE KindModel
#define IPCSIM_KIND_PART model
#include "kinds/parts.inc"

const KindModel &kindModel(ResourceType type)
{
    return *kKindParts.at(size_t(type));
}

} // namespace ipcsim::core
