#include "story/kindwords.h"

#include <array>

namespace ipcsim::core {

// Each kind's words, defined in its module (core/kinds/<module>/story.cpp).
#define IPCSIM_KIND(Type, module)                                                                  \
    namespace kinds::module {                                                                      \
    extern const KindWords story;                                                                  \
    }
#include "kinds/kinds.def"
#undef IPCSIM_KIND

namespace {

const std::array kWords = {
#define IPCSIM_KIND(Type, module) &kinds::module::story,
#include "kinds/kinds.def"
#undef IPCSIM_KIND
};

} // namespace

const KindWords &kindWords(ResourceType type)
{
    return *kWords.at(size_t(type));
}

QString words::quoted(const QByteArray &text)
{
    QString t = QString::fromUtf8(text.left(60));
    t.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    if (text.size() > 60) t += QStringLiteral("…");
    return QStringLiteral("\"") + t + QStringLiteral("\"");
}

QString words::asleep()
{
    return tr("so the kernel put it to sleep");
}

} // namespace ipcsim::core
