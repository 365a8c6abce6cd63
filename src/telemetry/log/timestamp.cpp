#include "telemetry/log/timestamp.hpp"

#include <cstring>
#include <ctime>

namespace authlens::log {

void write_timestamp(char* out, std::chrono::system_clock::time_point when) noexcept {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(when.time_since_epoch()).count();
  auto seconds = ms / 1000;
  auto millis = ms % 1000;
  if (millis < 0) {  // before 1970: floor, not truncate
    millis += 1000;
    --seconds;
  }
  // Calendar conversion is the costly part and the second rarely changes between lines of one
  // thread, so each thread keeps the last one.
  thread_local long long cached_second = -1;
  thread_local char cached[20] = {};
  if (seconds != cached_second) {
    const std::time_t t = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(cached, sizeof cached, "%Y-%m-%dT%H:%M:%S", &tm);
    cached_second = seconds;
  }
  std::memcpy(out, cached, 19);
  out[19] = '.';
  out[20] = static_cast<char>('0' + millis / 100);
  out[21] = static_cast<char>('0' + millis / 10 % 10);
  out[22] = static_cast<char>('0' + millis % 10);
  out[23] = 'Z';
}

}  // namespace authlens::log
