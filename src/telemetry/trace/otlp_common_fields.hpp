#pragma once
// Field numbers of OTLP's KeyValue and AnyValue (opentelemetry/proto/common/v1/common.proto),
// for the span attributes' own bytes and the exporter's encoder alike.
#include <cstdint>

namespace authlens::trace {

namespace key_value {
constexpr std::uint32_t kKey = 1, kValue = 2;
}
namespace any_value {
constexpr std::uint32_t kString = 1, kBool = 2, kInt = 3, kDouble = 4;
}

}  // namespace authlens::trace
