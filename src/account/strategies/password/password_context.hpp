#pragma once
// The words a password must not be made from (NIST SP 800-63B-4 §3.1.1.2: "context-specific
// words, such as the name of the service, the username, and derivatives thereof").
#include <string>
#include <string_view>
#include <vector>

namespace authlens::account {

inline constexpr std::string_view kServiceName = "authlens";
// Shorter pieces ("io", "co", "jo") occur inside too many unrelated words to count as context.
inline constexpr std::size_t kMinContextWordChars = 3;

// "authlens", the whole address, its local part and domain whole, and their pieces: the local
// part split at anything but letters and digits and between letter and digit runs, the domain
// split into labels. Each case-folded (NFKC), at least kMinContextWordChars code points, once.
std::vector<std::string> context_words(std::string_view email);

// Share (0..1) of the password's code points, after case folding, that lie inside an occurrence
// of some context word. Occurrences may overlap; each code point counts once.
double context_coverage(std::string_view normalized_password,
                        const std::vector<std::string>& words);

// Case folding with NFKC after it (libunistring); well-formed UTF-8 in, the same out. Returns the
// input unchanged if it is not well-formed (callers have checked it already).
std::string casefold(std::string_view text);

}  // namespace authlens::account
