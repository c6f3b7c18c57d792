// A System V segment in a worker: the id the engine made (in the resource's slot), attached
// with shmat; its cells are then loaded, stored and added to as shared memory's.
#include "kinds/shm/worker.h"

#include <sys/shm.h>

namespace ipcsim::core::kinds::sysvshm {

namespace {

class Attachment final : public shm::Cells
{
public:
    bool open(const Place &at, std::string *error) override
    {
        void *p = shmat(wire::syncSlot(at.session, at.index)->sysvId, nullptr, 0);
        if (p == reinterpret_cast<void *>(-1)) return fail(at.spec, "shmat", error);
        attached(p, at.spec);
        return true;
    }
};

std::unique_ptr<WorkerObject> make()
{
    return std::make_unique<Attachment>();
}

} // namespace

extern const KindWorker worker = {make};

} // namespace ipcsim::core::kinds::sysvshm
