// What a condition variable has of its own in a scenario: its options, as the loader reads them
// (format.cpp) and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <string>
#include <tuple>

namespace ipcsim::core::kinds::condition {

struct Settings
{
    std::string mutex; // the name of the mutex it is used with
    friend auto fields(auto &s) { return std::tie(s.mutex); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

// The resource index of the mutex condition res is used with.
inline int mutexOf(int res, const Scenario &scenario)
{
    return scenario.resourceIndex(settingsOf(scenario.resources[size_t(res)]).mutex);
}

} // namespace ipcsim::core::kinds::condition
