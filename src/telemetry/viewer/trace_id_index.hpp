#pragma once
// Which place of the viewer's store holds a trace, by trace id: a fixed-size open-addressed table
// (linear probing, removal by backward shift, so no tombstones build up as traces come and go),
// made once so that looking up, adding and removing allocate nothing on the request path.
// Hand-written: the containers we have (std, Boost) allocate per element; this is small.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "telemetry/trace/api/span_context.hpp"

namespace authlens::viewer {

// Two word compares: std::array's == calls memcmp, which cost most of a lookup.
inline bool same_trace_id(const trace::TraceId& a, const trace::TraceId& b) noexcept {
  std::uint64_t x[2];
  std::uint64_t y[2];
  std::memcpy(x, a.data(), sizeof x);
  std::memcpy(y, b.data(), sizeof y);
  return ((x[0] ^ y[0]) | (x[1] ^ y[1])) == 0;
}

class TraceIdIndex {
 public:
  static constexpr std::uint32_t kAbsent = UINT32_MAX;

  explicit TraceIdIndex(std::size_t capacity);  // ids held at once, at most

  std::uint32_t find(const trace::TraceId& id) const noexcept;          // its place, or kAbsent
  void insert(const trace::TraceId& id, std::uint32_t place) noexcept;  // id absent, below capacity
  void erase(const trace::TraceId& id) noexcept;                        // no-op when absent

 private:
  struct Bucket {
    trace::TraceId id{};
    std::uint32_t place = kAbsent;  // kAbsent: empty
    std::uint32_t home = 0;         // home(id), kept for erase's shifting
  };

  std::size_t home(const trace::TraceId& id) const noexcept;
  std::size_t slot_of(const trace::TraceId& id) const noexcept;  // its bucket, or an empty one
  std::size_t probe(const trace::TraceId& id, std::size_t slot) const noexcept;  // from slot on

  std::vector<Bucket> buckets_;  // a power of two, at least twice the capacity
  std::size_t mask_;
  int shift_;
  // Trace ids may come from callers (traceparent): a key drawn per table keeps them from choosing
  // ids that all land in one probe chain.
  std::uint64_t key_[2];
};

}  // namespace authlens::viewer
