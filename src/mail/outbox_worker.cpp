#include "mail/outbox_worker.hpp"

#include <stdexcept>

#include "mail/backoff.hpp"
#include "mail/delivery_span.hpp"
#include "mail/templates.hpp"
#include "telemetry/log/logger.hpp"

namespace authlens::mail {
namespace {

// The outbox row keeps the last error for operators; servers can be chatty.
std::string_view clip(std::string_view s) { return s.substr(0, 500); }

}  // namespace

OutboxWorker::OutboxWorker(store::Store& store, Mailer& mailer, log::Logger& logger,
                           trace::Tracer& tracer, OutboxOptions options, DeliveryObserver* observer)
    : store_(store),
      mailer_(mailer),
      logger_(logger),
      tracer_(tracer),
      options_(options),
      observer_(observer),
      seal_(store.server_key()),
      rng_(std::random_device{}()) {
  if (options_.batch_size < 1) throw std::invalid_argument("outbox batch size must be positive");
  if (options_.senders < 1) throw std::invalid_argument("outbox needs a sender");
}

OutboxWorker::~OutboxWorker() { stop(std::chrono::milliseconds{0}); }

void OutboxWorker::start() {
  if (!threads_.empty()) throw std::logic_error("OutboxWorker started twice");
  for (int i = 0; i < options_.senders; ++i) threads_.emplace_back([this] { loop(); });
}

void OutboxWorker::wake() noexcept {
  try {
    std::lock_guard lock(mu_);
    ++wakes_;
  } catch (...) {  // a failing mutex only costs promptness: the next poll delivers
  }
  cv_.notify_all();  // every sender, and stop() may be waiting on the same condition
}

void OutboxWorker::stop(std::chrono::milliseconds grace) {
  {
    std::unique_lock lock(mu_);
    stopping_ = true;
    cv_.notify_all();
    if (threads_.empty()) return;
    const int senders = static_cast<int>(threads_.size());
    if (!cv_.wait_for(lock, grace, [this, senders] { return finished_ == senders; }))
      mailer_.cancel();
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

bool OutboxWorker::stopping() const {
  std::lock_guard lock(mu_);
  return stopping_;
}

void OutboxWorker::loop() {
  std::uint64_t seen = 0;
  for (;;) {
    std::size_t claimed = 0;
    bool failed = false;
    try {
      claimed = run_once();
      if (store_down_.exchange(false)) logger_.info("mail outbox reachable again");
    } catch (const std::exception& e) {
      // StoreError (database down or busy) or anything unexpected: keep the sender alive.
      failed = true;
      if (!store_down_.exchange(true))
        logger_.warn("mail outbox unavailable, will retry", {{"error", e.what()}});
    }
    std::unique_lock lock(mu_);
    if (stopping_) break;
    // A full batch suggests more is due: go again without waiting.
    if (claimed < static_cast<std::size_t>(options_.batch_size) || failed) {
      cv_.wait_for(lock, options_.poll_interval,
                   [this, seen] { return stopping_ || wakes_ != seen; });
    }
    seen = wakes_;
    if (stopping_) break;
  }
  std::lock_guard lock(mu_);
  ++finished_;
  cv_.notify_all();
}

std::size_t OutboxWorker::run_once() {
  record_pending_sent();
  const std::int64_t now = options_.clock->now();
  const std::int64_t lease_until = now + options_.lease.count();
  const auto batch = store_.claim_due_mail(now, lease_until, options_.batch_size);
  // No delivery starts late in the lease, or another replica could claim the row meanwhile.
  const std::int64_t last_start = now + options_.lease.count() / 2;
  for (const auto& mail : batch) {
    if (stopping() || options_.clock->now() > last_start)
      break;                               // the rest waits for its lease to expire
    if (awaits_record(mail.id)) continue;  // already accepted: only the record is due
    deliver(mail);
  }
  return batch.size();
}

bool OutboxWorker::awaits_record(std::int64_t id) {
  std::lock_guard lock(sent_mu_);
  return unrecorded_sent_.contains(id);
}

// One sender at a time records what the others left too; the mutex is held across the store
// call, which is short and only happens after a failure to record.
void OutboxWorker::record_pending_sent() noexcept {
  std::unique_lock lock(sent_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return;  // another sender is at it
  for (auto it = unrecorded_sent_.begin(); it != unrecorded_sent_.end();) {
    try {
      store_.mark_mail_sent(it->first, it->second);
      logger_.info("mail marked sent after an earlier failure", {{"mail.id", it->first}});
      it = unrecorded_sent_.erase(it);
    } catch (...) {
      return;  // still down; the next pass tries again
    }
  }
}

std::variant<Message, std::string> OutboxWorker::render_now(const store::QueuedMail& mail,
                                                            std::int64_t now) const {
  std::optional<std::string> code;
  if (carries_code(mail.kind)) {
    // A code that can no longer be used only confuses whoever reads it.
    if (mail.created_at + mail.code_ttl_s <= now)
      return std::string("code expired before delivery");
    code = seal_.open(mail.sealed_code, mail.recipient, mail.kind);
    if (!code) return std::string("sealed code cannot be opened");
  }
  auto message = render(mail.kind, mail.recipient, code.value_or(""),
                        std::chrono::seconds(mail.created_at + mail.code_ttl_s - now),
                        NoticeFacts{mail.created_at, mail.client_address});
  if (!message) return "unknown kind of mail '" + mail.kind + "'";
  return std::move(*message);
}

void OutboxWorker::park(const store::QueuedMail& mail, int attempt, std::string_view reason) {
  notify("failed");
  logger_.error("mail not deliverable, parked",
                {{"mail.id", mail.id}, {"email.kind", mail.kind}, {"error", reason}});
  try {
    store_.mark_mail_failed(mail.id, attempt, kNeverRetry, clip(reason));
  } catch (const std::exception& e) {
    logger_.warn("could not record mail failure", {{"mail.id", mail.id}, {"error", e.what()}});
  }
}

void OutboxWorker::deliver(const store::QueuedMail& mail) {
  const int attempt = mail.attempts + 1;
  auto rendered = render_now(mail, options_.clock->now());
  if (auto* reason = std::get_if<std::string>(&rendered)) return park(mail, attempt, *reason);
  DeliverySpan span(tracer_, mail, attempt, mailer_);
  DeliveryResult result;
  try {
    result = mailer_.deliver(mail, std::get<Message>(rendered));
  } catch (const std::exception& e) {
    result = {DeliveryResult::Outcome::kRetry, std::string("mailer failed: ") + e.what()};
  }
  span.record(result);
  const std::int64_t now = options_.clock->now();

  switch (result.outcome) {
    case DeliveryResult::Outcome::kSent:
      notify("sent");
      try {
        store_.mark_mail_sent(mail.id, now);
        logger_.info("mail delivered",
                     {{"mail.id", mail.id}, {"email.kind", mail.kind}, {"mail.attempt", attempt}});
      } catch (const std::exception& e) {
        {
          std::lock_guard lock(sent_mu_);
          unrecorded_sent_.emplace(mail.id, now);
        }
        logger_.error("mail delivered but not marked sent; will mark again, not resend",
                      {{"mail.id", mail.id}, {"error", e.what()}});
      }
      return;
    case DeliveryResult::Outcome::kRetry: {
      notify("retry");
      const std::int64_t next = retry_at(attempt, now);
      logger_.warn("mail delivery failed, will retry", {{"mail.id", mail.id},
                                                        {"email.kind", mail.kind},
                                                        {"mail.attempt", attempt},
                                                        {"mail.retry_in_s", next - now},
                                                        {"error", result.error}});
      try {
        store_.mark_mail_failed(mail.id, attempt, next, clip(result.error));
      } catch (const std::exception& e) {
        // The lease runs out and the row is claimed again: a retry slightly early, nothing lost.
        logger_.warn("could not record mail failure", {{"mail.id", mail.id}, {"error", e.what()}});
      }
      return;
    }
    case DeliveryResult::Outcome::kRejected:
      return park(mail, attempt, result.error);
  }
}

std::int64_t OutboxWorker::retry_at(int attempt, std::int64_t now) {
  std::uniform_real_distribution<double> jitter(0.0, 1.0);
  double drawn = 0;
  {
    std::lock_guard lock(rng_mu_);
    drawn = jitter(rng_);
  }
  return now + backoff_delay(attempt, options_.backoff_base, options_.backoff_max, drawn).count();
}

void OutboxWorker::notify(std::string_view result) noexcept {
  if (observer_ == nullptr) return;
  try {
    observer_->on_delivery(result);
  } catch (...) {  // metrics must never stop mail
  }
}

}  // namespace authlens::mail
