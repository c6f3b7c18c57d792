// A semaphore in the world: its value, counted from its initial value, one up for each post
// and one down for each token taken: exact, in causal order. The value a worker reads beside
// its call (sem_getvalue) may already include another process's post or wait.
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::semaphore {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    r.value = spec.initial;
}

void ended(const StepEnded &step)
{
    const Event &e = step.event;
    ResourceState &r = step.res;
    switch (e.op) {
    case Op::Wait:
        r.value = std::max<qint64>(0, r.value - 1);
        break;
    case Op::Post:
        ++r.value;
        break;
    case Op::TryWait:
        if (e.value) r.value = std::max<qint64>(0, r.value - 1);
        step.model.setRegister(step.process, step.reg, QByteArray::number(e.value));
        break;
    default:
        break;
    }
}

} // namespace

extern const KindModel model = {.init = init, .ended = ended};

} // namespace ipcsim::core::kinds::semaphore
