#pragma once
// Series of one family keyed by label values that callers pass as strings from a small fixed
// set (auth events, mail results). Each series is created once (Family::Add locks and
// allocates); later lookups scan the published entries without a lock. The capacity bounds the
// label values whatever a caller passes: past it, everything lands in one "other" series.
#include <array>
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include <prometheus/labels.h>

namespace authlens::metrics {

inline constexpr std::string_view kOtherLabelValue = "other";

template <typename Metric, std::size_t N>
class SeriesCache {
 public:
  using Values = std::array<std::string_view, N>;
  using AddSeries = std::function<Metric&(const prometheus::Labels&)>;

  SeriesCache(std::array<std::string, N> label_names, std::size_t capacity, AddSeries add)
      : names_(std::move(label_names)),
        capacity_(capacity),
        entries_(std::make_unique<Entry[]>(capacity)),
        add_(std::move(add)) {}

  Metric& get(const Values& values) {
    if (Metric* m = find(values, published_.load(std::memory_order_acquire))) return *m;
    std::lock_guard lock(mutex_);
    const std::size_t count = published_.load(std::memory_order_relaxed);
    if (Metric* m = find(values, count)) return *m;
    if (count == capacity_) return overflow();
    Entry& entry = entries_[count];
    for (std::size_t i = 0; i < N; ++i) entry.values[i] = values[i];
    entry.metric = &add_(labels_for(values));
    published_.store(count + 1, std::memory_order_release);
    return *entry.metric;
  }

 private:
  struct Entry {
    std::array<std::string, N> values;
    Metric* metric = nullptr;
  };

  Metric* find(const Values& values, std::size_t count) const noexcept {
    for (std::size_t e = 0; e < count; ++e) {
      bool same = true;
      for (std::size_t i = 0; i < N && same; ++i) same = entries_[e].values[i] == values[i];
      if (same) return entries_[e].metric;
    }
    return nullptr;
  }

  prometheus::Labels labels_for(const Values& values) const {
    prometheus::Labels labels;
    for (std::size_t i = 0; i < N; ++i) labels.emplace(names_[i], std::string(values[i]));
    return labels;
  }

  Metric& overflow() {  // called with mutex_ held
    if (overflow_ == nullptr) {
      Values other;
      other.fill(kOtherLabelValue);
      overflow_ = &add_(labels_for(other));
    }
    return *overflow_;
  }

  const std::array<std::string, N> names_;
  const std::size_t capacity_;
  const std::unique_ptr<Entry[]> entries_;
  const AddSeries add_;
  std::atomic<std::size_t> published_{0};
  std::mutex mutex_;
  Metric* overflow_ = nullptr;
};

}  // namespace authlens::metrics
