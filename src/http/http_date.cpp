#include "http/http_date.hpp"

#include <chrono>

namespace authlens::http {

namespace {

void two_digits(char* at, unsigned value) {
  at[0] = static_cast<char>('0' + value / 10);
  at[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

// By hand rather than strftime: %a and %b follow the locale, the header's names must not.
void format_http_date(std::time_t seconds, char (&out)[kHttpDateSize]) {
  static constexpr std::string_view kDays = "SunMonTueWedThuFriSat";
  static constexpr std::string_view kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  kDays.copy(out, 3, static_cast<std::size_t>(utc.tm_wday) * 3);
  out[3] = ',';
  out[4] = ' ';
  two_digits(out + 5, static_cast<unsigned>(utc.tm_mday));
  out[7] = ' ';
  kMonths.copy(out + 8, 3, static_cast<std::size_t>(utc.tm_mon) * 3);
  out[11] = ' ';
  const auto year = static_cast<unsigned>(utc.tm_year + 1900);
  two_digits(out + 12, year / 100 % 100);
  two_digits(out + 14, year % 100);
  out[16] = ' ';
  two_digits(out + 17, static_cast<unsigned>(utc.tm_hour));
  out[19] = ':';
  two_digits(out + 20, static_cast<unsigned>(utc.tm_min));
  out[22] = ':';
  two_digits(out + 23, static_cast<unsigned>(utc.tm_sec));
  std::string_view(" GMT").copy(out + 25, 4);
}

std::string_view http_date_now() {
  thread_local std::time_t formatted_second = -1;
  thread_local char text[kHttpDateSize];
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  if (now != formatted_second) {
    format_http_date(now, text);
    formatted_second = now;
  }
  return {text, kHttpDateSize};
}

}  // namespace authlens::http
