#include "app/application.hpp"

#include <utility>

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cctype>
#include <memory>
#include <thread>
#include <vector>

#include "account/service.hpp"
#include "account/strategies/password/password_hasher.hpp"
#include "account/strategies/password/password_policy.hpp"
#include "app/admin_routes.hpp"
#include "app/api_routes.hpp"
#include "app/docs_routes.hpp"
#include "app/observers.hpp"
#include "app/ready_file.hpp"
#include "app/request_telemetry.hpp"
#include "app/store_deadline.hpp"
#include "app/write_probe.hpp"
#include "breach/pwned_passwords.hpp"
#include "http/server.hpp"
#include "mail/dev_mailer.hpp"
#include "mail/outbox_worker.hpp"
#include "mail/smtp_mailer.hpp"
#include "store/deadline.hpp"
#include "store/store.hpp"
#include "telemetry/log/logger.hpp"
#include "telemetry/metrics/metrics.hpp"
#include "telemetry/otlp_logs/logs_from_env.hpp"
#include "telemetry/otlp_metrics/periodic_exporter.hpp"
#include "telemetry/trace/autoconfigure/tracing_from_env.hpp"
#include "telemetry/viewer/recent_traces.hpp"

namespace authlens::app {
namespace {

namespace asio = boost::asio;

asio::ip::tcp::endpoint to_endpoint(const char* variable, const Endpoint& endpoint) {
  boost::system::error_code ec;
  const auto address =
      asio::ip::make_address(endpoint.host == "localhost" ? "127.0.0.1" : endpoint.host, ec);
  if (ec) throw ConfigError(variable, "'" + endpoint.host + "' is not an IP address");
  return {address, endpoint.port};
}

log::Logger::Options logger_options(const Config& config) {
  log::Logger::Options options;
  options.level = *log::parse_level(config.log_level);
  options.format = *log::parse_format(config.log_format);
  options.enabled = config.logs_on;
  return options;
}

std::unique_ptr<mail::Mailer> make_mailer(const Config& config, log::Logger& logger) {
  if (config.smtp_url) {
    mail::SmtpSettings settings;
    settings.url = *config.smtp_url;
    settings.sender_email = config.sender_email;
    settings.username = config.sender_email;
    settings.password = config.sender_password;
    return std::make_unique<mail::SmtpMailer>(std::move(settings));
  }
  return std::make_unique<mail::DevMailer>(logger, config.mail_dir);
}

// Waits for in-flight requests to finish (bounded), then stops the I/O threads. Hashing work
// still queued keeps its place until shortly before the deadline, then is refused (503
// overloaded) in time for those answers to be written.
void drain_then_stop(asio::io_context& io, std::vector<http::Server*> servers, work::WorkPool& pool,
                     std::chrono::steady_clock::time_point deadline,
                     std::shared_ptr<asio::steady_timer> timer, bool refused = false) {
  constexpr auto kAnswerTime = std::chrono::milliseconds(500);
  std::size_t open = 0;
  for (auto* server : servers) open += server->open_connections();
  const auto now = std::chrono::steady_clock::now();
  if (open == 0 || now >= deadline) {
    io.stop();
    return;
  }
  if (!refused && now >= deadline - kAnswerTime) {
    pool.refuse_waiting();
    refused = true;
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait(
      [&io, servers, &pool, deadline, timer, refused](const boost::system::error_code&) {
        drain_then_stop(io, servers, pool, deadline, timer, refused);
      });
}

store::StoreOptions store_options(const Config& config) {
  store::StoreOptions options;
  options.timeout = config.store_timeout;
  options.pg.connect = config.pg_connect_timeout;
  options.pg.statement = config.pg_statement_timeout;
  options.pg.lock = config.pg_lock_timeout;
  options.pg.keepalive_idle = config.pg_keepalive_idle;
  options.pg.tcp_user_timeout = config.pg_tcp_user_timeout;
  return options;
}

// Expired sessions and codes, old throttle rows and week-old sent mail are deleted every
// ten minutes, on the worker pool (the delete may take a moment on a big table).
void schedule_purge(asio::steady_timer& timer, work::WorkPool& pool, store::Store& store,
                    log::Logger& logger) {
  timer.expires_after(std::chrono::minutes(10));
  timer.async_wait([&timer, &pool, &store, &logger](const boost::system::error_code& ec) {
    if (ec) return;
    pool.post([&store, &logger] {
      const auto now = account::SystemClock().now();
      // Housekeeping on a big table may take longer than a request may.
      store::DeadlineScope longer(std::chrono::steady_clock::now() + std::chrono::minutes(1));
      try {
        // Throttle windows are an hour at most; a day of events is more than any looks at.
        store.purge(now, now - 86400, now - 7 * 86400);
      } catch (const store::StoreError& error) {
        logger.warn("purge failed", {{"error", error.what()}});
      }
    });
    schedule_purge(timer, pool, store, logger);
  });
}

// The database's own files are kept bounded every minute (SQLite: the write-ahead log), on the
// worker pool: the checkpoint writes to disk.
void schedule_checkpoint(asio::steady_timer& timer, work::WorkPool& pool, store::Store& store) {
  timer.expires_after(std::chrono::minutes(1));
  timer.async_wait([&timer, &pool, &store](const boost::system::error_code& ec) {
    if (ec) return;
    pool.post([&store] { store.checkpoint(); });
    schedule_checkpoint(timer, pool, store);
  });
}

// Sessions' last use is noted in memory and written in batches (account/parts/bearer.hpp), every
// half minute, on the worker pool.
void schedule_session_uses(asio::steady_timer& timer, work::WorkPool& pool,
                           account::AccountService& accounts, log::Logger& logger) {
  timer.expires_after(std::chrono::seconds(30));
  timer.async_wait([&timer, &pool, &accounts, &logger](const boost::system::error_code& ec) {
    if (ec) return;
    pool.post([&accounts, &logger] {
      try {
        accounts.flush_session_uses();
      } catch (const store::StoreError& error) {
        logger.warn("session uses not written yet", {{"error", error.what()}});
      }
    });
    schedule_session_uses(timer, pool, accounts, logger);
  });
}

std::unique_ptr<metrics::Metrics> make_metrics(
    const Config& config, const std::shared_ptr<trace::TracerProvider>& tracing,
    log::Logger& logger, const std::shared_ptr<otlp_logs::BatchLogProcessor>& log_export) {
  if (!config.metrics_on) return nullptr;
  auto metrics = std::make_unique<metrics::Metrics>(true);
  metrics->set_telemetry_cpu_source("traces", [tracing] { return tracing->stats().cpu_seconds; });
  metrics->set_telemetry_cpu_source("logs", [&logger, log_export] {
    return logger.stats().cpu_seconds + (log_export ? log_export->stats().cpu_seconds : 0);
  });
  // Log records sent over OTLP (OTEL_LOGS_EXPORTER=otlp), counted like spans; zeros otherwise.
  metrics->set_counter_source(
      "authlens_log_records_exported_total", "Log records exported over OTLP.",
      [log_export] { return log_export ? double(log_export->stats().exported) : 0; });
  metrics->set_counter_source(
      "authlens_log_records_dropped_total",
      "Log records not exported because the OTLP export queue was full.",
      [log_export] { return log_export ? double(log_export->stats().dropped) : 0; });
  metrics->set_counter_source(
      "authlens_log_records_failed_total", "Log records whose OTLP export failed after retries.",
      [log_export] { return log_export ? double(log_export->stats().failed) : 0; });
  metrics->set_counter_source("authlens_spans_exported_total", "Spans exported.",
                              [tracing] { return double(tracing->stats().spans_exported); });
  metrics->set_counter_source("authlens_spans_dropped_total", "Spans dropped.",
                              [tracing] { return double(tracing->stats().spans_dropped); });
  metrics->set_counter_source("authlens_spans_failed_total", "Spans whose export failed.",
                              [tracing] { return double(tracing->stats().spans_failed); });
  metrics->set_counter_source("authlens_log_lines_dropped_total", "Log lines dropped.",
                              [&logger] { return double(logger.stats().lines_dropped); });
  return metrics;
}

// What the operator sees of the store: each cause of failing writes logged once per outage (and
// the end of it), and the outbox's length as a gauge. The gauge shows the count the write probe
// last took on a worker: a scrape never waits on the database.
void watch_store(store::Store& store, log::Logger& logger, metrics::Metrics* metrics,
                 const std::shared_ptr<std::atomic<double>>& outbox_pending) {
  store.health().set_reporter([&logger](const std::string& cause, bool recovered) {
    if (recovered) {
      logger.info("database writes work again");
    } else {
      logger.error("database writes fail; /readyz answers 503 until they work again",
                   {{"error", cause}});
    }
  });
  if (metrics != nullptr)
    metrics->set_outbox_pending_source([outbox_pending] { return outbox_pending->load(); });
}

// Run after each write probe, on its worker: the count the gauge shows until the next probe.
std::function<void()> count_outbox(store::Store& store,
                                   std::shared_ptr<std::atomic<double>> outbox_pending) {
  return [&store, outbox_pending] {
    try {
      outbox_pending->store(static_cast<double>(store.pending_mail_count()));
    } catch (const store::StoreError&) {  // keeps the last count; the outage is logged elsewhere
    }
  };
}

mail::OutboxOptions outbox_options(const Config& config) {
  mail::OutboxOptions options;
  options.poll_interval = config.mail_poll;
  options.senders = static_cast<int>(config.mail_senders);
  options.backoff_base =
      std::max(std::chrono::seconds(1),
               std::chrono::duration_cast<std::chrono::seconds>(config.mail_retry_base));
  return options;
}

std::unique_ptr<breach::PwnedPasswords> make_breach_check(const Config& config,
                                                          log::Logger& logger) {
  if (!config.hibp_url) return nullptr;
  return std::make_unique<breach::PwnedPasswords>(
      *config.hibp_url, breach::PwnedPasswords::kDefaultTimeout,
      [&logger](std::string_view reason) {
        logger.warn("breached-password check unavailable; offline checks only",
                    {{"error", reason}});
      });
}

http::ServerLimits server_limits(const Config& config) {
  http::ServerLimits limits;
  limits.header_timeout = config.header_timeout;
  limits.idle_timeout = config.idle_timeout;
  limits.max_connections = config.max_connections;
  limits.max_connections_per_client = config.max_connections_per_client;
  return limits;
}

// Both listeners listen: say where, in the log and (when asked) in the ready file, so tests and
// supervisors can use port 0.
void announce(const Config& config, log::Logger& logger, const http::Server& api,
              const http::Server& admin) {
  if (!config.ready_file.empty()) {
    try {
      write_ready_file(config.ready_file, api.local_endpoint(), admin.local_endpoint());
    } catch (const std::exception& error) {
      throw ConfigError("AUTHLENS_READY_FILE", error.what());
    }
  }
  logger.info("authlens started",
              {{"version", AUTHLENS_VERSION},
               {"http.address", endpoint_text(api.local_endpoint())},
               {"admin.address", endpoint_text(admin.local_endpoint())},
               {"database", config.database_url.substr(0, config.database_url.find(':'))},
               {"mailer", config.smtp_url ? "smtp" : "dev"}});
}

void run_io(asio::io_context& io, unsigned threads) {
  std::vector<std::thread> extra;
  for (unsigned i = 1; i < threads; ++i) extra.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : extra) thread.join();
}

// OTEL_TRACES_SAMPLER=authlens_tail (any case): the tail sampler's counters are worth showing.
bool tail_sampling_on(const SettingsSource& source) {
  auto sampler = source.get("OTEL_TRACES_SAMPLER");
  if (!sampler) return false;
  for (char& c : *sampler) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return sampler->find("authlens_tail") != std::string::npos;
}

}  // namespace

// The service is this list of parts, built in order; nothing else constructs them.
int run_service(const Config& config, const SettingsSource& source) {
  log::Logger logger(logger_options(config));
  if (config.account.test_email)
    logger.warn(
        "TEST_EMAIL/TEST_CODE set: that address always gets the fixed code (development only)");

  auto recent_traces = std::make_shared<viewer::RecentTraces>();
  trace::TracingOptions tracing_options;
  tracing_options.service_version = AUTHLENS_VERSION;
  tracing_options.viewer_store = recent_traces;
  tracing_options.trust_remote_sampling = config.trust_incoming_sampling;
  const auto tail_counters = std::make_shared<trace::TailSamplingCounters>();
  tracing_options.tail_counters = tail_counters;
  auto tracing = trace::make_tracer_provider_from_env(
      [&source](std::string_view name) { return source.get(name); }, std::move(tracing_options));
  trace::Tracer& tracer = tracing->tracer();
  // OTEL_LOGS_EXPORTER=otlp: every line also goes out as an OTLP log record.
  const auto log_export = otlp_logs::make_log_processor_from_env(
      [&source](std::string_view name) { return source.get(name); }, AUTHLENS_VERSION);
  logger.set_record_processor(log_export);
  const trace::Getenv getenv = [&source](std::string_view name) { return source.get(name); };
  // OTEL_METRICS_EXPORTER: /metrics (prometheus, the default), OTLP, both, or none (which
  // records nothing, as AUTHLENS_METRICS=off).
  const auto metrics_exporters = otlp_metrics::read_metrics_config(getenv).exporters;
  const auto metrics = metrics_exporters.prometheus || metrics_exporters.otlp
                           ? make_metrics(config, tracing, logger, log_export)
                           : nullptr;
  const auto metrics_export =
      metrics ? otlp_metrics::make_metrics_exporter_from_env(getenv, *metrics, AUTHLENS_VERSION)
              : nullptr;
  if (metrics && tail_sampling_on(source)) {
    // OTEL_TRACES_SAMPLER=authlens_tail: traces kept by reason, dropped, and dropped unfinished.
    for (std::size_t r = 0; r < static_cast<std::size_t>(trace::TailKeepReason::kCount); ++r) {
      metrics->set_counter_source(
          "authlens_tail_traces_kept_total", "Traces the tail sampler kept, by reason.",
          {{"reason", std::string(trace::tail_keep_reason_name(trace::TailKeepReason(r)))}},
          [tail_counters, r] { return double(tail_counters->kept[r].load()); });
    }
    metrics->set_counter_source("authlens_tail_traces_dropped_total",
                                "Traces the tail sampler decided against.",
                                [tail_counters] { return double(tail_counters->dropped.load()); });
    metrics->set_counter_source(
        "authlens_tail_traces_evicted_total",
        "Traces the tail sampler dropped unfinished (held too long, or at shutdown).",
        [tail_counters] { return double(tail_counters->evicted.load()); });
  }
  if (metrics_export) {
    metrics->set_telemetry_cpu_source(
        "metrics", [exporter = metrics_export.get()] { return exporter->stats().cpu_seconds; });
    metrics->set_counter_source(
        "authlens_metric_exports_total", "OTLP metrics requests the receiver accepted.",
        [exporter = metrics_export.get()] { return double(exporter->stats().exports); });
    metrics->set_counter_source(
        "authlens_metric_exports_failed_total", "OTLP metrics requests that failed after retries.",
        [exporter = metrics_export.get()] { return double(exporter->stats().failed); });
  }

  auto store = store::open_store(config.database_url, tracer, store_options(config));
  const auto outbox_pending = std::make_shared<std::atomic<double>>(0.0);
  watch_store(*store, logger, metrics.get(), outbox_pending);

  auto mailer = make_mailer(config, logger);
  DomainObservers observers(metrics.get(), logger);
  mail::OutboxWorker outbox(*store, *mailer, logger, tracer, outbox_options(config), &observers);

  const account::PasswordHasher hasher({config.argon2_opslimit, config.argon2_memlimit});
  const auto breach_check = make_breach_check(config, logger);
  const account::PasswordPolicy password_policy({config.password_min_length, 1024},
                                                breach_check.get());
  const account::SystemClock clock;
  account::AccountService accounts(
      {*store, hasher, password_policy, clock, tracer, &observers, [&outbox] { outbox.wake(); }},
      config.account);

  // Ready: the database takes writes (as the probe and real statements last found) and no drain
  // has begun. Read on I/O threads, never a call to the database.
  std::atomic<bool> draining{false};
  const auto ready = [&store, &draining] { return !draining && store->ready(); };
  http::Router routes;
  add_api_routes(routes, accounts,
                 /*store_blocks=*/config.database_url.rfind("sqlite://", 0) != 0, ready);
  add_docs_routes(routes);
  http::Router api = with_store_deadline(routes, config.store_timeout);
  http::Router admin;
  add_admin_routes(
      admin, AdminSources{ready,
                          metrics && metrics_exporters.prometheus
                              ? std::function<std::string(metrics::Metrics::Format)>(
                                    [&metrics](metrics::Metrics::Format format) {
                                      return metrics->render(format);
                                    })
                              : std::function<std::string(metrics::Metrics::Format)>(),
                          recent_traces.get(), config.admin_token, config.metrics_need_token});

  RequestTelemetry request_telemetry(tracer, metrics.get(), logger, api);
  work::WorkPool pool(config.hash_workers, config.hash_queue);
  asio::io_context io(static_cast<int>(config.io_threads));
  http::Server api_server(io, api, server_limits(config), &pool, &request_telemetry,
                          config.client_identification());
  http::Server admin_server(io, admin, server_limits(config), nullptr, nullptr,
                            config.client_identification());
  api_server.listen(to_endpoint("AUTHLENS_HTTP_ADDR", config.http_addr));
  if (config.webauthn_origins_follow_listener)
    accounts.allow_webauthn_origins(
        {"http://localhost:" + std::to_string(api_server.local_endpoint().port())});
  admin_server.listen(to_endpoint("AUTHLENS_ADMIN_ADDR", config.admin_addr));
  announce(config, logger, api_server, admin_server);
  outbox.start();
  asio::steady_timer purge_timer(io);
  schedule_purge(purge_timer, pool, *store, logger);
  asio::steady_timer checkpoint_timer(io);
  schedule_checkpoint(checkpoint_timer, pool, *store);
  asio::steady_timer session_use_timer(io);
  schedule_session_uses(session_use_timer, pool, accounts, logger);
  WriteProbe write_probe(io, pool, *store, config.write_probe_interval,
                         count_outbox(*store, outbox_pending));
  write_probe.start();

  // SIGTERM: /readyz turns 503 at once and everything is still served for the grace period (a
  // load balancer's next probe sees it and stops sending), answers saying Connection: close;
  // then the listeners close and what is in flight or queued gets the shutdown budget.
  asio::signal_set signals(io, SIGINT, SIGTERM);
  asio::steady_timer grace_timer(io);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    logger.info("shutting down: /readyz answers 503 from now",
                {{"signal", signal_number}, {"grace_ms", config.drain_grace.count()}});
    draining = true;
    api_server.begin_drain();
    admin_server.begin_drain();
    grace_timer.expires_after(config.drain_grace);
    grace_timer.async_wait([&](const boost::system::error_code&) {
      purge_timer.cancel();
      checkpoint_timer.cancel();
      session_use_timer.cancel();
      write_probe.stop();
      api_server.drain();
      admin_server.drain();
      drain_then_stop(io, {&api_server, &admin_server}, pool,
                      std::chrono::steady_clock::now() + config.shutdown_timeout,
                      std::make_shared<asio::steady_timer>(io));
    });
  });

  run_io(io, config.io_threads);
  pool.join();
  try {
    accounts.flush_session_uses();
  } catch (const store::StoreError& error) {
    logger.warn("session uses lost at shutdown", {{"error", error.what()}});
  }
  outbox.stop(std::chrono::seconds(5));
  if (metrics_export) metrics_export->shutdown();  // one last export of the final counts
  tracing->shutdown(std::chrono::seconds(5));
  if (!config.ready_file.empty()) remove_ready_file(config.ready_file);
  logger.info("authlens stopped");
  if (log_export) log_export->shutdown(std::chrono::seconds(5));
  logger.flush();
  return 0;
}

}  // namespace authlens::app
