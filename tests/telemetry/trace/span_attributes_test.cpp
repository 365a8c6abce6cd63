// SpanAttributes' fast paths (inline set() and set_all()) must write exactly the bytes the
// general path writes: here the general path is reached with run-time (non-static) keys, which
// never take a fast path, and the bytes are compared.
#include "telemetry/trace/sdk/span_attributes.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/sdk/span_data.hpp"

namespace authlens::trace {
namespace {

// The same attributes with their keys as run-time text: set() then takes the general path.
std::vector<AttributeArg> as_runtime_keys(const std::vector<AttributeArg>& attributes) {
  std::vector<AttributeArg> out;
  for (const auto& a : attributes) {
    AttributeArg copy = a;
    copy.key = KeyArg(a.key.text());
    out.push_back(copy);
  }
  return out;
}

SpanAttributes one_by_one(const std::vector<AttributeArg>& attributes, std::size_t limit,
                          std::uint32_t* dropped) {
  SpanAttributes out;
  *dropped = 0;
  for (const auto& a : attributes)
    if (!out.set(a, limit)) ++*dropped;
  return out;
}

void expect_same_as_general_path(const std::vector<AttributeArg>& attributes,
                                 std::size_t limit = kMaxAttributesPerSpan) {
  std::uint32_t general_dropped = 0, inline_dropped = 0;
  const SpanAttributes general = one_by_one(as_runtime_keys(attributes), limit, &general_dropped);
  const SpanAttributes inline_set = one_by_one(attributes, limit, &inline_dropped);
  SpanAttributes batch;
  const std::uint32_t batch_dropped = batch.set_all(attributes, limit);

  EXPECT_EQ(inline_set.encoded(), general.encoded());
  EXPECT_EQ(batch.encoded(), general.encoded());
  EXPECT_EQ(inline_dropped, general_dropped);
  EXPECT_EQ(batch_dropped, general_dropped);
  ASSERT_EQ(batch.size(), general.size());
  for (std::size_t i = 0; i < general.size(); ++i) {
    EXPECT_EQ(batch[i].key.view(), general[i].key.view());
    EXPECT_EQ(batch[i].value, general[i].value);
  }
}

const std::vector<AttributeArg> kServerAttributes = {
    {semconv::kHttpRequestMethod, "GET"},
    {semconv::kUrlPath, "/me"},
    {semconv::kUrlScheme, "http"},
    {semconv::kServerAddress, "127.0.0.1"},
    {semconv::kServerPort, std::int64_t{8080}},
    {semconv::kClientAddress, "192.168.100.200"},
    {semconv::kUserAgentOriginal, "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"},
    {semconv::kNetworkProtocolVersion, "1.1"},
};

TEST(SpanAttributes, ServerSpanAttributesAsTheGeneralPathWritesThem) {
  expect_same_as_general_path(kServerAttributes);
}

TEST(SpanAttributes, FastPathsThenMoreAttributesAsTheGeneralPath) {
  // Attributes set after the first ones (route, status) on top of what set_all wrote.
  SpanAttributes batch, general;
  batch.set_all(kServerAttributes, kMaxAttributesPerSpan);
  for (const auto& a : as_runtime_keys(kServerAttributes)) general.set(a, kMaxAttributesPerSpan);
  batch.set({semconv::kHttpRoute, "/me"}, kMaxAttributesPerSpan);
  general.set({KeyArg(std::string_view("http.route")), "/me"}, kMaxAttributesPerSpan);
  batch.set({semconv::kHttpResponseStatusCode, 200}, kMaxAttributesPerSpan);
  general.set({KeyArg(std::string_view("http.response.status_code")), 200}, kMaxAttributesPerSpan);
  EXPECT_EQ(batch.encoded(), general.encoded());
}

TEST(SpanAttributes, EveryKindOfValueAndLength) {
  const std::string long_text(200, 'x');  // a two-byte length
  const std::string invalid_utf8 =
      "a\xff"
      "b";                              // made valid (U+FFFD) as it is set
  const std::string long_key(60, 'k');  // past the fast paths' 48 bytes
  expect_same_as_general_path({
      {StaticKey{"s.empty"}, ""},
      {StaticKey{"s.short"}, "ab"},
      {StaticKey{"s.exactly16bytes"}, "0123456789abcdef"},
      {StaticKey{"s.twenty.bytes.of.k"}, "0123456789abcdefghijklmnopqrstuv"},
      {StaticKey{"s.long"}, long_text},
      {StaticKey{"s.invalid"}, invalid_utf8},
      {StaticKey{long_key}, "v"},
      {StaticKey{"i.zero"}, std::int64_t{0}},
      {StaticKey{"i.127"}, std::int64_t{127}},
      {StaticKey{"i.128"}, std::int64_t{128}},
      {StaticKey{"i.negative"}, std::int64_t{-1}},
      {StaticKey{"i.max"}, std::numeric_limits<std::int64_t>::max()},
      {StaticKey{"d.pi"}, 3.25},
      {StaticKey{"b.true"}, true},
  });
}

// The writer's one-byte-lengths shortcut against the protobuf encoding written out by hand
// (every length a varint), on both sides of the 128-byte KeyValue where the shortcut stops.
std::string reference_varint(std::uint64_t v) {
  std::string out;
  while (v >= 0x80) {
    out += static_cast<char>(v | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
  return out;
}

std::string reference_text_field(const std::string& key, const std::string& text) {
  const std::string any = "\x0a" + reference_varint(text.size()) + text;
  const std::string kv =
      "\x0a" + reference_varint(key.size()) + key + "\x12" + reference_varint(any.size()) + any;
  return "\x4a" + reference_varint(kv.size()) + kv;
}

TEST(SpanAttributes, LengthsAroundOneVarintByteAsProtobufWritesThem) {
  for (std::size_t key_size : {1u, 60u, 123u, 124u, 125u, 130u}) {
    for (std::size_t text_size : {0u, 1u, 60u, 119u, 120u, 121u, 122u, 127u, 128u}) {
      const std::string key(key_size, 'k');
      const std::string text(text_size, 't');
      SpanAttributes attributes;
      attributes.set({StaticKey{key}, text}, kMaxAttributesPerSpan);
      EXPECT_EQ(attributes.encoded(), reference_text_field(key, text))
          << key_size << " " << text_size;
      ASSERT_EQ(attributes.size(), 1u);
      EXPECT_EQ(attributes[0].key.view(), key);
      EXPECT_EQ(attributes[0].value, AttributeValue(text));
      // Found again by its key (the key's offset in the field is right): overwritten in place.
      attributes.set({StaticKey{key}, "x"}, kMaxAttributesPerSpan);
      EXPECT_EQ(attributes.encoded(), reference_text_field(key, "x"));
    }
  }
}

TEST(SpanAttributes, RepeatedKeysKeepTheirFirstPositionAndLastValue) {
  expect_same_as_general_path({
      {semconv::kUrlPath, "/first"},
      {semconv::kServerAddress, "a"},
      {semconv::kClientAddress, "b"},  // same length as server.address
      {semconv::kUrlPath, "/second"},
      {semconv::kServerAddress, std::int64_t{7}},
  });
  SpanAttributes attributes;
  const std::vector<AttributeArg> twice = {{semconv::kUrlPath, "/first"},
                                           {semconv::kUrlPath, "/second"}};
  attributes.set_all(twice, kMaxAttributesPerSpan);
  ASSERT_EQ(attributes.size(), 1u);
  EXPECT_EQ(std::get<std::string>(attributes[0].value), "/second");
}

TEST(SpanAttributes, LimitDropsNewKeysOnly) {
  expect_same_as_general_path(kServerAttributes, 3);
  SpanAttributes attributes;
  EXPECT_EQ(attributes.set_all(kServerAttributes, 3), kServerAttributes.size() - 3);
  EXPECT_EQ(attributes.size(), 3u);
  // At the limit, an existing key is still overwritten.
  EXPECT_TRUE(attributes.set({semconv::kUrlPath, "/other"}, 3));
  EXPECT_EQ(std::get<std::string>(attributes[1].value), "/other");
}

TEST(SpanAttributes, SettingAfterReadingRefreshesTheDecodedView) {
  SpanAttributes attributes;
  const std::vector<AttributeArg> path = {{semconv::kUrlPath, "/a"}};
  const std::vector<AttributeArg> scheme = {{semconv::kUrlScheme, "http"}};
  attributes.set_all(path, kMaxAttributesPerSpan);
  ASSERT_EQ(attributes.size(), 1u);
  EXPECT_EQ(std::get<std::string>(attributes[0].value), "/a");
  attributes.set_all(scheme, kMaxAttributesPerSpan);
  attributes.set({semconv::kServerPort, 80}, kMaxAttributesPerSpan);
  ASSERT_EQ(attributes.size(), 3u);
  EXPECT_EQ(attributes[1].key.view(), "url.scheme");
  EXPECT_EQ(std::get<std::int64_t>(attributes[2].value), 80);
}

}  // namespace
}  // namespace authlens::trace
