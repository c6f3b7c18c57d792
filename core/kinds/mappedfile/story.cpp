// A mapped file's words: its cells' loads, stores and adds are shared memory's
// (kinds/shm/story.h); it is a file the processes mapped.
#include "kinds/shm/story.h"

namespace ipcsim::core::kinds::mappedfile {

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"mapped-file"};

extern const KindWords story = {
    .noun = "mapped file",
    .callName = shm::callName,
    .ended = shm::ended,
    .atTheEnd =
        [](const KernelFinal &f) { return shm::cellsAtTheEnd(f, "from the file with pread"); },
    .closing = shm::lostUpdates,
    .topic = "Shared memory and locks",
    .topicRank = 1,
    .lessons = kLessons};

} // namespace ipcsim::core::kinds::mappedfile
