#pragma once
// One structured key/value of a log line. A Field only views its key and string value: build it
// in the argument list of Logger::log, never store it.
#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace authlens::log {

class Field {
 public:
  using Value = std::variant<std::string_view, std::int64_t, std::uint64_t, double, bool>;

  // Separate overloads so that a literal picks its obvious type: "x" is a string (not a bool),
  // 5 is an integer (not ambiguous between bool, double and the integer widths).
  constexpr Field(std::string_view key, const char* value) noexcept
      : key_(key), value_(std::string_view(value)) {}
  constexpr Field(std::string_view key, std::string_view value) noexcept
      : key_(key), value_(value) {}
  Field(std::string_view key, const std::string& value) noexcept
      : key_(key), value_(std::string_view(value)) {}
  constexpr Field(std::string_view key, bool value) noexcept : key_(key), value_(value) {}
  constexpr Field(std::string_view key, double value) noexcept : key_(key), value_(value) {}
  constexpr Field(std::string_view key, float value) noexcept
      : key_(key), value_(static_cast<double>(value)) {}
  template <std::signed_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) constexpr Field(std::string_view key,
                                                                             T value) noexcept
      : key_(key), value_(static_cast<std::int64_t>(value)) {}
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) constexpr Field(std::string_view key,
                                                                             T value) noexcept
      : key_(key), value_(static_cast<std::uint64_t>(value)) {}

  constexpr std::string_view key() const noexcept { return key_; }
  constexpr const Value& value() const noexcept { return value_; }

 private:
  std::string_view key_;
  Value value_;
};

}  // namespace authlens::log
