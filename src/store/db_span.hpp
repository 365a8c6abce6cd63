#pragma once
// The one place the store touches the tracing SDK: each named statement runs inside a CLIENT span
// named after it, with db.system and db.operation.name, never a bound value.
#include <string_view>

namespace authlens::trace {
class Tracer;
}

namespace authlens::store {

inline constexpr std::string_view kDbSystemSqlite = "sqlite";
inline constexpr std::string_view kDbSystemPostgres = "postgresql";

// TODO(store): the SDK's Tracer/ScopedSpan (telemetry/trace/tracer.hpp) is not in the tree yet, so
// this records nothing; once it lands, start a kClient span here and end it in the destructor.
class DbSpan {
 public:
  // A null tracer means "not traced" (unit tests, tools).
  DbSpan(trace::Tracer* tracer, std::string_view system, std::string_view operation) noexcept;
  ~DbSpan();
  DbSpan(const DbSpan&) = delete;
  DbSpan& operator=(const DbSpan&) = delete;

  // Marks the span failed; `description` must not contain bound values (error text only).
  void fail(std::string_view description) noexcept;
};

}  // namespace authlens::store
