// A barrier in the world: its parties and who has arrived; the last arrival opens it.
#include "kinds/barrier/settings.h"
#include "kinds/barrier/state.h"
#include "model/kindmodel.h"
#include "model/worldmodel.h"

#include <algorithm>

namespace ipcsim::core::kinds::barrier {

namespace {

void init(ResourceState &r, int, const ResourceSpec &spec, const Scenario &)
{
    stateOf(r) = {.parties = int(settingsOf(spec).parties)};
}

void began(const StepEnded &step)
{
    if (step.event.op == Op::Arrive) ++stateOf(step.res).arrived;
}

void ended(const StepEnded &step)
{
    if (step.event.op != Op::Arrive) return;
    State &r = stateOf(step.res);
    // The barrier opened when the last party arrived; everyone's arrival is over.
    if (r.arrived >= r.parties) r.arrived = 0;
    int waiting = 0;
    for (int w : step.res.waiters)
        if (step.model.state().processes[w].op == Op::Arrive) ++waiting;
    r.arrived = std::min(r.arrived, waiting);
}

// It opens for a party once every party of its round has arrived.
class Ledger : public CausalLedger
{
public:
    explicit Ledger(int parties) : m_parties(parties) {}

    bool met(const Event &e, const View &) const override
    {
        return e.op != Op::Arrive || m_parties <= 0 ||
               m_arrivals >= (m_departures / m_parties + 1) * m_parties;
    }
    bool produces(const Event &open, const Event &e) const override
    {
        return e.op == Op::Arrive && open.op == Op::Arrive;
    }
    void told(const Event &e) override
    {
        if (e.op != Op::Arrive) return;
        ++(e.phase == Phase::Begin ? m_arrivals : m_departures);
    }

private:
    int m_parties;
    qint64 m_arrivals = 0, m_departures = 0;
};

std::unique_ptr<CausalLedger> ledger(int res, const Scenario &scenario)
{
    return std::make_unique<Ledger>(int(settingsOf(scenario.resources[size_t(res)]).parties));
}

} // namespace

extern const KindModel model = {.init = init, .began = began, .ended = ended, .ledger = ledger};

} // namespace ipcsim::core::kinds::barrier
