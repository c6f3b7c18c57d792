// What a message queue has of its own in a scenario: its options, as the loader reads them
// (format.cpp) and every layer asks for them (ResourceSpec::own). A System V queue has its message
// size and its bytes.
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::mqueue {

struct Settings
{
    int64_t maxMessages = 10;   // mq_maxmsg
    int64_t messageSize = 256;  // mq_msgsize; a System V queue's largest message
    int64_t queueBytes = 16384; // a System V queue's msg_qbytes (the kernel's msgmnb unless set)
    friend auto fields(auto &s)
    {
        return std::tie(s.maxMessages, s.messageSize, s.queueBytes);
    } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::mqueue
