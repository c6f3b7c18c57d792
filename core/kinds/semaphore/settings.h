// What a POSIX semaphore has of its own in a scenario: its options, as the loader reads them
// (format.cpp) and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::semaphore {

struct Settings
{
    int64_t initial = 0;                                        // its value when made (sem_init)
    friend auto fields(auto &s) { return std::tie(s.initial); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::semaphore
