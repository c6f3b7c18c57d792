// A barrier in the world: its parties and who has arrived; the last arrival opens it.
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::barrier {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.parties = int(spec.parties);
}

void ended(const StepEnded &step)
{
    if (step.event.op != Op::Arrive) return;
    ResourceState &r = step.res;
    // The barrier opened when the last party arrived; everyone's arrival is over.
    if (r.arrived >= r.parties) r.arrived = 0;
    int waiting = 0;
    for (int w : r.waiters)
        if (step.model.state().processes[w].op == Op::Arrive) ++waiting;
    r.arrived = std::min(r.arrived, waiting);
}

} // namespace

extern const KindModel model = {.init = init, .ended = ended};

} // namespace ipcsim::core::kinds::barrier
