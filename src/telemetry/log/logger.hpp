#pragma once
// The service's structured logger: one line per call, JSON (default) or text, trace ids of the
// active span attached, written by a background thread so a slow stdout never blocks a request.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>

#include "telemetry/cost_sampler.hpp"
#include "telemetry/log/field.hpp"
#include "telemetry/log/level.hpp"
#include "telemetry/log/message.hpp"

namespace authlens::log {

class AsyncSink;
class RecordProcessor;

class Logger {
 public:
  struct Options {
    Level level = Level::kInfo;
    Format format = Format::kJson;
    std::string service_name = "authlens";
    bool enabled = true;                 // AUTHLENS_LOGS=off: every call returns at once
    std::size_t buffer_bytes = 1 << 20;  // bound on queued output; lines beyond it are dropped
    int fd = 1;                          // not owned
    std::chrono::milliseconds flush_timeout{2000};  // bound on flush() and the destructor
  };

  struct Stats {
    std::uint64_t lines_written = 0;
    std::uint64_t lines_dropped = 0;  // buffer full, or the fd failed
    // Writer thread CPU (exact) plus formatting on callers' threads, estimated by timing one
    // call in telemetry::CostSampler::kEvery and scaling up.
    double cpu_seconds = 0;
  };

  Logger();  // Options{} (a default argument cannot use the member initializers here)
  explicit Logger(Options options);
  ~Logger();  // flushes
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  bool enabled(Level level) const noexcept { return enabled_ && level >= level_; }

  void log(Level level, Message message, std::initializer_list<Field> fields = {});
  void debug(Message message, std::initializer_list<Field> fields = {}) {
    log(Level::kDebug, message, fields);
  }
  void info(Message message, std::initializer_list<Field> fields = {}) {
    log(Level::kInfo, message, fields);
  }
  void warn(Message message, std::initializer_list<Field> fields = {}) {
    log(Level::kWarn, message, fields);
  }
  void error(Message message, std::initializer_list<Field> fields = {}) {
    log(Level::kError, message, fields);
  }

  // Every record is also handed to `processor` (null: none). Call before other threads log.
  void set_record_processor(std::shared_ptr<RecordProcessor> processor) noexcept {
    processor_ = std::move(processor);
  }

  // Waits until everything logged so far is written (at most Options::flush_timeout).
  void flush();
  Stats stats() const;
  const Options& options() const noexcept { return options_; }

 private:
  void write_line(Level level, Message message, std::initializer_list<Field> fields);

  const Options options_;
  const std::string service_name_json_;  // escaped once, copied into every JSON line
  const bool enabled_;
  const Level level_;
  std::unique_ptr<AsyncSink> sink_;  // null when disabled
  std::shared_ptr<RecordProcessor> processor_;
  telemetry::CostSampler inline_cost_{telemetry::Signal::kLogs};
};

}  // namespace authlens::log
