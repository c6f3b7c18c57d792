// What a locked file has of its own in a scenario: its options, as the loader reads them
// (format.cpp) and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <string>
#include <tuple>

namespace ipcsim::core::kinds::file {

struct Settings
{
    std::string content;                                        // the file's bytes when made
    friend auto fields(auto &s) { return std::tie(s.content); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::file
