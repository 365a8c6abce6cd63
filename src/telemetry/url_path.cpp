#include "telemetry/url_path.hpp"

namespace authlens::telemetry {
namespace {

bool is_base64url(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool looks_like_token(std::string_view segment) noexcept {
  std::size_t run = 0;
  bool digit = false, upper = false, lower = false;
  for (const char c : segment) {
    if (!is_base64url(c)) {
      run = 0;
      digit = upper = lower = false;
      continue;
    }
    ++run;
    digit = digit || (c >= '0' && c <= '9');
    upper = upper || (c >= 'A' && c <= 'Z');
    lower = lower || (c >= 'a' && c <= 'z');
    if (run >= kTokenRunLength && (digit || (upper && lower))) return true;
  }
  return false;
}

template <typename OnSegment>
void for_each_segment(std::string_view path, OnSegment on_segment) {
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string_view::npos ? path.size() : slash;
    on_segment(path.substr(start, end - start), slash != std::string_view::npos);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

}  // namespace

std::string_view loggable_url_path(std::string_view path, std::string& buffer) {
  if (path.size() < kTokenRunLength) return path;  // nothing to cut, no room for a token
  bool token = false;
  for_each_segment(
      path, [&](std::string_view segment, bool) { token = token || looks_like_token(segment); });
  if (!token && path.size() <= kMaxUrlPathBytes) return path;

  buffer.clear();
  for_each_segment(path, [&](std::string_view segment, bool slash) {
    if (buffer.size() > kMaxUrlPathBytes) return;
    buffer.append(looks_like_token(segment) ? kRedactedSegment : segment);
    if (slash) buffer.push_back('/');
  });
  if (buffer.size() > kMaxUrlPathBytes) {
    constexpr std::string_view kCut = "...";
    std::size_t keep = kMaxUrlPathBytes - kCut.size();
    // Not inside a UTF-8 sequence: back up over continuation bytes.
    while (keep > 0 && (static_cast<unsigned char>(buffer[keep]) & 0xC0) == 0x80) --keep;
    buffer.resize(keep);
    buffer.append(kCut);
  }
  return buffer;
}

}  // namespace authlens::telemetry
