// What a System V semaphore set has of its own in a scenario: its options, as the loader reads
// them (format.cpp) and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>
#include <vector>

namespace ipcsim::core::kinds::sysvsemaphore {

struct Settings
{
    int64_t semaphores = 1;        // the set's members
    int64_t initial = 0;           // each member's initial value, unless initials lists them
    std::vector<int64_t> initials; // each member's own, when "initial" lists them
    bool undo = false;             // every semop with SEM_UNDO

    // A member's initial value: its own in the list, or the one for all.
    int64_t initialOf(int64_t member) const
    {
        return member >= 0 && size_t(member) < initials.size() ? initials[size_t(member)] : initial;
    }
    friend auto fields(auto &s)
    {
        return std::tie(s.semaphores, s.initial, s.initials, s.undo);
    } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::sysvsemaphore
