// A System V segment drawn as shared memory's cells (ShmItem): what each process attached is
// the same memory.
#include "shmitem.h"
#include "theme.h"

namespace ipcsim::ui::kinds::sysvshm {

extern const KindItem item = {.make = makeItem<ShmItem>, .accent = Theme::bluishGreen};

} // namespace ipcsim::ui::kinds::sysvshm
