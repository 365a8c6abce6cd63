#pragma once
// A log call's message with whether it needs JSON escaping: a string literal (nearly every
// message) is judged at compile time and then copied as it is; any other text when written.
#include <string>
#include <string_view>

#include "text/json_escape.hpp"

namespace authlens::log {

class Message {
 public:
  consteval Message(const char* literal)  // NOLINT: implicit, so log("text") reads naturally
      : text_(literal), plain_(text::is_json_plain(text_)) {}
  Message(std::string_view text) noexcept : text_(text), plain_(false) {}    // NOLINT
  Message(const std::string& text) noexcept : text_(text), plain_(false) {}  // NOLINT

  constexpr std::string_view text() const noexcept { return text_; }
  constexpr bool plain() const noexcept { return plain_; }  // false: escape when writing

 private:
  std::string_view text_;
  bool plain_;
};

}  // namespace authlens::log
