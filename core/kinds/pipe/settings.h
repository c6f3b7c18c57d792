// What a pipe has of its own in a scenario: its options, as the loader reads them (format.cpp)
// and every layer asks for them (ResourceSpec::own). A fifo has the same.
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::pipe {

struct Settings
{
    int64_t capacity = 0; // its buffer in bytes (F_SETPIPE_SZ); 0: the kernel's default
    friend auto fields(auto &s) { return std::tie(s.capacity); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::pipe
