// A spinlock in shared memory: a waiter spins on the CPU instead of sleeping.
#include "kinds/mutex/format.h"

namespace ipcsim::core::kinds::spinlock {

extern const KindFormat format = {
    .type = ResourceType::Spinlock,
    .name = "spinlock",
    .options = {},
    .statements = mutex::lockStatements,
    .statementFault = mutex::noSharedLock,
};

} // namespace ipcsim::core::kinds::spinlock
