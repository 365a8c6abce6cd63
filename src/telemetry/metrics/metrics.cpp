#include "telemetry/metrics/metrics.hpp"

#include <array>
#include <mutex>
#include <stdexcept>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include "telemetry/cost_sampler.hpp"
#include "telemetry/metrics/buckets.hpp"
#include "telemetry/metrics/http_server_metrics.hpp"
#include "telemetry/metrics/openmetrics.hpp"
#include "telemetry/metrics/process_metrics.hpp"
#include "telemetry/metrics/series_cache.hpp"
#include "telemetry/metrics/sourced_counters.hpp"
#include "telemetry/thread_cpu.hpp"

namespace authlens::metrics {
namespace {

using prometheus::Counter;
using prometheus::Histogram;

constexpr const char* kTelemetryCpu = "authlens_telemetry_cpu_seconds_total";
constexpr const char* kTelemetryCpuHelp =
    "CPU time spent producing telemetry, by signal (telemetry threads plus estimated inline "
    "cost).";
constexpr std::array<const char*, 3> kSignals = {"traces", "metrics", "logs"};

struct KnownCounter {
  const char* name;
  const char* help;
};
constexpr std::array<KnownCounter, 4> kKnownCounters = {{
    {"authlens_spans_exported_total", "Spans exported successfully."},
    {"authlens_spans_dropped_total", "Spans dropped because the export queue was full."},
    {"authlens_spans_failed_total", "Spans whose export failed after retries."},
    {"authlens_log_lines_dropped_total", "Log lines dropped because the log buffer was full."},
}};

template <typename Builder>
auto& family(Builder builder, const char* name, const char* help, prometheus::Registry& registry) {
  return builder.Name(name).Help(help).Register(registry);
}

}  // namespace

struct Metrics::State {
  State()
      : auth_events({"event", "result"}, 128,
                    [f = &family(prometheus::BuildCounter(), "authlens_auth_events_total",
                                 "Authentication events by event and result.", *registry)](
                        const prometheus::Labels& l) -> Counter& { return f->Add(l); }),
        password_hash(
            {"operation"}, 8,
            [f = &family(prometheus::BuildHistogram(), "authlens_password_hash_duration_seconds",
                         "Duration of Argon2id password hashing and verification.",
                         *registry)](const prometheus::Labels& l) -> Histogram& {
              return f->Add(l, kPasswordHashBuckets);
            }),
        mail_deliveries({"result"}, 8,
                        [f = &family(prometheus::BuildCounter(), "authlens_mail_deliveries_total",
                                     "Mail delivery attempts by result.", *registry)](
                            const prometheus::Labels& l) -> Counter& { return f->Add(l); }),
        outbox_pending(family(prometheus::BuildGauge(), "authlens_mail_outbox_pending",
                              "Mails waiting in the outbox.", *registry)
                           .Add({})),
        process(*registry),
        sourced(*registry) {
    // Known label values exist from the start, so dashboards and rate() see zeros, not gaps.
    password_hash.get({"hash"});
    password_hash.get({"verify"});
    for (auto result : {"sent", "failed", "retry"}) mail_deliveries.get({result});
    for (const char* signal : kSignals)
      sourced.declare(kTelemetryCpu, kTelemetryCpuHelp, {{"signal", signal}});
    sourced.set_source(kTelemetryCpu, kTelemetryCpuHelp, {{"signal", "metrics"}}, [this] {
      return own_cpu_seconds() + (metrics_cpu_source ? metrics_cpu_source() : 0);
    });
    for (const auto& known : kKnownCounters) sourced.declare(known.name, known.help, {});
  }

  double own_cpu_seconds() const noexcept {
    return record_cost.seconds() +
           static_cast<double>(render_ns.load(std::memory_order_relaxed)) * 1e-9;
  }

  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  HttpServerMetrics http;
  SeriesCache<Counter, 2> auth_events;
  SeriesCache<Histogram, 1> password_hash;
  SeriesCache<Counter, 1> mail_deliveries;
  prometheus::Gauge& outbox_pending;
  telemetry::CostSampler record_cost{telemetry::Signal::kMetrics};
  std::atomic<std::int64_t> render_ns{0};

