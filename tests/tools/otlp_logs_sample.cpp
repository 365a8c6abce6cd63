// Logs a few known lines with OTEL_LOGS_EXPORTER's processor and exporter (OTLP/HTTP protobuf),
// for the conformance test against the official opentelemetry-proto classes.
// Usage: otlp_logs_sample URL [gzip]
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "telemetry/log/logger.hpp"
#include "telemetry/otlp_logs/batch_log_processor.hpp"
#include "telemetry/otlp_logs/otlp_http_logs_exporter.hpp"
#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/traceparent.hpp"

using namespace authlens;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s URL [gzip]\n", argv[0]);
    return 2;
  }
  trace::OtlpHttpOptions otlp;
  otlp.url = argv[1];
  otlp.gzip = argc > 2 && std::string(argv[2]) == "gzip";
  otlp.timeout = std::chrono::seconds(5);
  trace::Resource resource =
      trace::make_resource_from_env([](std::string_view) { return std::nullopt; }, "0.1.0");
  auto processor = std::make_shared<otlp_logs::BatchLogProcessor>(
      std::make_unique<otlp_logs::OtlpHttpLogsExporter>(
          otlp, resource, trace::InstrumentationScope{"authlens", "0.1.0"}),
      // One batch whatever the machine's speed: exported by the flush below, not by the timer.
      otlp_logs::LogBatchOptions{.schedule_delay = std::chrono::minutes(1)});

  const int devnull = ::open("/dev/null", O_WRONLY);
  log::Logger::Options options;
  options.fd = devnull;
  options.level = log::Level::kDebug;
  {
    log::Logger logger(options);
    logger.set_record_processor(processor);
    logger.debug("starting", {{"attempt", 1}});
    {
      auto context = trace::extract_trace_context(
          "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "");
      trace::ContextScope scope(*context);
      logger.info("request", {{"http.request.method", "POST"},
                              {"http.route", "/login"},
                              {"http.response.status_code", 401},
                              {"duration_ms", std::chrono::microseconds(1234)},
                              {"password", "hunter2"},
                              {"ratio", 0.5},
                              {"cached", false}});
      logger.warn("weird \xff bytes", {{"user_agent.original", "x\xfey"}});
    }
    logger.error("database writes fail", {{"error", "disk full"}});
  }
  if (!processor->force_flush(std::chrono::seconds(10))) {
    std::fprintf(stderr, "otlp_logs_sample: flush timed out\n");
    return 1;
  }
  const auto stats = processor->stats();
  processor->shutdown(std::chrono::seconds(5));
  ::close(devnull);
  std::printf("exported=%llu failed=%llu dropped=%llu\n",
              static_cast<unsigned long long>(stats.exported),
              static_cast<unsigned long long>(stats.failed),
              static_cast<unsigned long long>(stats.dropped));
  return stats.exported == 4 && stats.failed == 0 && stats.dropped == 0 ? 0 : 1;
}
