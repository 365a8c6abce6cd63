#include "telemetry/trace/id_generator.hpp"

#include <sys/random.h>

#include <chrono>
#include <cstring>
#include <thread>

namespace authlens::trace {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) noexcept {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256++ (Blackman & Vigna): 4 words of state, a handful of instructions per number.
// Trivially constructible, so the thread-local below needs no initialisation guard on every
// access; seed() runs on a thread's first id.
class Xoshiro256 {
 public:
  bool seeded() const noexcept { return (s_[0] | s_[1] | s_[2] | s_[3]) != 0; }
  void seed() noexcept {
    std::uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, 0) != static_cast<ssize_t>(sizeof seed)) {
      // No kernel entropy: still unique enough per thread and start time.
      seed =
          static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) ^
          std::hash<std::thread::id>{}(std::this_thread::get_id());
    }
    for (auto& word : s_) word = splitmix64(seed);
    if (!seeded()) s_[0] = 1;  // all zero is xoshiro's one fixed point
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];  // zero until seeded
};

std::uint64_t next_nonzero() noexcept {
  thread_local Xoshiro256 generator;
  if (!generator.seeded()) [[unlikely]]
    generator.seed();
  std::uint64_t v = 0;
  while (v == 0) v = generator.next();
  return v;
}

}  // namespace

TraceId generate_trace_id() noexcept {
  TraceId id;
  const std::uint64_t hi = next_nonzero();
  const std::uint64_t lo = next_nonzero();
  std::memcpy(id.data(), &hi, 8);
  std::memcpy(id.data() + 8, &lo, 8);
  return id;
}

SpanId generate_span_id() noexcept {
  SpanId id;
  const std::uint64_t v = next_nonzero();
  std::memcpy(id.data(), &v, 8);
  return id;
}

}  // namespace authlens::trace
