#pragma once
// The account flows end to end against a real SQLite store, reading codes from the outbox the
// way the mail worker does (opening the seal), with a clock the tests move.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <regex>

#include "account/service.hpp"
#include "mail/code_seal.hpp"
#include "mail/templates.hpp"
#include "telemetry/trace/sdk/tracer_provider.hpp"

namespace authlens::account::testing {

class ManualClock final : public Clock {
 public:
  std::int64_t now() const override { return now_.load(); }
  void advance(std::int64_t seconds) { now_ += seconds; }

 private:
  std::atomic<std::int64_t> now_{1'800'000'000};
};

class RecordingObserver final : public AccountObserver {
 public:
  void on_event(std::string_view event, std::string_view result) override {
    std::lock_guard lock(mu_);
    events.push_back(std::string(event) + ":" + std::string(result));
  }
  void on_password_hash(std::string_view operation, double) override {
    std::function<void()> hook;
    {
      std::lock_guard lock(mu_);
      ++hashes;
      if (operation == hook_on) hook = std::exchange(after_hash, nullptr);
    }
    if (hook) hook();  // once: what another request does while this one hashes
  }
  void on_security_event(const SecurityEvent& e) override {
    std::lock_guard lock(mu_);
    security.push_back(std::string(info(e.kind).name) + ":" + std::string(e.result) + ":" +
                       (e.account_id ? std::to_string(*e.account_id) : "-") + ":" +
                       std::string(e.client_address));
    tags.emplace_back(e.address_tag);
  }
  // Runs once, on the thread of the flow, after its next hash or verify (`hook_on`): a request
  // that completes between a flow's check and the transaction that acts on it.
  std::function<void()> after_hash;
  std::string hook_on = "verify";
  std::vector<std::string> events;
  std::vector<std::string> security;
  std::vector<std::string> tags;
  int hashes = 0;

 private:
  std::mutex mu_;
};

// One mail as it would leave: its kind and, when it carries one, the code.
struct SentMail {
  std::string kind;
  std::optional<std::string> code;
};

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("authlens-service-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".db");
    std::filesystem::remove(path_);
    tracing_ = trace::TracerProvider::create_disabled();
    store_ = store::open_store("sqlite://" + path_.string(), tracing_->tracer());
    seal_ = std::make_unique<mail::CodeSeal>(store_->server_key());
    make_service();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove(path_);
    std::filesystem::remove(path_.string() + "-wal");
    std::filesystem::remove(path_.string() + "-shm");
  }
  void make_service() {
    service_ = std::make_unique<AccountService>(
        AccountService::Dependencies{*store_, hasher_, policy_, clock_, tracing_->tracer(),
                                     &observer_, [this] { ++wakeups_; }},
        settings_);
  }

  // Delivers every due message (marks it sent) into the inboxes.
  void deliver() {
    for (const auto& mail : store_->claim_due_mail(clock_.now(), clock_.now() + 60, 1000)) {
      SentMail sent{mail.kind, std::nullopt};
      if (mail::carries_code(mail.kind))
        sent.code = seal_->open(mail.sealed_code, mail.recipient, mail.kind);
      inbox_[mail.recipient].push_back(sent);
      store_->mark_mail_sent(mail.id, clock_.now());
    }
  }
  // The newest mail to `email` after delivering what is due.
  std::optional<SentMail> newest_mail(const std::string& email) {
    deliver();
    const auto& box = inbox_[email];
    if (box.empty()) return std::nullopt;
    return box.back();
  }
  std::optional<std::string> newest_code(const std::string& email) {
    const auto mail = newest_mail(email);
    return mail ? mail->code : std::nullopt;
  }
  std::size_t mails_to(const std::string& email) {
    deliver();
    return inbox_[email].size();
  }

  // Registers and confirms; returns the access token the confirmation gave.
  std::string sign_up(const std::string& email, const std::string& password,
                      const std::string& client = "10.0.0.1") {
    EXPECT_TRUE(service_->register_account(email, password, client).ok());
    const auto code = newest_code(email);
    EXPECT_TRUE(code.has_value());
    auto grant = service_->confirm(email, code.value_or(""), password, client);
    EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().detail);
    return grant.ok() ? token_of(grant.value()) : "";
  }

  std::string login(const std::string& email, const std::string& password,
                    const std::string& client = "10.0.0.1") {
    auto grant = service_->login(email, password, client);
    EXPECT_TRUE(grant.ok()) << (grant.ok() ? "" : grant.error().detail);
    return grant.ok() ? token_of(grant.value()) : "";
  }

  // The token of a sign-in that needed no second step ("" when it asked for one).
  static std::string token_of(const SignInOutcome& outcome) {
    const auto* grant = std::get_if<LoginGrant>(&outcome);
    EXPECT_NE(grant, nullptr) << "the sign-in asked for a second factor";
    return grant ? grant->access_token : "";
  }

  static std::string other_code(const std::optional<std::string>& code, int n = 1) {
    const int real = code ? std::stoi(*code) : 0;
    char out[8];
    std::snprintf(out, sizeof out, "%06d", (real + n * 7919) % 1000000);
    return out;
  }

  std::filesystem::path path_;
  std::shared_ptr<trace::TracerProvider> tracing_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<mail::CodeSeal> seal_;
  PasswordHasher hasher_{{1, 8192}};  // minimum cost: these tests check logic, not strength
  PasswordPolicy policy_{{8, 1024}};
  ManualClock clock_;
  RecordingObserver observer_;
  AccountSettings settings_;
  std::unique_ptr<AccountService> service_;
  std::atomic<int> wakeups_{0};
  std::map<std::string, std::vector<SentMail>> inbox_;
};

}  // namespace authlens::account::testing
