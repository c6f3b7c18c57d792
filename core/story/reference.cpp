#include "story/reference.h"

#include "scenario/kind.h"
#include "story/kindwords.h"

namespace ipcsim::core::reference {

std::string kinds()
{
    std::string table = "| type | options (default) | kernel object |\n|---|---|---|\n";
    std::string notes;
    for (const KindFormat *kind : kindFormats()) {
        const KindWords::Reference &r = kindWords(kind->type).reference;
        table +=
            "| `" + std::string(kind->name) + "` | " + r.options + " | " + r.kernelObject + " |\n";
        if (!r.notes) continue;
        std::string_view n = r.notes;
        if (n.starts_with('\n')) n.remove_prefix(1); // R"(\n- **…" reads better in the source
        notes += n;
        notes += '\n';
    }
    return notes.empty() ? table : table + '\n' + notes;
}

std::optional<std::string> withKinds(std::string_view document)
{
    const std::string begin = std::string(kBegin) + '\n';
    const std::string end = '\n' + std::string(kEnd);
    const size_t b = document.find(begin);
    if (b == std::string_view::npos) return std::nullopt;
    const size_t from = b + begin.size();
    const size_t e = document.find(end, from - 1);
    if (e == std::string_view::npos) return std::nullopt;
    std::string out(document.substr(0, from));
    out += '\n';
    out += kinds();
    out += document.substr(e);
    return out;
}

} // namespace ipcsim::core::reference
