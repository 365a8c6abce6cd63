#include "store/db_span.hpp"

namespace authlens::store {

DbSpan::DbSpan(trace::Tracer* /*tracer*/, std::string_view /*system*/,
               std::string_view /*operation*/) noexcept {}

DbSpan::~DbSpan() = default;

void DbSpan::fail(std::string_view /*description*/) noexcept {}

}  // namespace authlens::store
