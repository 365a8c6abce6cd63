#include "telemetry/log/line_format.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "telemetry/log/text_value.hpp"
#include "telemetry/log/timestamp.hpp"
#include "text/json_escape.hpp"
#include "text/small_copy.hpp"

namespace authlens::log {
namespace {

using text::kJsonEscapeMaxGrowth;

// Writers at a raw position: a JSON line reserves its upper bound once, then writes straight.
template <std::size_t N>
char* put(char* p, const char (&text)[N]) noexcept {
  std::memcpy(p, text, N - 1);
  return p + N - 1;
}
[[gnu::always_inline]] inline char* put(char* p, std::string_view text) noexcept {
  text::small_copy(p, text.data(), text.size());
  return p + text.size();
}
char* put_json_string(char* p, std::string_view text) noexcept {
  *p++ = '"';
  p = text::write_json_escaped(p, text);
  *p++ = '"';
  return p;
}

constexpr std::size_t kNumberBound = 32;

template <typename T>
char* put_number(char* p, T value) noexcept {
  return std::to_chars(p, p + kNumberBound, value).ptr;
}

// Status codes and millisecond counts: below 1000 nearly always, three digits at most.
char* put_small(char* p, std::int64_t value) noexcept {
  if (value < 0 || value >= 1000) return put_number(p, value);
  const int v = static_cast<int>(value);
  if (v >= 100) {
    p[0] = static_cast<char>('0' + v / 100);
    p[1] = static_cast<char>('0' + v / 10 % 10);
    p[2] = static_cast<char>('0' + v % 10);
    return p + 3;
  }
  if (v >= 10) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
    return p + 2;
  }
  p[0] = static_cast<char>('0' + v);
  return p + 1;
}

// Milliseconds with three decimals (microsecond resolution), trailing zeros dropped.
char* put_milliseconds(char* p, std::chrono::nanoseconds value) noexcept {
  std::int64_t micros = value.count() / 1000;
  if (micros < 0) {
    *p++ = '-';
    micros = -micros;
  }
  p = put_small(p, micros / 1000);
  const int fraction = static_cast<int>(micros % 1000);
  if (fraction == 0) return p;
  p[0] = '.';
  p[1] = static_cast<char>('0' + fraction / 100);
  p[2] = static_cast<char>('0' + fraction / 10 % 10);
  p[3] = static_cast<char>('0' + fraction % 10);
  std::size_t n = 4;
  while (p[n - 1] == '0') --n;
  return p + n;
}

// Everything but strings; at most kNumberBound bytes.
char* put_scalar(char* p, const Field::Value& value, bool json) noexcept {
  switch (value.index()) {
    case 1:
      return put_small(p, *std::get_if<std::int64_t>(&value));
    case 2:
      return put_number(p, *std::get_if<std::uint64_t>(&value));
    case 3: {
      const double v = *std::get_if<double>(&value);
      if (std::isfinite(v)) return put_number(p, v);
      if (json) return put(p, "null");
      return put(p, std::isnan(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf"));
    }
    case 4:
      return *std::get_if<bool>(&value) ? put(p, "true") : put(p, "false");
    case 5:
      return put_milliseconds(p, *std::get_if<std::chrono::nanoseconds>(&value));
    default:
      return p;  // strings are written by the caller
  }
}

// What a field's value can take at most, written.
std::size_t value_bound(const Field& field) noexcept {
  if (field.secret()) return kRedacted.size() + 2;
  if (const auto* s = std::get_if<std::string_view>(&field.value()))
    return kJsonEscapeMaxGrowth * s->size() + 2;
  return kNumberBound;
}

bool has_trace(const LineInput& in) noexcept { return in.span != nullptr && in.span->is_valid(); }

}  // namespace

void append_json_line(LineBuffer& out, const LineInput& in) {
  static constexpr char kIds[] =
      "\",\"trace_id\":\"................................\",\"span_id\":\"................"
      "\",\"trace_flags\":\"..";
  std::size_t bound = 96 + sizeof kIds + kJsonEscapeMaxGrowth * in.message.text().size() +
                      in.service_name_json.size();
  for (const Field& field : in.fields)
    bound += 6 + kJsonEscapeMaxGrowth * field.key().size() + value_bound(field);
  char* p = out.reserve(bound);

  p = put(p, "{\"timestamp\":\"");
  write_timestamp(p, in.when);
  p += kTimestampLength;
  p = put(p, "\",\"level\":\"");
  p = put(p, level_name(in.level));
  p = put(p, "\",\"message\":\"");
  p = in.message.plain() ? put(p, in.message.text())
                         : text::write_json_escaped(p, in.message.text());
  p = put(p, "\",\"service.name\":\"");
  p = put(p, in.service_name_json);
  if (has_trace(in)) {
    // ","trace_id":"<32>","span_id":"<16>","trace_flags":"<2>, the hex written in place.
    std::memcpy(p, kIds, sizeof kIds - 1);
    trace::write_hex(in.span->trace_id.data(), in.span->trace_id.size(), p + 14);
    trace::write_hex(in.span->span_id.data(), in.span->span_id.size(), p + 14 + 32 + 13);
    trace::write_hex(&in.span->trace_flags, 1, p + 14 + 32 + 13 + 16 + 17);
    p += sizeof kIds - 1;
  }
  *p++ = '"';
  for (const Field& field : in.fields) {
    p = put(p, ",\"");
    p = field.plain_key() ? put(p, field.key()) : text::write_json_escaped(p, field.key());
    p = put(p, "\":");
    if (field.secret())
      p = put_json_string(p, kRedacted);
    else if (const auto* s = std::get_if<std::string_view>(&field.value()))
      p = put_json_string(p, *s);
    else
      p = put_scalar(p, field.value(), true);
  }
  p = put(p, "}\n");
  out.commit(p);
}

void append_text_line(LineBuffer& out, const LineInput& in) {
  // The text format is for people reading along: written piece by piece, not tuned.
  std::string line;
  char stamp[kTimestampLength];
  write_timestamp(stamp, in.when);
  line.append(stamp, kTimestampLength);
  line += ' ';
  line += level_label(in.level);
  line += ' ';
  text::append_json_escaped(line, in.message.text(), text::Quotes::kKeep);
  for (const Field& field : in.fields) {
    line += ' ';
    text::append_json_escaped(line, field.key(), text::Quotes::kKeep);
    line += '=';
    if (field.secret()) {
      append_text_value(line, kRedacted);
    } else if (const auto* s = std::get_if<std::string_view>(&field.value())) {
      append_text_value(line, *s);
    } else {
      char buf[kNumberBound];
      line.append(buf, put_scalar(buf, field.value(), false));
    }
  }
  if (has_trace(in)) {
    char ids[32 + 16];
    trace::write_hex(in.span->trace_id.data(), in.span->trace_id.size(), ids);
    trace::write_hex(in.span->span_id.data(), in.span->span_id.size(), ids + 32);
    line += " trace_id=";
    line.append(ids, 32);
    line += " span_id=";
    line.append(ids + 32, 16);
  }
  line += '\n';
  out.append(line);
}

}  // namespace authlens::log
