#include <gtest/gtest.h>

#include <cstring>

#include "otlp_test_spans.hpp"
#include "proto_reader.hpp"
#include "telemetry/trace/exporters/proto_writer.hpp"

namespace authlens::trace {
namespace {

using namespace testing;

std::string bytes_of(const auto& id) { return std::string(id.begin(), id.end()); }

TEST(ProtoWriter, HandComputedBytes) {
  ProtoWriter w;
  w.varint_field(1, 150);  // the protobuf guide's example: 08 96 01
  EXPECT_EQ(w.take(), std::string("\x08\x96\x01", 3));
  ProtoWriter nested;
  const auto mark = nested.mark();
  nested.string_field(1, "testing");
  nested.end_message(2, mark);
  EXPECT_EQ(nested.take(), std::string("\x12\x09\x0a\x07testing", 11));
  ProtoWriter big;
  const auto big_mark = big.mark();
  big.string_field(1, std::string(200, 'x'));  // 203 bytes of body: a two-byte length
  big.end_message(3, big_mark);
  const std::string out = big.take();
  EXPECT_EQ(static_cast<unsigned char>(out[1]), 0xcb);
  EXPECT_EQ(static_cast<unsigned char>(out[2]), 0x01);
  EXPECT_EQ(out.size(), 3u + 203u);
}

TEST(ProtoWriter, WritesBackToFrontAndGrows) {
  ProtoWriter w(4);  // far too small: every write below makes it grow
  w.varint_field(2, 1);
  const std::string text(1000, 'y');
  w.string_field(3, text);
  w.varint_field(1, 300);
  const std::string out = w.take();
  const auto fields = parse_message(out);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].number, 1u);  // written last, comes first
  EXPECT_EQ(fields[0].integer, 300u);
  EXPECT_EQ(fields[1].number, 3u);
  EXPECT_EQ(fields[1].bytes, text);
  EXPECT_EQ(fields[2].number, 2u);
}

TEST(ProtoWriter, InvalidUtf8BecomesReplacementCharacters) {
  ProtoWriter w;
  w.string_field(1, "a\xFF");
  EXPECT_EQ(w.take(), std::string("\x0a\x04"
                                  "a\xEF\xBF\xBD",
                                  6));
}

TEST(OtlpProtobuf, EncodesEveryFieldOfTheSpan) {
  const SpanDataPtr span = make_known_span();
  const InstrumentationScope scope{"authlens", "1.2.3"};
  const std::string body = encode_otlp_protobuf(make_known_resource(), scope, {&span, 1});

  const auto request = parse_message(body);
  const auto resource_spans = parse_message(only(request, 1).bytes);
  const auto resource = parse_message(only(resource_spans, 1).bytes);
  const auto resource_attr = parse_message(only(resource, 1).bytes);
  EXPECT_EQ(only(resource_attr, 1).bytes, "service.name");
  EXPECT_EQ(only(parse_message(only(resource_attr, 2).bytes), 1).bytes, "authlens-test");

  const auto scope_spans = parse_message(only(resource_spans, 2).bytes);
  const auto scope_msg = parse_message(only(scope_spans, 1).bytes);
  EXPECT_EQ(only(scope_msg, 1).bytes, "authlens");
  EXPECT_EQ(only(scope_msg, 2).bytes, "1.2.3");

  const auto s = parse_message(only(scope_spans, 2).bytes);
  EXPECT_EQ(only(s, 1).bytes, bytes_of(span->context.trace_id));
  EXPECT_EQ(only(s, 1).bytes.size(), 16u);
  EXPECT_EQ(only(s, 2).bytes, bytes_of(span->context.span_id));
  EXPECT_EQ(only(s, 3).bytes, "k=v");
  EXPECT_EQ(only(s, 4).bytes, bytes_of(span->parent_span_id));
  EXPECT_EQ(only(s, 5).bytes, "POST /login");
  EXPECT_EQ(only(s, 6).integer, 2u);  // SPAN_KIND_SERVER
  EXPECT_EQ(only(s, 7).wire_type, 1u);
  EXPECT_EQ(only(s, 7).integer, 1700000000123456789ULL);
  EXPECT_EQ(only(s, 8).integer, 1700000000223456789ULL);
  EXPECT_EQ(only(s, 16).wire_type, 5u);
  EXPECT_EQ(only(s, 16).integer, 0x301u);  // sampled | has-is-remote | is-remote

  const auto attrs = fields_numbered(s, 9);
  ASSERT_EQ(attrs.size(), 5u);
  auto value_of = [&](std::size_t i) {
    return parse_message(only(parse_message(attrs[i].bytes), 2).bytes);
  };
  EXPECT_EQ(only(parse_message(attrs[0].bytes), 1).bytes, "http.request.method");
  EXPECT_EQ(only(value_of(0), 1).bytes, "POST");
  EXPECT_EQ(only(value_of(1), 3).integer, 500u);
  EXPECT_EQ(static_cast<std::int64_t>(only(value_of(2), 3).integer), -9007199254740993LL);
  const auto d = only(value_of(3), 4);
  double ratio = 0;
  std::memcpy(&ratio, &d.integer, sizeof ratio);
  EXPECT_EQ(d.wire_type, 1u);
  EXPECT_EQ(ratio, 0.25);
  EXPECT_EQ(only(value_of(4), 2).integer, 1u);

  const auto event = parse_message(only(s, 11).bytes);
  EXPECT_EQ(only(event, 1).integer, 1700000000150000000ULL);
  EXPECT_EQ(only(event, 2).bytes, "retry");
  EXPECT_EQ(only(parse_message(only(event, 3).bytes), 1).bytes, "attempt");

  const auto link = parse_message(only(s, 13).bytes);
  EXPECT_EQ(only(link, 1).bytes, bytes_of(span->links[0].context.trace_id));
  EXPECT_EQ(only(link, 2).bytes, bytes_of(span->links[0].context.span_id));
  EXPECT_EQ(only(link, 6).integer, 0x100u);

  const auto status = parse_message(only(s, 15).bytes);
  EXPECT_EQ(only(status, 2).bytes, "boom");
  EXPECT_EQ(only(status, 3).integer, 2u);
}

TEST(OtlpProtobuf, RootSpanHasNoParentAndInvalidUtf8IsReplaced) {
  auto span = std::make_shared<SpanData>(*make_known_span());
  span->parent_span_id = {};
  span->name = "bad \xff name";
  const SpanDataPtr p = span;
  const std::string body = encode_otlp_protobuf(Resource{}, InstrumentationScope{}, {&p, 1});
  const auto s = parse_message(
      only(parse_message(only(parse_message(only(parse_message(body), 1).bytes), 2).bytes), 2)
          .bytes);
  EXPECT_TRUE(fields_numbered(s, 4).empty());
  EXPECT_EQ(only(s, 5).bytes, "bad \xef\xbf\xbd name");
  EXPECT_EQ(only(s, 16).integer, 0x101u);
}

}  // namespace
}  // namespace authlens::trace
