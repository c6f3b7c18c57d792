#include "story/kindwords.h"
#include <array>

namespace ipcsim::core {

// Each kind's part, defined in its module (core/kinds/<module>/story.cpp).
#define IPCSIM_KIND_PART_TYPE KindWords
#define IPCSIM_KIND_PART story
#include "kinds/parts.inc"

const KindWords &kindWords(ResourceType type)
{
    return *kKindParts.at(size_t(type));
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

int words::firstWoken(const Told &t, const std::function<bool(int)> &lets)
{
    for (int wi : t.res.waiters)
        if (wi != t.proc && wi < t.world.processes.size() &&
            t.world.processes[wi].state == ProcState::Blocked && lets(wi))
            return wi;
    return -1;
}

QString words::wakes(const Told &t, const char *call, const std::function<bool(int)> &lets)
{
    const int wi = firstWoken(t, lets);
    if (wi < 0) return {};
    return QLatin1Char(' ') + tr("That wakes %1, who was asleep in %2.")
                                  .arg(t.world.processes[wi].name, QLatin1String(call));
}

QString words::wakes(const Told &t, const char *call)
{
    return wakes(t, call, [](int) { return true; });
}

} // namespace ipcsim::core
