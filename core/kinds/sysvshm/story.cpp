// A System V segment's words: its cells' loads, stores and adds are shared memory's
// (kinds/shm/story.h); it is a segment the processes attached with shmat.
#include "kinds/shm/story.h"

namespace ipcsim::core::kinds::sysvshm {

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"sysv-shm"};

extern const KindWords story = {
    .noun = "System V shared memory segment",
    .callName = shm::callName,
    .ended = shm::ended,
    .atTheEnd =
        [](const KernelFinal &f) { return shm::cellsAtTheEnd(f, "from the segment (shmat)"); },
    .closing = shm::lostUpdates,
    .topic = "Shared memory and locks",
    .topicRank = 1,
    .shortNoun = "System V shm",
    .lessons = kLessons};

} // namespace ipcsim::core::kinds::sysvshm