  std::mutex scrape_mutex;  // guards what follows: scrape-time state and sources
  ProcessMetrics process;
  SourcedCounters sourced;
  std::function<double()> outbox_pending_source;
  std::function<double()> metrics_cpu_source;  // added to our own cost
};

Metrics::Metrics(bool enabled) : state_(enabled ? std::make_unique<State>() : nullptr) {}

Metrics::~Metrics() = default;

RouteId Metrics::register_route(std::string_view method, std::string_view route) {
  return state_ ? state_->http.register_route(method, route) : RouteId{};
}

RouteId Metrics::unmatched_route(std::string_view method) const noexcept {
  return state_ ? state_->http.unmatched_route(method) : RouteId{};
}

void Metrics::observe_request_impl(RouteId route, int status_code, double seconds,
                                   const TraceRef* trace) {
  state_->record_cost.run([&] { state_->http.observe(route, status_code, seconds, trace); });
}

void Metrics::request_started_impl() {
  state_->record_cost.run([&] { state_->http.request_started(); });
}

void Metrics::request_finished_impl() {
  state_->record_cost.run([&] { state_->http.request_finished(); });
}

void Metrics::auth_event_impl(std::string_view event, std::string_view result) {
  state_->record_cost.run([&] { state_->auth_events.get({event, result}).Increment(); });
}

void Metrics::password_hash_impl(std::string_view operation, double seconds) {
  state_->record_cost.run([&] { state_->password_hash.get({operation}).Observe(seconds); });
}

void Metrics::mail_delivery_impl(std::string_view result) {
  state_->record_cost.run([&] { state_->mail_deliveries.get({result}).Increment(); });
}

void Metrics::set_outbox_pending_source(std::function<double()> pending) {
  if (!state_) return;
  std::lock_guard lock(state_->scrape_mutex);
  state_->outbox_pending_source = std::move(pending);
}

void Metrics::set_telemetry_cpu_source(std::string_view signal, std::function<double()> seconds) {
  bool known = false;
  for (const char* s : kSignals) known = known || signal == s;
  if (!known) throw std::invalid_argument("metrics: unknown telemetry signal");
  if (!state_) return;
  std::lock_guard lock(state_->scrape_mutex);
  if (signal == "metrics") {
    state_->metrics_cpu_source = std::move(seconds);
    return;
  }
  state_->sourced.set_source(kTelemetryCpu, kTelemetryCpuHelp, {{"signal", std::string(signal)}},
                             std::move(seconds));
}

void Metrics::set_counter_source(std::string_view name, std::string_view help,
                                 std::function<double()> total) {
  if (!is_counter_name(name) || name == kTelemetryCpu)
    throw std::invalid_argument("metrics: not a usable counter name: " + std::string(name));
  if (!state_) return;
  std::lock_guard lock(state_->scrape_mutex);
  state_->sourced.set_source(std::string(name), std::string(help), {}, std::move(total));
}

Metrics::Snapshot Metrics::collect_locked(bool with_exemplars) {
  State& s = *state_;
  s.process.refresh();
  if (s.outbox_pending_source) s.outbox_pending.Set(s.outbox_pending_source());
  s.sourced.refresh();
  Snapshot snapshot;
  // The HTTP server families first, as when they were the registry's first instruments.
  snapshot.families = s.http.collect(with_exemplars ? &snapshot.exemplars : nullptr);
  auto rest = s.registry->Collect();
  snapshot.families.insert(snapshot.families.end(), std::make_move_iterator(rest.begin()),
                           std::make_move_iterator(rest.end()));
  return snapshot;
}

Metrics::Snapshot Metrics::collect() {
  if (!state_) return {};
  State& s = *state_;
  std::lock_guard lock(s.scrape_mutex);
  const std::int64_t start = telemetry::thread_cpu_ns();
  Snapshot snapshot = collect_locked(true);
  s.render_ns.fetch_add(telemetry::thread_cpu_ns() - start, std::memory_order_relaxed);
  return snapshot;
}

void Metrics::set_counter_source(std::string_view name, std::string_view help,
                                 const std::map<std::string, std::string>& labels,
                                 std::function<double()> total) {
  if (!is_counter_name(name) || name == kTelemetryCpu)
    throw std::invalid_argument("metrics: not a usable counter name: " + std::string(name));
  if (!state_) return;
  std::lock_guard lock(state_->scrape_mutex);
  state_->sourced.set_source(std::string(name), std::string(help), labels, std::move(total));
}

std::string Metrics::render(Format format) {
  if (!state_) return {};
  State& s = *state_;
  std::lock_guard lock(s.scrape_mutex);
  const std::int64_t start = telemetry::thread_cpu_ns();
  const bool openmetrics = format == Format::kOpenMetrics;
  const Snapshot snapshot = collect_locked(openmetrics);
  std::string text =
      openmetrics ? serialize_openmetrics(snapshot.families, std::span(&snapshot.exemplars, 1))
                  : prometheus::TextSerializer{}.Serialize(snapshot.families);
  // This scrape's cost shows up in the next one: it is not known until serialization ends.
  s.render_ns.fetch_add(telemetry::thread_cpu_ns() - start, std::memory_order_relaxed);
  return text;
}

double Metrics::own_cpu_seconds() const noexcept {
  if (!state_) return 0;
  return state_->own_cpu_seconds();
}

}  // namespace authlens::metrics
