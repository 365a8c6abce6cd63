// What a request path may show in spans and the access log (issue 16): cut to 256 bytes, and a
// segment that looks like a credential replaced, never kept whole.
#include "telemetry/url_path.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::telemetry {
namespace {

std::string kept(std::string_view path) {
  std::string buffer;
  return std::string(loggable_url_path(path, buffer));
}

TEST(UrlPath, RoutesAndWordsAreKeptAsTheyAre) {
  for (const std::string_view path :
       {"/me", "/", "", "/register/confirm", "/me/recovery-codes", "/docs/swagger-ui-bundle.js",
        "/me/sessions/42", "/a-rather-long-but-plain-kebab-case-word/x"}) {
    std::string buffer;
    const std::string_view out = loggable_url_path(path, buffer);
    EXPECT_EQ(out, path);
    EXPECT_EQ(out.data(), path.data()) << "copied although unchanged: " << path;
  }
}

TEST(UrlPath, ATokenInThePathIsReplaced) {
  const std::string token = "q3Jx0bYV8m2Kd9WfL1pR7sTz4uNc6eHa5gAiBoCjDkE";  // base64url, 43
  EXPECT_EQ(kept("/me/" + token), "/me/[redacted]");
  EXPECT_EQ(kept("/" + token + "/x?"), "/[redacted]/x?");
  EXPECT_EQ(kept("/reset/" + token + ".json"), "/reset/[redacted]");
  const std::string hex = "4bf92f3577b34da6a3ce929d0e0e4736";
  EXPECT_EQ(kept("/me/sessions/" + hex), "/me/sessions/[redacted]");
  const std::string upper_lower = "AbcdefghijKLMNOPQRSTuvwxyz";  // no digit, both cases
  EXPECT_EQ(kept("/x/" + upper_lower), "/x/[redacted]");
  EXPECT_EQ(kept("/x/" + token.substr(0, 19)), "/x/" + token.substr(0, 19));  // too short
}

TEST(UrlPath, LongPathsAreCutTo256Bytes) {
  const std::string long_path = "/" + std::string(7000, 'a');
  const std::string out = kept(long_path);
  EXPECT_EQ(out.size(), kMaxUrlPathBytes);
  EXPECT_EQ(out.substr(0, 10), long_path.substr(0, 10));
  EXPECT_EQ(out.substr(out.size() - 3), "...");
  // Never inside a UTF-8 sequence: "é" is two bytes.
  std::string accents = "/";
  while (accents.size() < 400) accents += "\xc3\xa9";
  const std::string cut = kept(accents);
  EXPECT_LE(cut.size(), kMaxUrlPathBytes);
  EXPECT_EQ(cut.substr(cut.size() - 3), "...");
  const std::string before_dots = cut.substr(0, cut.size() - 3);
  EXPECT_NE(static_cast<unsigned char>(before_dots.back()), 0xc3) << "a sequence cut in half";
}

TEST(UrlPath, TokensAreReplacedBeforeTheCut) {
  const std::string path =
      "/" + std::string(300, 'b') + "/" + "q3Jx0bYV8m2Kd9WfL1pR7sTz4uNc6eHa5gAiBoCjDkE";
  const std::string out = kept(path);
  EXPECT_EQ(out.find("q3Jx0bYV8m2K"), std::string::npos);
  EXPECT_LE(out.size(), kMaxUrlPathBytes);
}

}  // namespace
}  // namespace authlens::telemetry
