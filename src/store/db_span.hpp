#pragma once
// The one place the store touches the tracing SDK: each named statement runs inside a CLIENT span
// named after it, with db.system and db.operation.name, never a bound value.
#include <optional>
#include <string_view>

#include "telemetry/trace/api/tracer.hpp"

namespace authlens::store {

inline constexpr std::string_view kDbSystemSqlite = "sqlite";
inline constexpr std::string_view kDbSystemPostgres = "postgresql";

class DbSpan {
 public:
  // A null tracer means "not traced" (unit tests, tools).
  DbSpan(trace::Tracer* tracer, std::string_view system, std::string_view operation);
  DbSpan(const DbSpan&) = delete;
  DbSpan& operator=(const DbSpan&) = delete;

  // Marks the span failed; `description` must not contain bound values (error text only).
  void fail(std::string_view description) noexcept;

 private:
  std::optional<trace::ScopedSpan> span_;
};

}  // namespace authlens::store
