#include "telemetry/log/logger.hpp"

#include <span>

#include "telemetry/log/async_sink.hpp"
#include "telemetry/log/line_format.hpp"
#include "telemetry/log/record_processor.hpp"
#include "telemetry/trace/api/context.hpp"
#include "text/json_escape.hpp"

namespace authlens::log {

Logger::Logger() : Logger(Options{}) {}

Logger::Logger(Options options)
    : options_(std::move(options)),
      service_name_json_([this] {
        std::string escaped;
        text::append_json_escaped(escaped, options_.service_name);
        return escaped;
      }()),
      enabled_(options_.enabled),
      level_(options_.level) {
  if (enabled_) {
    sink_ = std::make_unique<AsyncSink>(AsyncSink::Options{
        .fd = options_.fd,
        .buffer_bytes = options_.buffer_bytes,
        .flush_timeout = options_.flush_timeout,
    });
  }
}

Logger::~Logger() = default;  // AsyncSink's destructor flushes

void Logger::log(Level level, Message message, std::initializer_list<Field> fields) {
  if (!enabled(level)) return;
  inline_cost_.run([&] { write_line(level, message, fields); });
}

void Logger::write_line(Level level, Message message, std::initializer_list<Field> fields) {
  // Reused per thread, so a steady state formats without allocating.
  thread_local LineBuffer line;
  line.clear();
  const LineInput input{
      .when = std::chrono::system_clock::now(),
      .level = level,
      .service_name_json = service_name_json_,
      .message = message,
      .span = &trace::current_span_context(),
      .fields = std::span<const Field>(fields.begin(), fields.size()),
  };
  if (options_.format == Format::kJson)
    append_json_line(line, input);
  else
    append_text_line(line, input);
  sink_->append(line.view());
  if (processor_) processor_->on_emit(input);
}

void Logger::flush() {
  if (sink_) sink_->flush();
}

Logger::Stats Logger::stats() const {
  Stats s;
  s.cpu_seconds = inline_cost_.seconds();
  if (sink_) {
    s.lines_written = sink_->lines_written();
    s.lines_dropped = sink_->lines_dropped();
    s.cpu_seconds += sink_->writer_cpu_seconds();
  }
  return s;
}

}  // namespace authlens::log
