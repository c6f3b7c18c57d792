// A mapped file's words: its cells' loads, stores and adds are shared memory's
// (kinds/shm/story.h); it is a file the processes mapped.
#include "kinds/shm/story.h"

namespace ipcsim::core::kinds::mappedfile {

// The built-in lessons about it, filed under its topic in the gallery.
const char *const kLessons[] = {"mapped-file"};

// Its part of the format reference (docs/format.md).
const KindWords::Reference kReference = {
    .options = "`cells` (16): signed 64-bit cells, all 0 at start",
    .kernelObject = "a file of `cells` × 8 bytes in the session's private folder, `mmap` "
                    "`MAP_SHARED` by each process",
    .statements = "`load`: a plain read of the cell, in the mapping · `store`: a plain write "
                  "of the cell, into the file's page · `add`: an atomic fetch-and-add",
    .notes = R"(
- **Mapped files.** Each process opens the file and maps it `MAP_SHARED`: its cells are the
  file's bytes, cell `i` at offset `8 × i` in the machine's byte order, and a `store` lands in
  the file's page in the page cache, which every mapping and every `read(2)` of the file see
  at once. `load`, `store` and `add` work as on `shm`; the final cells are read from the file
  with `pread`.)",
};

extern const KindWords story = {
    .noun = "mapped file",
    .callName = shm::callName,
    .ended = shm::ended,
    .atTheEnd =
        [](const KernelFinal &f) { return shm::cellsAtTheEnd(f, "from the file with pread"); },
    .closing = shm::lostUpdates,
    .topic = "Shared memory and locks",
    .topicRank = 1,
    .lessons = kLessons,
    .reference = kReference};

} // namespace ipcsim::core::kinds::mappedfile
