#pragma once
// BatchSpanProcessor settings, with the SDK spec's defaults (OTEL_BSP_*).
#include <chrono>
#include <cstddef>

namespace authlens::trace {

struct BatchOptions {
  std::size_t max_queue_size = 2048;
  std::chrono::milliseconds schedule_delay{5000};
  std::chrono::milliseconds export_timeout{30000};
  std::size_t max_export_batch_size = 512;
};

}  // namespace authlens::trace
