// A condition variable: a process-shared pthread_cond_t in shared memory, used with one mutex
// of the scenario ("mutex"), as POSIX asks (waiting on one with two mutexes at once is
// undefined). "wait C" lets go of the mutex, sleeps until notified, and takes the mutex again;
// "notify C" wakes one waiter, "broadcast C" all of them.
#include "kinds/condition/settings.h"
#include "scenario/kind.h"
#include "scenario/quote.h"
#include "scenario/suggest.h"

namespace ipcsim::core::kinds::condition {

namespace {

bool readMutex(OptionValue &value, ResourceSpec &into)
{
    return value.text(&into.own.get<Settings>().mutex);
}

// Its mutex is a mutex of the scenario: a pthread_cond_wait takes a pthread_mutex_t.
void checkAll(std::span<const ResourceSpec> resources, KindCheck &check)
{
    for (size_t i = 0; i < resources.size(); ++i) {
        const ResourceSpec &c = resources[i];
        if (c.type != ResourceType::Condition) continue;
        const std::string &mutex = settingsOf(c).mutex;
        if (mutex.empty()) continue; // refused as it was read
        const ResourceSpec *m = nullptr;
        std::vector<std::string> mutexes;
        for (const ResourceSpec &r : resources) {
            if (r.name == mutex) m = &r;
            if (r.type == ResourceType::Mutex) mutexes.push_back(r.name);
        }
        if (!m)
            check.refuse(int(i), "mutex",
                         "condition " + quoteToken(c.name, Quoting::Escaped) +
                             " names no resource " + quoteToken(mutex, Quoting::Escaped) +
                             didYouMean(mutex, mutexes));
        else if (m->type != ResourceType::Mutex)
            check.refuse(int(i), "mutex",
                         "condition " + quoteToken(c.name, Quoting::Escaped) +
                             " is used with a mutex, and " + quoteToken(mutex, Quoting::Escaped) +
                             " is a " + resourceTypeName(m->type));
    }
}

const KindOption options[] = {{"mutex", readMutex, true}};
const Op statements[] = {Op::Wait, Op::Notify, Op::Broadcast};

} // namespace

extern const KindFormat format = {
    .type = ResourceType::Condition,
    .name = "condition",
    .options = options,
    .settings = &settingsImage<Settings>,
    .statements = statements,
    .checkAll = checkAll,
};

} // namespace ipcsim::core::kinds::condition
