#pragma once
// Turns one log call into one output line (JSON object or human text), newline included.
#include <chrono>
#include <span>
#include <string>
#include <string_view>

#include "telemetry/log/field.hpp"
#include "telemetry/log/level.hpp"
#include "telemetry/log/line_buffer.hpp"
#include "telemetry/log/message.hpp"
#include "telemetry/trace/api/span_context.hpp"

namespace authlens::log {

struct LineInput {
  std::chrono::system_clock::time_point when;
  Level level = Level::kInfo;
  std::string_view service_name_json;  // JSON-escaped already (the logger does it once)
  Message message;
  const trace::SpanContext* span = nullptr;  // ids are written only when valid
  std::span<const Field> fields;
};

// Appends {"timestamp":…,"level":…,"message":…,"service.name":…[,"trace_id","span_id",
// "trace_flags"],<fields>}\n
void append_json_line(LineBuffer& out, const LineInput& in);

// Appends `2026-11-25T12:00:00.123Z INFO  message key=value … trace_id=… span_id=…`\n
void append_text_line(LineBuffer& out, const LineInput& in);

}  // namespace authlens::log
