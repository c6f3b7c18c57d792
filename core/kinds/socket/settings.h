// What a socket has of its own in a scenario: its options, as the loader reads them (format.cpp)
// and every layer asks for them (ResourceSpec::own).
#pragma once

#include "scenario/scenario.h"

#include <cstdint>
#include <tuple>

namespace ipcsim::core::kinds::socket {

enum class SocketDomain : uint8_t
{
    Unix, // a path in the session folder (AF_UNIX)
    Tcp   // a port on the loopback (AF_INET)
};
enum class SocketKind : uint8_t
{
    Stream,  // connections: accept and connect, then bytes
    Datagram // whole datagrams, no connection
};

struct Settings
{
    SocketDomain domain = SocketDomain::Unix;
    SocketKind kind = SocketKind::Stream;
    friend auto fields(auto &s) { return std::tie(s.domain, s.kind); } // scenario/image.h
};

inline constexpr SettingsOf<Settings> settingsOf{}; // settingsOf(spec)

} // namespace ipcsim::core::kinds::socket
