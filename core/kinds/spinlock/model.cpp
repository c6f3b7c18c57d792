// A spinlock in the world is a mutex's owner (kinds/mutex/model.h).
#include "kinds/mutex/model.h"

namespace ipcsim::core::kinds::spinlock {

extern const KindModel model = {
    .ended = mutex::ended, .exited = mutex::exited, .ledger = mutex::ledger};

} // namespace ipcsim::core::kinds::spinlock
