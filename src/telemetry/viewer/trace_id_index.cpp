#include "telemetry/viewer/trace_id_index.hpp"

#include <bit>
#include <cstring>

#include "telemetry/trace/sdk/id_generator.hpp"

namespace authlens::viewer {
namespace {

std::uint64_t random_odd() noexcept {
  std::uint64_t value = 0;
  const trace::SpanId bits = trace::generate_span_id();  // unpredictable (id_generator.hpp)
  std::memcpy(&value, bits.data(), sizeof value);
  return value | 1;
}

}  // namespace

TraceIdIndex::TraceIdIndex(std::size_t capacity)
    : buckets_(std::bit_ceil(capacity * 2 < 2 ? std::size_t{2} : capacity * 2)),
      mask_(buckets_.size() - 1),
      shift_(64 - std::countr_zero(buckets_.size())),
      key_{random_odd(), random_odd()} {}

// Multiply-add-shift over the id's two halves: the top bits of the sum pick the bucket.
std::size_t TraceIdIndex::home(const trace::TraceId& id) const noexcept {
  std::uint64_t halves[2];
  std::memcpy(halves, id.data(), sizeof halves);
  return static_cast<std::size_t>((halves[0] * key_[0] + halves[1] * key_[1]) >> shift_);
}

std::size_t TraceIdIndex::slot_of(const trace::TraceId& id) const noexcept {
  return probe(id, home(id));
}

std::size_t TraceIdIndex::probe(const trace::TraceId& id, std::size_t slot) const noexcept {
  while (buckets_[slot].place != kAbsent && !same_trace_id(buckets_[slot].id, id))
    slot = (slot + 1) & mask_;
  return slot;
}

std::uint32_t TraceIdIndex::find(const trace::TraceId& id) const noexcept {
  return buckets_[slot_of(id)].place;
}

void TraceIdIndex::insert(const trace::TraceId& id, std::uint32_t place) noexcept {
  const std::size_t start = home(id);
  buckets_[probe(id, start)] = Bucket{id, place, static_cast<std::uint32_t>(start)};
}

void TraceIdIndex::erase(const trace::TraceId& id) noexcept {
  std::size_t hole = slot_of(id);
  if (buckets_[hole].place == kAbsent) return;
  // Move back each later entry of the chain that may sit in the hole (its home is not cyclically
  // in (hole, entry]), so that every entry stays reachable from its home without gaps.
  for (std::size_t next = (hole + 1) & mask_; buckets_[next].place != kAbsent;
       next = (next + 1) & mask_) {
    const std::size_t wanted = buckets_[next].home;
    const bool stays =
        hole <= next ? (hole < wanted && wanted <= next) : (hole < wanted || wanted <= next);
    if (stays) continue;
    buckets_[hole] = buckets_[next];
    hole = next;
  }
  buckets_[hole].place = kAbsent;
}

}  // namespace authlens::viewer
