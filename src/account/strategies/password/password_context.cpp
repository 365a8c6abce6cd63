#include "account/strategies/password/password_context.hpp"

#include <unicase.h>
#include <uninorm.h>
#include <unistr.h>

#include <algorithm>
#include <cstdlib>
#include <new>

namespace authlens::account {
namespace {

const uint8_t* bytes(std::string_view text) noexcept {
  return reinterpret_cast<const uint8_t*>(text.data());
}

std::size_t code_points(std::string_view text) noexcept {
  return u8_mbsnlen(bytes(text), text.size());
}

bool is_ascii_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
// Bytes of non-ASCII characters count as letters: an internationalised local part stays whole.
bool is_word_byte(char c) noexcept {
  return is_ascii_letter(c) || is_ascii_digit(c) || static_cast<unsigned char>(c) >= 0x80;
}

void add_word(std::vector<std::string>& words, std::string_view word) {
  if (word.empty()) return;
  std::string folded = casefold(word);
  if (code_points(folded) < kMinContextWordChars) return;
  if (std::find(words.begin(), words.end(), folded) == words.end())
    words.push_back(std::move(folded));
}

// "john.smith1990+news" -> john, smith, 1990, news.
void add_local_part_pieces(std::vector<std::string>& words, std::string_view local) {
  std::size_t start = 0;
  for (std::size_t i = 0; i < local.size(); ++i) {
    if (!is_word_byte(local[i])) {
      add_word(words, local.substr(start, i - start));
      start = i + 1;
    } else if (i > start && is_ascii_digit(local[i]) != is_ascii_digit(local[i - 1])) {
      add_word(words, local.substr(start, i - start));
      start = i;
    }
  }
  add_word(words, local.substr(std::min(start, local.size())));
}

void add_domain_labels(std::vector<std::string>& words, std::string_view domain) {
  for (std::size_t start = 0;;) {
    const auto dot = domain.find('.', start);
    add_word(words, domain.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) return;
    start = dot + 1;
  }
}

}  // namespace

std::string casefold(std::string_view text) {
  if (text.empty() || u8_check(bytes(text), text.size()) != nullptr) return std::string(text);
  std::size_t length = 0;
  uint8_t* folded = u8_casefold(bytes(text), text.size(), nullptr, UNINORM_NFKC, nullptr, &length);
  if (folded == nullptr) throw std::bad_alloc();  // the only failure for well-formed input
  std::string out(reinterpret_cast<const char*>(folded), length);
  std::free(folded);
  return out;
}

std::vector<std::string> context_words(std::string_view email) {
  std::vector<std::string> words;
  add_word(words, kServiceName);
  add_word(words, email);
  const auto at = email.rfind('@');
  const std::string_view local = at == std::string_view::npos ? email : email.substr(0, at);
  const std::string_view domain =
      at == std::string_view::npos ? std::string_view{} : email.substr(at + 1);
  add_word(words, local);
  add_local_part_pieces(words, local);
  add_word(words, domain);
  add_domain_labels(words, domain);
  return words;
}

double context_coverage(std::string_view normalized_password,
                        const std::vector<std::string>& words) {
  const std::string folded = casefold(normalized_password);
  if (folded.empty()) return 0.0;
  std::vector<bool> covered(folded.size(), false);
  for (const auto& word : words) {
    if (word.empty()) continue;
    for (auto pos = folded.find(word); pos != std::string::npos; pos = folded.find(word, pos + 1))
      std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(pos), word.size(), true);
  }
  // A well-formed word can only match starting at a lead byte, so counting lead bytes counts
  // code points.
  std::size_t total = 0;
  std::size_t inside = 0;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    if ((static_cast<unsigned char>(folded[i]) & 0xC0) == 0x80) continue;
    ++total;
    if (covered[i]) ++inside;
  }
  return static_cast<double>(inside) / static_cast<double>(total);
}

}  // namespace authlens::account
