#pragma once
// Copying a few bytes whose count is known only at run time (attribute keys, HTTP methods,
// paths): two overlapping fixed-size moves instead of a call to memcpy, which for such sizes
// costs more in the call than in the copy.
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace authlens::text {

[[gnu::always_inline]] inline void small_copy(char* dst, const char* src, std::size_t n) noexcept {
  if (n >= 8 && n <= 16) {
    std::uint64_t head, tail;
    std::memcpy(&head, src, 8);
    std::memcpy(&tail, src + n - 8, 8);
    std::memcpy(dst, &head, 8);
    std::memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4 && n < 8) {
    std::uint32_t head, tail;
    std::memcpy(&head, src, 4);
    std::memcpy(&tail, src + n - 4, 4);
    std::memcpy(dst, &head, 4);
    std::memcpy(dst + n - 4, &tail, 4);
  } else if (n > 0 && n < 4) {
    dst[0] = src[0];
    dst[n / 2] = src[n / 2];
    dst[n - 1] = src[n - 1];
  } else if (n > 16 && n <= 32) {  // semconv keys: http.request.method, user_agent.original
    char head[16], tail[16];
    std::memcpy(head, src, 16);
    std::memcpy(tail, src + n - 16, 16);
    std::memcpy(dst, head, 16);
    std::memcpy(dst + n - 16, tail, 16);
  } else if (n > 32) {
    std::memcpy(dst, src, n);
  }
}

}  // namespace authlens::text
