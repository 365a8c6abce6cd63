#pragma once
// OTLP log records (opentelemetry/proto/logs/v1/logs.proto) from the logger's records: the
// timestamp and observed timestamp, SeverityNumber and SeverityText as the OpenTelemetry log
// data model maps our levels, the message as the body, the line's fields as attributes (secret
// keys redacted, as on the line; durations in milliseconds, as on the line), trace id, span id
// and flags from the active span.
#include <cstdint>
#include <string>
#include <string_view>

#include "telemetry/log/line_format.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"
#include "telemetry/trace/sdk/resource.hpp"

namespace authlens::otlp_logs {

// SeverityNumber for each level (the data model's DEBUG, INFO, WARN, ERROR: 5, 9, 13, 17).
std::uint32_t severity_number(log::Level level) noexcept;
// SeverityText: "DEBUG", "INFO", "WARN", "ERROR".
std::string_view severity_text(log::Level level) noexcept;

// Appends one LogRecord to `out` as a whole ScopeLogs.log_records field (tag, length, message),
// so that records appended one after another are a batch as they are. `scratch` is reused.
void append_log_record(trace::ProtoWriter& scratch, std::string& out, const log::LineInput& record,
                       std::uint64_t observed_unix_nano);

// An ExportLogsServiceRequest holding `records` (a run of append_log_record's output) under one
// resource and scope, into `w` (cleared first).
void encode_logs_request(trace::ProtoWriter& w, const trace::Resource& resource,
                         const trace::InstrumentationScope& scope, std::string_view records);

}  // namespace authlens::otlp_logs
