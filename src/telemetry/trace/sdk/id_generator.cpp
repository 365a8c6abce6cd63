#include "telemetry/trace/sdk/id_generator.hpp"

#include <sodium.h>

#include <array>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace authlens::trace {
namespace {

// One thread's keystream: libsodium's ChaCha20 under a key drawn once from randombytes_buf, a new
// nonce per refill (a counter: never reused under this key), read out in order. A refill makes
// 512 bytes (eight ChaCha20 blocks, what the vectorised implementations produce at once), ids for
// about twenty root spans: ~85 instructions of ChaCha20 per root span's two ids, where a
// randombytes_buf call per id cost ~1,750 (issue 10). Trivially constructible and zero until first
// used, so the thread-local below needs no initialisation guard on every access.
class Keystream {
 public:
  void read(unsigned char* out, std::size_t size) noexcept {
    if (left_ < size) [[unlikely]]
      refill();
    std::memcpy(out, buffer_ + sizeof buffer_ - left_, size);
    left_ -= static_cast<std::uint32_t>(size);
  }

 private:
  void refill() noexcept {
    if (!keyed_) [[unlikely]] {
      // sodium_init picks the vectorised ChaCha20; it is idempotent and thread-safe.
      if (sodium_init() < 0) std::abort();  // no CSPRNG: no unpredictable ids either
      randombytes_buf(key_, sizeof key_);
      keyed_ = true;
    }
    unsigned char nonce[crypto_stream_chacha20_NONCEBYTES];
    static_assert(sizeof nonce == sizeof nonce_);
    std::memcpy(nonce, &nonce_, sizeof nonce);
    ++nonce_;
    crypto_stream_chacha20(buffer_, sizeof buffer_, nonce, key_);
    left_ = sizeof buffer_;  // whatever was left (less than one id) is skipped
  }

  unsigned char buffer_[512];
  unsigned char key_[crypto_stream_chacha20_KEYBYTES];
  std::uint64_t nonce_;
  std::uint32_t left_;  // unread bytes at the end of buffer_
  bool keyed_;
};

thread_local Keystream keystream;

template <std::size_t N>
bool all_zero(const std::array<std::uint8_t, N>& id) noexcept {
  static_assert(N % sizeof(std::uint64_t) == 0);
  std::uint64_t words[N / sizeof(std::uint64_t)];
  std::memcpy(words, id.data(), N);
  std::uint64_t any = 0;
  for (const std::uint64_t word : words) any |= word;
  return any == 0;
}

// All zero is W3C's invalid id: drawn again (one chance in 2^64 for a span id).
template <typename Id>
Id random_nonzero_id() noexcept {
  Id id;
  do {
    keystream.read(id.data(), id.size());
  } while (all_zero(id));
  return id;
}

}  // namespace

TraceId generate_trace_id() noexcept { return random_nonzero_id<TraceId>(); }

SpanId generate_span_id() noexcept { return random_nonzero_id<SpanId>(); }

}  // namespace authlens::trace
