// "did you mean" hints for misspelt keys, statements and names: a typo should be fixed from
// the message alone.
#pragma once

#include <string>
#include <vector>

namespace ipcsim::core {

// The closest candidate within a small edit distance, or "" when none is close.
std::string closestMatch(const std::string &word, const std::vector<std::string> &candidates);
// " (did you mean "x"?)" or "".
std::string didYouMean(const std::string &word, const std::vector<std::string> &candidates);

} // namespace ipcsim::core
