#include "app/profile_json.hpp"

#include <chrono>
#include <ctime>

#include "text/json_escape.hpp"

namespace authlens::app {
namespace {

// "YYYY-MM-DDTHH:MM:SSZ" into `out` (20 characters), by calendar arithmetic, not strftime;
// false (nothing written) for years four digits do not hold.
bool write_rfc3339(char* out, std::int64_t unix_seconds) {
  using namespace std::chrono;
  const sys_seconds when{seconds{unix_seconds}};
  const sys_days day = floor<days>(when);
  const year_month_day date{day};
  const hh_mm_ss time{when - day};
  const auto put2 = [](char* p, unsigned v) {
    p[0] = static_cast<char>('0' + v / 10);
    p[1] = static_cast<char>('0' + v % 10);
  };
  const int year = static_cast<int>(date.year());
  if (year < 0 || year > 9999) return false;
  put2(out, static_cast<unsigned>(year / 100));
  put2(out + 2, static_cast<unsigned>(year % 100));
  out[4] = '-';
  put2(out + 5, static_cast<unsigned>(date.month()));
  out[7] = '-';
  put2(out + 8, static_cast<unsigned>(date.day()));
  out[10] = 'T';
  put2(out + 11, static_cast<unsigned>(time.hours().count()));
  out[13] = ':';
  put2(out + 14, static_cast<unsigned>(time.minutes().count()));
  out[16] = ':';
  put2(out + 17, static_cast<unsigned>(time.seconds().count()));
  out[19] = 'Z';
  return true;
}

// Years beyond four digits, spelled as strftime spells them.
std::string rfc3339_by_strftime(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  return std::string(buf, std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm));
}

}  // namespace

std::string rfc3339_utc(std::int64_t unix_seconds) {
  char out[20];
  if (!write_rfc3339(out, unix_seconds)) return rfc3339_by_strftime(unix_seconds);
  return std::string(out, 20);
}

std::string profile_json(std::string_view email, std::int64_t created_at_unix, bool totp_enabled,
                         int recovery_codes_left) {
  std::string body;
  body.reserve(64 + text::kJsonEscapeMaxGrowth * email.size());
  body.append("{\"created_at\":\"");
  char stamp[20];
  if (write_rfc3339(stamp, created_at_unix))
    body.append(stamp, 20);
  else
    body.append(rfc3339_by_strftime(created_at_unix));
  body.append("\",\"email\":");
  text::append_json_string(body, email);
  body.append(",\"recovery_codes_left\":");
  body.append(std::to_string(recovery_codes_left));
  body.append(totp_enabled ? ",\"totp_enabled\":true" : ",\"totp_enabled\":false");
  body.append(",\"verified\":true}");
  return body;
}

}  // namespace authlens::app
