#include "account/strategies/password/password_guessability.hpp"

#include <zxcvbn.h>

#include <memory>

namespace authlens::account {
namespace {

struct InfoDeleter {
  void operator()(ZxcMatch_t* info) const noexcept { ZxcvbnFreeInfo(info); }
};

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

bool is_context_match(ZxcTypeMatch_t type) noexcept {
  const int base = type >= MULTIPLE_MATCH ? type - MULTIPLE_MATCH : type;
  return base == USER_MATCH || base == USER_LEET_MATCH;
}

}  // namespace

Guessability estimate_guessability(std::string_view normalized_password,
                                   const std::vector<std::string>& context_words) {
  const std::string prefix(utf8_prefix(normalized_password, kGuessabilityPrefixBytes));
  std::vector<const char*> dictionary;
  dictionary.reserve(context_words.size() + 1);
  for (const auto& word : context_words) dictionary.push_back(word.c_str());
  dictionary.push_back(nullptr);

  ZxcMatch_t* raw_info = nullptr;
  Guessability result;
  result.bits = ZxcvbnMatch(prefix.c_str(), dictionary.data(), &raw_info);
  const std::unique_ptr<ZxcMatch_t, InfoDeleter> info(raw_info);
  for (const ZxcMatch_t* part = info.get(); part != nullptr; part = part->Next)
    result.uses_context = result.uses_context || is_context_match(part->Type);
  return result;
}

}  // namespace authlens::account
