#include "scenario/suggest.h"

#include <algorithm>
#include <cctype>

namespace ipcsim::core {

namespace {

// Edit distance where swapping two neighbours counts as one edit ("wiat" -> "wait"), the
// commonest typo.
size_t editDistance(const std::string &a, const std::string &b)
{
    auto lower = [](char c) { return std::tolower(static_cast<unsigned char>(c)); };
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
    for (size_t i = 0; i <= n; ++i)
        d[i][0] = i;
    for (size_t j = 0; j <= m; ++j)
        d[0][j] = j;
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]))
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

} // namespace

std::string closestMatch(const std::string &word, const std::vector<std::string> &candidates)
{
    if (word.size() > 64) return {};
    std::string best;
    size_t bestDistance = 0;
    // Short words tolerate one typo, longer ones two; a one- or two-letter word is too short
    // for any hint to be more than a guess.
    const size_t allowed = word.size() <= 2 ? 0 : word.size() <= 4 ? 1 : 2;
    for (const std::string &c : candidates) {
        const size_t d = editDistance(word, c);
        if (d <= allowed && (best.empty() || d < bestDistance)) {
            best = c;
            bestDistance = d;
        }
    }
    return best;
}

std::string didYouMean(const std::string &word, const std::vector<std::string> &candidates)
{
    const std::string m = closestMatch(word, candidates);
    return m.empty() ? std::string() : " (did you mean \"" + m + "\"?)";
}

} // namespace ipcsim::core
