#pragma once
// A known span (server, remote parent, attributes of every type, event, link, error status) that
// both encoder tests check field by field.
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/exporters/otlp_encoder.hpp"

namespace authlens::trace::testing {

inline SpanDataPtr make_known_span() {
  auto s = std::make_shared<SpanData>();
  auto parent =
      extract_trace_context("00-0102030405060708090a0b0c0d0e0f10-1112131415161718-01", "k=v");
  s->context.trace_id = parent->trace_id;
  s->context.span_id = {0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28};
  s->context.trace_flags = kTraceFlagSampled;
  s->context.trace_state = "k=v";
  s->parent_span_id = parent->span_id;
  s->parent_is_remote = true;
  s->name = "POST /login";
  s->kind = SpanKind::kServer;
  s->start_time_unix_nano = 1700000000123456789ULL;
  s->end_time_unix_nano = 1700000000223456789ULL;
  s->attributes = {{"http.request.method", std::string("POST")},
                   {"http.response.status_code", std::int64_t{500}},
                   {"big", std::int64_t{-9007199254740993LL}},
                   {"ratio", 0.25},
                   {"ok", true}};
  s->events.push_back(SpanEvent{1700000000150000000ULL, "retry", {{"attempt", std::int64_t{2}}}});
  SpanContext link;
  link.trace_id = {0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  link.span_id = {0xbb, 1, 2, 3, 4, 5, 6, 7};
  s->links.push_back(SpanLink{link});
  s->status = StatusCode::kError;
  s->status_description = "boom";
  return s;
}

inline Resource make_known_resource() {
  Resource r;
  r.attributes = {{"service.name", std::string("authlens-test")}};
  return r;
}

}  // namespace authlens::trace::testing
