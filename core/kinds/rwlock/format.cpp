// A read-write lock: a process-shared pthread rwlock in shared memory. Readers hold it
// together ("lock L shared"), a writer alone ("lock L"); "unlock L" lets go of either.
#include "kinds/mutex/format.h"

namespace ipcsim::core::kinds::rwlock {

extern const KindFormat format = {
    .type = ResourceType::Rwlock,
    .name = "rwlock",
    .options = {},
    .statements = mutex::lockStatements,
};

} // namespace ipcsim::core::kinds::rwlock
