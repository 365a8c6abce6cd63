// Accounts and codes, on every backend.
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using AccountStoreTest = StoreTest;

TEST_P(AccountStoreTest, InsertedAccountIsFoundByEmailAndById) {
  auto tx = store_->begin();
  const auto id = tx->insert_account("ada@example.com", "$argon2id$x", 1700000000);
  EXPECT_GT(id, 0);
  const auto by_email = tx->find_account_by_email("ada@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, id);
  EXPECT_EQ(by_email->email, "ada@example.com");
  EXPECT_EQ(by_email->password_hash, "$argon2id$x");
  EXPECT_FALSE(by_email->verified);
  EXPECT_EQ(by_email->created_at, 1700000000);
  const auto by_id = tx->find_account_by_id(id);
  ASSERT_TRUE(by_id.has_value());
  EXPECT_EQ(by_id->email, "ada@example.com");
  tx->commit();
}

TEST_P(AccountStoreTest, UnknownAccountIsNotFound) {
  auto tx = store_->begin();
  EXPECT_FALSE(tx->find_account_by_email("nobody@example.com").has_value());
  EXPECT_FALSE(tx->find_account_by_id(424242).has_value());
}

TEST_P(AccountStoreTest, EmailIsUnique) {
  committed_account("ada@example.com");
  auto tx = store_->begin();
  EXPECT_THROW(tx->insert_account("ada@example.com", "other", 1), StoreError);
}

TEST_P(AccountStoreTest, EmailComparisonIsExact) {
  // Normalising is the domain's job; the store must not merge distinct local parts.
  committed_account("Ada@example.com");
  auto tx = store_->begin();
  EXPECT_NO_THROW(tx->insert_account("ada@example.com", "h", 1));
  tx->commit();
}

TEST_P(AccountStoreTest, PasswordHashAndVerificationAreUpdated) {
  const auto id = committed_account("ada@example.com");
  {
    auto tx = store_->begin();
    tx->set_password_hash(id, "new-hash");
    tx->mark_verified(id);
    tx->commit();
  }
  auto tx = store_->begin();
  const auto a = tx->find_account_by_id(id);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->password_hash, "new-hash");
  EXPECT_TRUE(a->verified);
}

TEST_P(AccountStoreTest, CodeIsStoredReplacedAndDeleted) {
  const auto id = committed_account("ada@example.com");
  auto tx = store_->begin();
  EXPECT_FALSE(tx->find_code(id, CodePurpose::kVerify).has_value());

  tx->put_code(Code{id, CodePurpose::kVerify, digest_of(1), 2000, 0});
  auto code = tx->find_code(id, CodePurpose::kVerify);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->account_id, id);
  EXPECT_EQ(code->purpose, CodePurpose::kVerify);
  EXPECT_EQ(code->hash, digest_of(1));
  EXPECT_EQ(code->expires_at, 2000);
  EXPECT_EQ(code->attempts, 0);

  tx->set_code_attempts(id, CodePurpose::kVerify, 3);
  EXPECT_EQ(tx->find_code(id, CodePurpose::kVerify)->attempts, 3);

  // A new code replaces the old one, attempts included.
  tx->put_code(Code{id, CodePurpose::kVerify, digest_of(2), 3000, 0});
  code = tx->find_code(id, CodePurpose::kVerify);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->hash, digest_of(2));
  EXPECT_EQ(code->expires_at, 3000);
  EXPECT_EQ(code->attempts, 0);

  tx->delete_code(id, CodePurpose::kVerify);
  EXPECT_FALSE(tx->find_code(id, CodePurpose::kVerify).has_value());
  tx->commit();
}

TEST_P(AccountStoreTest, CodePurposesAreIndependent) {
  const auto id = committed_account("ada@example.com");
  auto tx = store_->begin();
  tx->put_code(Code{id, CodePurpose::kVerify, digest_of(1), 2000, 0});
  tx->put_code(Code{id, CodePurpose::kReset, digest_of(9), 2500, 1});
  tx->delete_code(id, CodePurpose::kVerify);
  const auto reset = tx->find_code(id, CodePurpose::kReset);
  ASSERT_TRUE(reset.has_value());
  EXPECT_EQ(reset->hash, digest_of(9));
  EXPECT_EQ(reset->attempts, 1);
}

TEST_P(AccountStoreTest, CodeNeedsAnExistingAccount) {
  auto tx = store_->begin();
  EXPECT_THROW(tx->put_code(Code{999, CodePurpose::kVerify, digest_of(1), 1, 0}), StoreError);
}

AUTHLENS_STORE_BACKENDS(AccountStoreTest);

}  // namespace
}  // namespace authlens::store::testing
