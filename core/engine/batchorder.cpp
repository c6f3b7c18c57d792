#include "engine/batchorder.h"

#include <algorithm>
#include <climits>
#include <vector>

namespace ipcsim::core {

void interleaveByTime(EventBatch &batch)
{
    // Where a run ends: where time goes back.
    std::vector<size_t> bounds{0};
    for (qsizetype i = 1; i < batch.size(); ++i)
        if (batch[i].tNs < batch[i - 1].tNs) bounds.push_back(size_t(i));
    bounds.push_back(size_t(batch.size()));
    if (bounds.size() <= 2) return; // one run: in order already
    // The runs merged two by two, on positions rather than events.
    std::vector<int> order(size_t(batch.size()));
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    auto earlier = [&batch](int a, int b) { return batch[a].tNs < batch[b].tNs; };
    while (bounds.size() > 2) {
        std::vector<size_t> merged{0};
        for (size_t k = 0; k + 2 < bounds.size(); k += 2) {
            std::inplace_merge(order.begin() + long(bounds[k]), order.begin() + long(bounds[k + 1]),
                               order.begin() + long(bounds[k + 2]), earlier);
            merged.push_back(bounds[k + 2]);
        }
        if (bounds.size() % 2 == 0)
            merged.push_back(bounds.back()); // an odd run out waits for the next round
        bounds.swap(merged);
    }
    EventBatch inOrder;
    inOrder.reserve(batch.size());
    for (int i : order)
        inOrder.append(std::move(batch[i]));
    batch.swap(inOrder);
}

void orderStep(EventBatch &step, int released)
{
    auto key = [released](const Event &e) {
        return e.proc < 0 ? INT_MAX : (e.proc == released ? -1 : e.proc);
    };
    std::stable_sort(step.begin(), step.end(), [&key](const Event &a, const Event &b) {
        const int ka = key(a), kb = key(b);
        return ka < kb || (ka == kb && a.tNs < b.tNs);
    });
}

} // namespace ipcsim::core
