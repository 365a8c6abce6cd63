// A right password whose acting unit of work fails (the store went away: the flow throws
// ports::Unavailable, which HTTP answers 503) is not counted
// against the client or the address: the try reserved for it is given back.
#include <atomic>

#include "service_fixture.hpp"

namespace authlens::account::testing {
namespace {

constexpr const char* kPassword = "amber tiger sails north";

// The real store, but the Nth next unit of work it opens fails as an outage would.
class InterruptingStore final : public ports::AccountStore {
 public:
  explicit InterruptingStore(ports::AccountStore& inner) : inner_(inner) {}
  // After `skip` more units of work succeed, the next one fails.
  void fail_after(int skip) { countdown_ = skip + 1; }

  std::unique_ptr<ports::UnitOfWork> begin() override {
    if (countdown_ > 0 && --countdown_ == 0) throw ports::Unavailable("connection lost");
    return inner_.begin();
  }
  std::optional<ports::SessionRecord> find_session(const ports::Digest& token_hash,
                                                   std::int64_t now) override {
    return inner_.find_session(token_hash, now);
  }
  void record_session_uses(const std::vector<ports::SessionUse>& uses) override {
    inner_.record_session_uses(uses);
  }
  ports::Digest server_key() override { return inner_.server_key(); }

 private:
  ports::AccountStore& inner_;
  std::atomic<int> countdown_{0};
};

class InterruptedAttemptTest : public AccountServiceTest {
 protected:
  void SetUp() override {
    AccountServiceTest::SetUp();
    interrupting_ = std::make_unique<InterruptingStore>(*store_);
    flaky_ = std::make_unique<AccountService>(
        AccountService::Dependencies{
            *interrupting_, hasher_, policy_, clock_, tracing_->tracer(), &observer_, {}},
        settings_);
  }
  std::unique_ptr<InterruptingStore> interrupting_;
  std::unique_ptr<AccountService> flaky_;
};

TEST_F(InterruptedAttemptTest, AnInterruptedRightLoginIsNotCountedAgainstTheAddress) {
  sign_up("a@example.com", kPassword);
  // Each interrupted login has reserved its try (the first unit of work) and then fails to act
  // (the second): as many as the address allows, and then some.
  for (int i = 0; i < settings_.max_login_failures_per_address + 2; ++i) {
    interrupting_->fail_after(1);
    ASSERT_THROW(flaky_->login("a@example.com", kPassword, "10.0.0.7"), ports::Unavailable);
  }
  EXPECT_TRUE(flaky_->login("a@example.com", kPassword, "10.0.0.7").ok())
      << "the outage was counted as failures";
}

TEST_F(InterruptedAttemptTest, AnInterruptedWrongLoginStillCounts) {
  sign_up("b@example.com", kPassword);
  for (int i = 0; i < settings_.max_login_failures_per_address; ++i) {
    interrupting_->fail_after(1);
    EXPECT_THROW(flaky_->login("b@example.com", "not the password at all", "10.0.0.7"),
                 ports::Unavailable);
  }
  const auto locked = flaky_->login("b@example.com", kPassword, "10.0.0.7");
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, ErrorCode::kTooManyAttempts);
}

TEST_F(InterruptedAttemptTest, AnInterruptedRightPasswordChangeIsNotCounted) {
  const auto token = sign_up("c@example.com", kPassword);
  for (int i = 0; i < settings_.max_login_failures_per_address + 2; ++i) {
    // Units of work: the cooldown read, the reservation, then the acting one fails.
    interrupting_->fail_after(2);
    ASSERT_THROW(
        flaky_->change_password(token, kPassword, "violet lantern drifts home", "10.0.0.7"),
        ports::Unavailable);
  }
  EXPECT_TRUE(flaky_->login("c@example.com", kPassword, "10.0.0.7").ok());
}

}  // namespace
}  // namespace authlens::account::testing
