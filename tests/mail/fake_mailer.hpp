#pragma once
// A Mailer that records what it was given and answers as told.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <vector>

#include "mail/mailer.hpp"

namespace authlens::mail::testing {

class FakeMailer final : public Mailer {
 public:
  // Decides each answer; default: accepted.
  std::function<DeliveryResult(const store::QueuedMail&)> answer = [](const store::QueuedMail&) {
    return DeliveryResult{DeliveryResult::Outcome::kSent, {}};
  };
  bool block_until_cancel = false;  // models a server that never answers

  DeliveryResult deliver(const store::QueuedMail& mail, const Message& message) override {
    {
      std::lock_guard lock(mu_);
      delivered_.push_back(mail.id);
      messages_.push_back(message);
    }
    cv_.notify_all();
    if (block_until_cancel) {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return cancelled_; });
      return {DeliveryResult::Outcome::kRetry, "cancelled"};
    }
    return answer(mail);
  }
  void cancel() noexcept override {
    {
      std::lock_guard lock(mu_);
      cancelled_ = true;
    }
    cv_.notify_all();
  }
  std::string server_address() const override { return "mail.test"; }
  int server_port() const override { return 2525; }

  std::vector<Message> messages() const {
    std::lock_guard lock(mu_);
    return messages_;
  }
  std::vector<std::int64_t> delivered() const {
    std::lock_guard lock(mu_);
    return delivered_;
  }
  bool cancelled() const {
    std::lock_guard lock(mu_);
    return cancelled_;
  }
  bool wait_for_deliveries(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return delivered_.size() >= n; });
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Message> messages_;
  std::vector<std::int64_t> delivered_;
  bool cancelled_ = false;
};

}  // namespace authlens::mail::testing
