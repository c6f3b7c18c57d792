// What a mutex has of its own in a scenario: its options, as the loader reads them (format.cpp)
// and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <tuple>

namespace ipcsim::core::kinds::mutex {

struct Settings
{
    bool robust = true; // PTHREAD_MUTEX_ROBUST: a holder's death is told to the next locker
    friend auto fields(auto &s) { return std::tie(s.robust); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::mutex
