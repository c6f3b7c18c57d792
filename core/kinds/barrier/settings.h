// What a barrier has of its own in a scenario: its options, as the loader reads them (format.cpp)
// and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::barrier {

struct Settings
{
    int64_t parties = 0;                                        // how many arrive before all go on
    friend auto fields(auto &s) { return std::tie(s.parties); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::barrier
