// What shared memory has of its own in a scenario: its options, as the loader reads them
// (format.cpp) and every layer asks for them (ResourceSpec::own). A mapped file has the same.
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::shm {

struct Settings
{
    int64_t cells = 16;                                       // how many 64-bit cells
    friend auto fields(auto &s) { return std::tie(s.cells); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::shm
