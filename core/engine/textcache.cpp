#include "engine/textcache.h"

namespace ipcsim::core {

QByteArray TextCache::get(std::string_view text)
{
    if (const auto it = m_texts.find(text); it != m_texts.end()) return it->second;
    QByteArray copy(text.data(), qsizetype(text.size()));
    if (m_texts.size() < kMaxEntries)
        m_texts.emplace(std::string_view(copy.constData(), size_t(copy.size())), copy);
    return copy;
}

} // namespace ipcsim::core
