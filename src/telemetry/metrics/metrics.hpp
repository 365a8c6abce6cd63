#pragma once
// Every metric authlens exposes on /metrics (CONTRACT.md, Admin listener). The app creates one
// Metrics at start, hands it to the layers that record, registers routes and value sources,
// and serves render() on the admin listener.
//
// Cost: every series is created once (at start, or on first use of a label value) and each
// record call is then a lock-free lookup plus the prometheus-cpp update. With enabled=false
// (AUTHLENS_METRICS=off) every record call is one predictable branch and render() returns "".
// The cost of recording is estimated by timing one call in telemetry::CostSampler::kEvery; the CPU
// of render() itself is measured; both appear as signal="metrics" in
// authlens_telemetry_cpu_seconds_total.
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/metric_family.h>

#include "telemetry/metrics/exemplar.hpp"
#include "telemetry/metrics/route_id.hpp"

namespace authlens::metrics {

class Metrics {
 public:
  explicit Metrics(bool enabled = true);
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  bool enabled() const noexcept { return state_ != nullptr; }

  // --- HTTP server (call register_route / unmatched_route at start, keep the ids) ---
  // Same (method, route template) gives the same id; throws std::length_error past 128 routes.
  RouteId register_route(std::string_view method, std::string_view route);
  // Requests no route matched: http_route="unmatched", method "_OTHER" unless a standard one.
  RouteId unmatched_route(std::string_view method) const noexcept;
  // `trace`: the request's span when it is sampled (its bucket's exemplar), else null.
  void observe_request(RouteId route, int status_code, double seconds,
                       const TraceRef* trace = nullptr) {
    if (state_) observe_request_impl(route, status_code, seconds, trace);
  }
  void request_started() {
    if (state_) request_started_impl();
  }
  void request_finished() {
    if (state_) request_finished_impl();
  }

  // --- Domain events; label values come from the caller's fixed sets (at most 128 event/result
  // pairs, 8 operations, 8 mail results; beyond that they are counted under "other") ---
  void auth_event(std::string_view event, std::string_view result) {
    if (state_) auth_event_impl(event, result);
  }
  // operation: "hash" or "verify".
  void password_hash(std::string_view operation, double seconds) {
    if (state_) password_hash_impl(operation, seconds);
  }
  // result: "sent", "failed" or "retry".
  void mail_delivery(std::string_view result) {
    if (state_) mail_delivery_impl(result);
  }

  // --- Values read at scrape time. Sources are called on the scraping thread, must be
  // thread-safe and cheap, and must outlive this object (or be replaced). Call at start. ---
  void set_outbox_pending_source(std::function<double()> pending);
  // signal: "traces", "metrics" or "logs" (else std::invalid_argument); seconds is a running
  // total. The "metrics" signal always includes this object's own cost on top of any source.
  void set_telemetry_cpu_source(std::string_view signal, std::function<double()> seconds);
  // A counter family without labels whose value is a running total kept elsewhere, e.g.
  // authlens_spans_exported_total, authlens_spans_dropped_total, authlens_spans_failed_total,
  // authlens_log_lines_dropped_total (these four always exist, at 0 until a source is set).
  // name must be a valid metric name ending in _total (else std::invalid_argument); help is used
  // only when the family is new.
  void set_counter_source(std::string_view name, std::string_view help,
                          std::function<double()> total);
  // The same for one labelled series of such a family (label values from a fixed set).
  void set_counter_source(std::string_view name, std::string_view help,
                          const std::map<std::string, std::string>& labels,
                          std::function<double()> total);

  enum class Format { kPrometheusText, kOpenMetrics };
  // The exposition, with /proc and sourced values refreshed: the Prometheus text format 0.0.4,
  // or OpenMetrics 1.0 with exemplars on http_server_request_duration_seconds.
  std::string render(Format format = Format::kPrometheusText);

  // Every family with /proc and sourced values refreshed, and the duration histogram's
  // exemplars: what an exporter other than /metrics sends (the OTLP metrics exporter). Its CPU
  // counts as the metrics signal's, as render()'s does.
  struct Snapshot {
    std::vector<prometheus::MetricFamily> families;
    HistogramExemplars exemplars;
  };
  Snapshot collect();

  // CPU seconds spent by metrics so far: render() measured, recording estimated.
  double own_cpu_seconds() const noexcept;

 private:
  struct State;

  Snapshot collect_locked(bool with_exemplars);  // scrape_mutex held
  void observe_request_impl(RouteId route, int status_code, double seconds, const TraceRef* trace);
  void request_started_impl();
  void request_finished_impl();
  void auth_event_impl(std::string_view event, std::string_view result);
  void password_hash_impl(std::string_view operation, double seconds);
  void mail_delivery_impl(std::string_view result);

  std::unique_ptr<State> state_;  // null when disabled
};

}  // namespace authlens::metrics
