#include "http/http_date.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <clocale>
#include <string>

namespace authlens::http {
namespace {

std::string formatted(std::time_t seconds) {
  char text[kHttpDateSize];
  format_http_date(seconds, text);
  return {text, kHttpDateSize};
}

TEST(HttpDate, IsTheImfFixdateOfRfc9110) {
  EXPECT_EQ(formatted(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");  // RFC 9110's own example
  EXPECT_EQ(formatted(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(formatted(951782400), "Tue, 29 Feb 2000 00:00:00 GMT");
  EXPECT_EQ(formatted(4102444799), "Thu, 31 Dec 2099 23:59:59 GMT");
}

TEST(HttpDate, NowFollowsTheClock) {
  const auto before = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  const std::string now(http_date_now());
  const auto after = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  EXPECT_TRUE(now == formatted(before) || now == formatted(after)) << now;
}

}  // namespace
}  // namespace authlens::http
