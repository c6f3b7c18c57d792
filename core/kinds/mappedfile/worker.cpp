// A mapped file in a worker: the file opened by its path and its cells mapped MAP_SHARED, so
// a store lands in the file's page in the kernel's page cache, which every mapping and every
// read(2) of the file sees.
#include "kinds/shm/worker.h"

#include <fcntl.h>

namespace ipcsim::core::kinds::mappedfile {

namespace {

class Mapping final : public shm::Cells
{
public:
    bool open(const Place &at, std::string *error) override
    {
        const std::string path = at.layout.filePath(at.spec.name);
        const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
        if (fd < 0) return fail(at.spec, "open(" + path + ")", error);
        return map(fd, at.spec, path, error);
    }
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Mapping>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::mappedfile
