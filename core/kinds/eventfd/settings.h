// What an eventfd has of its own in a scenario: its options, as the loader reads them (format.cpp)
// and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::eventfd {

struct Settings
{
    int64_t initial = 0;        // its counter when made
    bool semaphoreMode = false; // EFD_SEMAPHORE: a read takes 1
    friend auto fields(auto &s) { return std::tie(s.initial, s.semaphoreMode); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::eventfd
