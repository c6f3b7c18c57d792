#include "engine/textcache.h"

#include <cstring>

namespace ipcsim::core {

QByteArray TextCache::get(std::string_view text)
{
    if (text.size() == 1) {
        QByteArray &b = m_bytes[uint8_t(text[0])];
        if (b.isNull()) b = QByteArray(text.data(), 1);
        return b;
    }
    // A statement in a loop sends the same text step after step.
    if (qsizetype(text.size()) == m_last.size() && !m_last.isNull() &&
        std::memcmp(text.data(), m_last.constData(), text.size()) == 0)
        return m_last;
    if (const auto it = m_texts.find(text); it != m_texts.end()) return m_last = it->second;
    QByteArray copy(text.data(), qsizetype(text.size()));
    if (m_texts.size() < kMaxEntries)
        m_texts.emplace(std::string_view(copy.constData(), size_t(copy.size())), copy);
    return m_last = copy;
}

} // namespace ipcsim::core
