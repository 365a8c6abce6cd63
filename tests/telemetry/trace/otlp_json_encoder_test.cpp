#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "otlp_test_spans.hpp"

namespace authlens::trace {
namespace {

TEST(OtlpJson, EncodesEveryFieldWithTheOtlpMapping) {
  const SpanDataPtr span = testing::make_known_span();
  const std::string body = encode_otlp_json(testing::make_known_resource(),
                                            InstrumentationScope{"authlens", "1.2.3"}, {&span, 1});
  const auto j = nlohmann::json::parse(body);
  const auto& rs = j.at("resourceSpans").at(0);
  EXPECT_EQ(rs.at("resource").at("attributes").at(0).at("key"), "service.name");
  EXPECT_EQ(rs.at("resource").at("attributes").at(0).at("value").at("stringValue"),
            "authlens-test");
  const auto& ss = rs.at("scopeSpans").at(0);
  EXPECT_EQ(ss.at("scope").at("name"), "authlens");
  EXPECT_EQ(ss.at("scope").at("version"), "1.2.3");
  const auto& s = ss.at("spans").at(0);
  EXPECT_EQ(s.at("traceId"), "0102030405060708090a0b0c0d0e0f10");
  EXPECT_EQ(s.at("spanId"), "2122232425262728");
  EXPECT_EQ(s.at("parentSpanId"), "1112131415161718");
  EXPECT_EQ(s.at("traceState"), "k=v");
  EXPECT_EQ(s.at("flags"), 0x301);
  EXPECT_EQ(s.at("name"), "POST /login");
  EXPECT_EQ(s.at("kind"), 2);
  EXPECT_EQ(s.at("startTimeUnixNano"), "1700000000123456789");
  EXPECT_EQ(s.at("endTimeUnixNano"), "1700000000223456789");
  const auto& attrs = s.at("attributes");
  EXPECT_EQ(attrs.at(0).at("value").at("stringValue"), "POST");
  EXPECT_EQ(attrs.at(1).at("value").at("intValue"), "500");
  EXPECT_EQ(attrs.at(2).at("value").at("intValue"), "-9007199254740993");
  EXPECT_EQ(attrs.at(3).at("value").at("doubleValue"), 0.25);
  EXPECT_EQ(attrs.at(4).at("value").at("boolValue"), true);
  EXPECT_EQ(s.at("events").at(0).at("timeUnixNano"), "1700000000150000000");
  EXPECT_EQ(s.at("events").at(0).at("name"), "retry");
  EXPECT_EQ(s.at("events").at(0).at("attributes").at(0).at("value").at("intValue"), "2");
  EXPECT_EQ(s.at("links").at(0).at("traceId"), "aa0102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(s.at("links").at(0).at("spanId"), "bb01020304050607");
  EXPECT_EQ(s.at("status").at("code"), 2);
  EXPECT_EQ(s.at("status").at("message"), "boom");
}

TEST(OtlpJson, EscapesStrings) {
  auto span = std::make_shared<SpanData>(*testing::make_known_span());
  span->name = "a\"b\\c\n\x01";
  const SpanDataPtr p = span;
  const auto j =
      nlohmann::json::parse(encode_otlp_json(Resource{}, InstrumentationScope{}, {&p, 1}));
  EXPECT_EQ(j["resourceSpans"][0]["scopeSpans"][0]["spans"][0]["name"], "a\"b\\c\n\x01");
}

}  // namespace
}  // namespace authlens::trace
