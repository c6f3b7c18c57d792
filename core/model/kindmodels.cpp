#include "model/kindmodel.h"

#include <array>

namespace ipcsim::core {

// Each kind's model part, defined in its module (core/kinds/<module>/model.cpp).
#define IPCSIM_KIND(Type, module)                                                                  \
    namespace kinds::module {                                                                      \
    extern const KindModel model;                                                                  \
    }
#include "kinds/kinds.def"
#undef IPCSIM_KIND

namespace {

const std::array kModels = {
#define IPCSIM_KIND(Type, module) &kinds::module::model,
#include "kinds/kinds.def"
#undef IPCSIM_KIND
};

} // namespace

const KindModel &kindModel(ResourceType type)
{
    return *kModels.at(size_t(type));
}

} // namespace ipcsim::core
