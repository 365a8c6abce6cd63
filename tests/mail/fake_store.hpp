#pragma once
// An in-memory outbox with switchable faults, standing in for the real Store in worker tests.
#include <atomic>
#include <map>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "store/store.hpp"

namespace authlens::mail::testing {

class FakeStore final : public store::Store {
 public:
  struct Row {
    store::QueuedMail mail;
    bool sent = false;
    std::int64_t sent_at = 0;
    std::int64_t next_attempt_at = 0;
    std::int64_t lease_until = 0;
    std::string last_error;
  };

  std::int64_t add(store::OutgoingMail mail, std::int64_t now = 1) {
    std::lock_guard lock(mu_);
    Row row;
    static_cast<store::OutgoingMail&>(row.mail) = std::move(mail);
    row.mail.id = next_id_++;
    row.mail.created_at = now;
    rows_[row.mail.id] = row;
    return row.mail.id;
  }
  Row row(std::int64_t id) const {
    std::lock_guard lock(mu_);
    return rows_.at(id);
  }
  // Simulates time passing: the row is due and unleased.
  void make_due(std::int64_t id) {
    std::lock_guard lock(mu_);
    rows_.at(id).next_attempt_at = 0;
    rows_.at(id).lease_until = 0;
  }
  void expire_leases() {
    std::lock_guard lock(mu_);
    for (auto& [id, row] : rows_) row.lease_until = 0;
  }

  std::atomic<int> fail_claims{0};     // next N claims throw StoreError
  std::atomic<int> fail_mark_sent{0};  // next N mark_mail_sent calls throw StoreError
  std::atomic<int> claims{0};
  std::atomic<int> mark_sent_calls{0};

  std::unique_ptr<store::Transaction> begin() override {
    throw std::logic_error("FakeStore: no transactions");
  }
  std::optional<store::Session> find_session(const store::Digest&, std::int64_t) override {
    return std::nullopt;
  }
  void record_session_uses(const std::vector<account::ports::SessionUse>&) override {}
  store::Digest server_key() override { return {}; }

  std::vector<store::QueuedMail> claim_due_mail(std::int64_t now, std::int64_t lease_until,
                                                int limit) override {
    ++claims;
    if (take(fail_claims)) throw store::StoreError("database is locked");
    std::lock_guard lock(mu_);
    std::vector<store::QueuedMail> out;
    for (auto& [id, row] : rows_) {
      if (static_cast<int>(out.size()) >= limit) break;
      if (row.sent || row.next_attempt_at > now || row.lease_until > now) continue;
      row.lease_until = lease_until;
      out.push_back(row.mail);
    }
    return out;
  }
  void mark_mail_sent(std::int64_t id, std::int64_t now) override {
    ++mark_sent_calls;
    if (take(fail_mark_sent)) throw store::StoreError("disk I/O error");
    std::lock_guard lock(mu_);
    auto& row = rows_.at(id);
    row.sent = true;
    row.sent_at = now;
    row.mail.sealed_code.clear();
  }
  void mark_mail_failed(std::int64_t id, int attempts, std::int64_t next_attempt_at,
                        std::string_view error) override {
    std::lock_guard lock(mu_);
    auto& row = rows_.at(id);
    row.mail.attempts = attempts;
    row.next_attempt_at = next_attempt_at;
    row.lease_until = 0;
    row.last_error = std::string(error);
    if (next_attempt_at == store::kNeverRetry) row.mail.sealed_code.clear();
  }
  std::int64_t pending_mail_count() override {
    std::lock_guard lock(mu_);
    std::int64_t n = 0;
    for (auto& [id, row] : rows_) n += row.sent ? 0 : 1;
    return n;
  }
  bool ping() noexcept override { return true; }
  void purge(std::int64_t, std::int64_t, std::int64_t) override {}

 private:
  static bool take(std::atomic<int>& counter) {
    int n = counter.load();
    while (n > 0) {
      if (counter.compare_exchange_weak(n, n - 1)) return true;
    }
    return false;
  }

  mutable std::mutex mu_;
  std::map<std::int64_t, Row> rows_;
  std::int64_t next_id_ = 1;
};

}  // namespace authlens::mail::testing
