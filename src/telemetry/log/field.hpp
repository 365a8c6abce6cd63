#pragma once
// One structured key/value of a log line. A Field only views its key and string value: build it
// in the argument list of Logger::log, never store it.
#include <chrono>
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "telemetry/log/redact.hpp"
#include "text/json_escape.hpp"

namespace authlens::log {

// A field's key with what the line format needs to know about it: whether the value must be
// redacted, and whether the key can be copied without escaping. A string literal is judged at
// compile time (keys nearly always are literals); any other key when the line is written.
class FieldKey {
 public:
  consteval FieldKey(const char* literal)  // NOLINT: implicit, so {"key", value} reads naturally
      : text_(literal), secret_(is_secret_key(text_)), plain_(text::is_json_plain(text_)) {}
  FieldKey(std::string_view text) noexcept  // NOLINT
      : text_(text), secret_(is_secret_key(text)), plain_(text::is_json_plain(text)) {}
  FieldKey(const std::string& text) noexcept : FieldKey(std::string_view(text)) {}  // NOLINT

  constexpr std::string_view text() const noexcept { return text_; }
  constexpr bool secret() const noexcept { return secret_; }
  constexpr bool plain() const noexcept { return plain_; }

 private:
  std::string_view text_;
  bool secret_;
  bool plain_;
};

class Field {
 public:
  using Value = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool,
                             std::chrono::nanoseconds>;

  // Separate overloads so that a literal picks its obvious type: "x" is a string (not a bool),
  // 5 is an integer (not ambiguous between bool, double and the integer widths).
  constexpr Field(FieldKey key, const char* value) noexcept
      : key_(key), value_(std::string_view(value)) {}
  constexpr Field(FieldKey key, std::string_view value) noexcept : key_(key), value_(value) {}
  Field(FieldKey key, const std::string& value) noexcept
      : key_(key), value_(std::string_view(value)) {}
  constexpr Field(FieldKey key, bool value) noexcept : key_(key), value_(value) {}
  constexpr Field(FieldKey key, double value) noexcept : key_(key), value_(value) {}
  constexpr Field(FieldKey key, float value) noexcept
      : key_(key), value_(static_cast<double>(value)) {}
  template <std::signed_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) constexpr Field(FieldKey key,
                                                                             T value) noexcept
      : key_(key), value_(static_cast<std::int64_t>(value)) {}
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) constexpr Field(FieldKey key,
                                                                             T value) noexcept
      : key_(key), value_(static_cast<std::uint64_t>(value)) {}
  // A duration is written as a number of milliseconds to the microsecond ("duration_ms": 0.123):
  // integer arithmetic, where a double's shortest form costs several hundred instructions.
  template <typename Rep, typename Period>
  constexpr Field(FieldKey key, std::chrono::duration<Rep, Period> value) noexcept
      : key_(key), value_(std::chrono::duration_cast<std::chrono::nanoseconds>(value)) {}

  constexpr std::string_view key() const noexcept { return key_.text(); }
  constexpr bool secret() const noexcept { return key_.secret(); }
  constexpr bool plain_key() const noexcept { return key_.plain(); }
  constexpr const Value& value() const noexcept { return value_; }

 private:
  FieldKey key_;
  Value value_;
};

}  // namespace authlens::log
