#pragma once
// An ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) for one batch of spans,
// in the two encodings OTLP/HTTP defines.
#include <cstdint>
#include <span>
#include <string>

#include "telemetry/trace/sdk/resource.hpp"
#include "telemetry/trace/sdk/span_exporter.hpp"

namespace authlens::trace {

// Span.flags: the W3C trace flags plus whether the parent was remote (SpanFlags in trace.proto).
inline constexpr std::uint32_t kSpanFlagsHasIsRemote = 0x100;
inline constexpr std::uint32_t kSpanFlagsIsRemote = 0x200;
std::uint32_t otlp_span_flags(const SpanData& span) noexcept;
std::uint32_t otlp_link_flags(const SpanContext& context) noexcept;

class ProtoWriter;

// Protobuf wire encoding (application/x-protobuf).
std::string encode_otlp_protobuf(const Resource& resource, const InstrumentationScope& scope,
                                 std::span<const SpanDataPtr> spans);
// The same into `out` (cleared first), whose buffer the exporter reuses from batch to batch.
void encode_otlp_protobuf(ProtoWriter& out, const Resource& resource,
                          const InstrumentationScope& scope, std::span<const SpanDataPtr> spans);

// A Resource or an InstrumentationScope as the message field `field` of `w` (written back to
// front, proto_writer.hpp): the same bytes in every signal's request.
void write_otlp_resource(ProtoWriter& w, std::uint32_t field, const Resource& resource);
void write_otlp_scope(ProtoWriter& w, std::uint32_t field, const InstrumentationScope& scope);

// OTLP's JSON mapping (application/json): lowerCamelCase names, hex ids, enums as integers,
// 64-bit integers as strings.
std::string encode_otlp_json(const Resource& resource, const InstrumentationScope& scope,
                             std::span<const SpanDataPtr> spans);

}  // namespace authlens::trace
