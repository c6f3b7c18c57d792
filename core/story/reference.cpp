#include "story/reference.h"

#include "scenario/kind.h"
#include "story/kindwords.h"

namespace ipcsim::core::reference {

namespace {

// The table of statements by kind: a row a kind, each statement it takes and the real call
// behind it, as the kind says them.
std::string statements()
{
    std::string out = "The statements each kind takes, and the real call behind each on it:\n\n"
                      "| type | statement: real call |\n|---|---|\n";
    for (const KindFormat *kind : kindFormats())
        out += "| `" + std::string(kind->name) + "` | " +
               kindWords(kind->type).reference.statements + " |\n";
    return out;
}

} // namespace

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
    // The two tables first, then the notes, which are long.
    return table + '\n' + statements() + (notes.empty() ? "" : '\n' + notes);
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
