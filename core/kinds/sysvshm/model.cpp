// A System V segment in the world is shared memory's cells (kinds/shm/model.h).
#include "kinds/shm/model.h"

namespace ipcsim::core::kinds::sysvshm {

extern const KindModel model = {
    .init = shm::init, .ended = shm::ended, .ledger = shm::ledger, .finalReading = shm::finalCells};

} // namespace ipcsim::core::kinds::sysvshm
