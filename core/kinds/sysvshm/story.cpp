// A System V segment's words: its cells' loads, stores and adds are shared memory's
// (kinds/shm/story.h); it is a segment the processes attached with shmat.
#include "kinds/shm/story.h"

namespace ipcsim::core::kinds::sysvshm {

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"sysv-shm"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`cells` (16): signed 64-bit cells, all 0 at start",
    .kernelObject = "System V `shmget` with a key of ipcsim's, `shmat` by each process",
    .statements = "`load`: a plain read of the cell, in its attachment · `store`: a plain "
                  "write of the cell · `add`: an atomic fetch-and-add",
    .notes = R"(
- **System V shared memory segments.** Each process attaches the segment with `shmat` (at an
  address of its own) and its cells are the same memory for all: `load`, `store` and `add`
  work as on `shm`. The segment has no name: like a System V queue, the engine makes it with a
  key recorded in the manifest first (`ipcs -m` shows ipcsim's `0x69……` keys), reads the final
  cells from its own read-only attachment, and removes it however the run ends.)",
};

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
    .lessons = kLessons,
    .reference = kReference};

} // namespace ipcsim::core::kinds::sysvshm
