#pragma once
// A value or a domain Error (std::expected arrives only with C++23).
#include <utility>
#include <variant>

#include "account/error.hpp"

namespace authlens::account {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT: implicit by design
  Result(Error error) : state_(std::move(error)) {}  // NOLINT
  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }
  T& value() { return std::get<0>(state_); }
  const T& value() const { return std::get<0>(state_); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

struct Done {};
using Status = Result<Done>;
inline Status ok() { return Done{}; }

inline Error fail(ErrorCode code, std::string detail, int retry_after_seconds = 0) {
  return Error{code, std::move(detail), retry_after_seconds};
}

}  // namespace authlens::account
