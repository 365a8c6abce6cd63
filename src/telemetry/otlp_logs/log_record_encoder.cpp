#include "telemetry/otlp_logs/log_record_encoder.hpp"

#include <chrono>
#include <limits>

#include "telemetry/log/redact.hpp"
#include "telemetry/trace/exporters/otlp_encoder.hpp"

namespace authlens::otlp_logs {
namespace {

using trace::ProtoWriter;

// Field numbers from opentelemetry-proto (logs/v1/logs.proto, common/v1/common.proto,
// collector/logs/v1/logs_service.proto).
namespace request {
constexpr std::uint32_t kResourceLogs = 1;
}
namespace resource_logs {
constexpr std::uint32_t kResource = 1, kScopeLogs = 2;
}
namespace scope_logs {
constexpr std::uint32_t kScope = 1, kLogRecords = 2;
}
namespace record_msg {
constexpr std::uint32_t kTime = 1, kSeverityNumber = 2, kSeverityText = 3, kBody = 5,
                        kAttributes = 6, kFlags = 8, kTraceId = 9, kSpanId = 10, kObservedTime = 11;
}
namespace key_value {
constexpr std::uint32_t kKey = 1, kValue = 2;
}
namespace any_value {
constexpr std::uint32_t kString = 1, kBool = 2, kInt = 3, kDouble = 4;
}

std::uint64_t unix_nano(std::chrono::system_clock::time_point when) noexcept {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count());
}

// An AnyValue's one field (written back to front, as every field here: proto_writer.hpp).
void write_any_value(ProtoWriter& w, const log::Field& field) {
  if (field.secret()) {
    w.trusted_string_field(any_value::kString, log::kRedacted);
    return;
  }
  const auto& value = field.value();
  if (const auto* text = std::get_if<std::string_view>(&value)) {
    w.string_field(any_value::kString, *text);
  } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
    w.varint_field(any_value::kInt, static_cast<std::uint64_t>(*i));
  } else if (const auto* u = std::get_if<std::uint64_t>(&value)) {
    if (*u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      w.varint_field(any_value::kInt, *u);
    else  // beyond int64 (the only integer AnyValue has): the number as a double
      w.double_field(any_value::kDouble, static_cast<double>(*u));
  } else if (const auto* d = std::get_if<double>(&value)) {
    w.double_field(any_value::kDouble, *d);
  } else if (const auto* b = std::get_if<bool>(&value)) {
    w.varint_field(any_value::kBool, *b ? 1 : 0);
  } else if (const auto* ns = std::get_if<std::chrono::nanoseconds>(&value)) {
    // The line writes a duration as milliseconds ("duration_ms": 0.123): so does the record.
    w.double_field(any_value::kDouble, static_cast<double>(ns->count()) / 1e6);
  }
}

}  // namespace

std::uint32_t severity_number(log::Level level) noexcept {
  switch (level) {
    case log::Level::kDebug:
      return 5;
    case log::Level::kInfo:
      return 9;
    case log::Level::kWarn:
      return 13;
    case log::Level::kError:
      return 17;
  }
  return 0;  // SEVERITY_NUMBER_UNSPECIFIED
}

std::string_view severity_text(log::Level level) noexcept {
  switch (level) {
    case log::Level::kDebug:
      return "DEBUG";
    case log::Level::kInfo:
      return "INFO";
    case log::Level::kWarn:
      return "WARN";
    case log::Level::kError:
      return "ERROR";
  }
  return "";
}

void append_log_record(ProtoWriter& w, std::string& out, const log::LineInput& in,
                       std::uint64_t observed_unix_nano) {
  w.clear();
  const std::size_t record = w.mark();
  w.fixed64_field(record_msg::kObservedTime, observed_unix_nano);
  if (in.span != nullptr && in.span->is_valid()) {
    w.bytes_field(record_msg::kSpanId, in.span->span_id.data(), in.span->span_id.size());
    w.bytes_field(record_msg::kTraceId, in.span->trace_id.data(), in.span->trace_id.size());
    w.fixed32_field(record_msg::kFlags, in.span->trace_flags);  // the low byte: W3C flags
  }
  for (auto field = in.fields.rbegin(); field != in.fields.rend(); ++field) {
    const std::size_t kv = w.mark();
    const std::size_t any = w.mark();
    write_any_value(w, *field);
    w.end_message(key_value::kValue, any);
    // A plain key (a literal, judged at compile time: JSON-plain ASCII) needs no UTF-8 check.
    if (field->plain_key())
      w.trusted_string_field(key_value::kKey, field->key());
    else
      w.string_field(key_value::kKey, field->key());
    w.end_message(record_msg::kAttributes, kv);
  }
  const std::size_t body = w.mark();
  if (in.message.plain())  // a literal message: printable ASCII, valid UTF-8 as it is
    w.trusted_string_field(any_value::kString, in.message.text());
  else
    w.string_field(any_value::kString, in.message.text());
  w.end_message(record_msg::kBody, body);
  w.trusted_string_field(record_msg::kSeverityText, severity_text(in.level));
  w.varint_field(record_msg::kSeverityNumber, severity_number(in.level));
  w.fixed64_field(record_msg::kTime, unix_nano(in.when));
  w.end_message(scope_logs::kLogRecords, record);
  out.append(w.bytes());
}

void encode_logs_request(ProtoWriter& w, const trace::Resource& resource,
                         const trace::InstrumentationScope& scope, std::string_view records) {
  w.clear();
  const std::size_t rl = w.mark();
  const std::size_t sl = w.mark();
  w.encoded_fields(records);
  trace::write_otlp_scope(w, scope_logs::kScope, scope);
  w.end_message(resource_logs::kScopeLogs, sl);
  trace::write_otlp_resource(w, resource_logs::kResource, resource);
  w.end_message(request::kResourceLogs, rl);
}

}  // namespace authlens::otlp_logs
