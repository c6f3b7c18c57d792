// Short texts seen in step records, kept once and shared: the same few words ("x", "ping",
// "42") travel step after step, and allocating each one anew is most of what turning a record
// into an event costs.
#pragma once

#include <QByteArray>

#include <array>

#include <string_view>
#include <unordered_map>

namespace ipcsim::core {

class TextCache
{
public:
    // The shared copy of text (allocated once per distinct text while the cache has room).
    QByteArray get(std::string_view text);

private:
    std::array<QByteArray, 256> m_bytes;        // one-byte texts, the commonest of all
    QByteArray m_last;                          // the text asked for last time
    static constexpr size_t kMaxEntries = 4096; // bounded: a run of distinct texts stops caching
    // Keys point into the values' own bytes, which never move while the value lives.
    std::unordered_map<std::string_view, QByteArray> m_texts;
};

} // namespace ipcsim::core
