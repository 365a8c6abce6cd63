// Accounts and codes, on every backend.
#include "store_fixture.hpp"

namespace authlens::store::testing {
namespace {

using AccountStoreTest = StoreTest;

TEST_P(AccountStoreTest, InsertedAccountIsConfirmedAndFoundByEmail) {
  auto tx = store_->begin();
  const auto id = tx->accounts().insert_account("ada@example.com", "$argon2id$x", 1700000000);
  EXPECT_GT(id, 0);
  const auto by_email = tx->accounts().find_account_by_email("ada@example.com");
  ASSERT_TRUE(by_email.has_value());
  EXPECT_EQ(by_email->id, id);
  EXPECT_EQ(by_email->email, "ada@example.com");
  EXPECT_EQ(by_email->password_hash, "$argon2id$x");
  EXPECT_EQ(by_email->credential_version, 0);
  EXPECT_EQ(by_email->created_at, 1700000000);
  tx->commit();
}

TEST_P(AccountStoreTest, UnknownAccountIsNotFound) {
  auto tx = store_->begin();
  EXPECT_FALSE(tx->accounts().find_account_by_email("nobody@example.com").has_value());
}

TEST_P(AccountStoreTest, EmailIsUnique) {
  committed_account("ada@example.com");
  auto tx = store_->begin();
  EXPECT_THROW(tx->accounts().insert_account("ada@example.com", "other", 1), StoreError);
}

TEST_P(AccountStoreTest, EmailComparisonIsExact) {
  // Normalising is the domain's job; the store compares what it is given.
  committed_account("Ada@example.com");
  auto tx = store_->begin();
  EXPECT_FALSE(tx->accounts().find_account_by_email("ada@example.com").has_value());
}

TEST_P(AccountStoreTest, PasswordHashIsUpdated) {
  const auto id = committed_account("ada@example.com");
  {
    auto tx = store_->begin();
    tx->accounts().set_password_hash(id, "new-hash");
    tx->commit();
  }
  auto tx = store_->begin();
  const auto a = tx->accounts().find_account_by_email("ada@example.com");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->password_hash, "new-hash");
}

TEST_P(AccountStoreTest, ANewPasswordMovesTheCredentialVersionARehashDoesNot) {
  const auto id = committed_account("ada@example.com");
  auto tx = store_->begin();
  const auto before = tx->accounts().find_account_by_email("ada@example.com")->credential_version;
  EXPECT_TRUE(tx->accounts().find_account_by_email("ada@example.com")->password_nfkc);
  EXPECT_TRUE(tx->accounts().rehash_password(id, before, "same-password-new-parameters"));
  EXPECT_EQ(tx->accounts().find_account_by_email("ada@example.com")->credential_version, before);
  tx->accounts().set_password_hash(id, "another-password");
  const auto after = tx->accounts().find_account_by_email("ada@example.com");
  EXPECT_EQ(after->credential_version, before + 1);
  // A rehash computed before the change must not put the old password back.
  EXPECT_FALSE(tx->accounts().rehash_password(id, before, "the-old-password-again"));
  EXPECT_EQ(tx->accounts().find_account_by_email("ada@example.com")->password_hash,
            "another-password");
  tx->commit();
}

TEST_P(AccountStoreTest, CodeOfAnAddressIsStoredReplacedAndDeleted) {
  // Codes belong to addresses, with or without an account.
  const Digest address = digest_of(40);
  auto tx = store_->begin();
  EXPECT_FALSE(tx->codes().find_code(address, CodePurpose::kVerify).has_value());

  tx->codes().put_code(address, CodePurpose::kVerify, Code{digest_of(1), 1000, 2000});
  auto code = tx->codes().find_code(address, CodePurpose::kVerify);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->hash, digest_of(1));
  EXPECT_EQ(code->issued_at, 1000);
  EXPECT_EQ(code->expires_at, 2000);

  tx->codes().put_code(address, CodePurpose::kVerify, Code{digest_of(2), 1500, 3000});
  code = tx->codes().find_code(address, CodePurpose::kVerify);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(code->hash, digest_of(2));
  EXPECT_EQ(code->issued_at, 1500);
  EXPECT_EQ(code->expires_at, 3000);

  tx->codes().delete_code(address, CodePurpose::kVerify);
  EXPECT_FALSE(tx->codes().find_code(address, CodePurpose::kVerify).has_value());
  tx->commit();
}

TEST_P(AccountStoreTest, CodePurposesAndAddressesAreIndependent) {
  const Digest ada = digest_of(40);
  const Digest bob = digest_of(80);
  auto tx = store_->begin();
  tx->codes().put_code(ada, CodePurpose::kVerify, Code{digest_of(1), 1, 2000});
  tx->codes().put_code(ada, CodePurpose::kReset, Code{digest_of(9), 1, 2500});
  tx->codes().put_code(bob, CodePurpose::kReset, Code{digest_of(7), 1, 2500});
  tx->codes().delete_code(ada, CodePurpose::kVerify);
  const auto reset = tx->codes().find_code(ada, CodePurpose::kReset);
  ASSERT_TRUE(reset.has_value());
  EXPECT_EQ(reset->hash, digest_of(9));

  tx->codes().delete_codes(ada);  // every purpose of that address, nobody else's
  EXPECT_FALSE(tx->codes().find_code(ada, CodePurpose::kReset).has_value());
  ASSERT_TRUE(tx->codes().find_code(bob, CodePurpose::kReset).has_value());
}

AUTHLENS_STORE_BACKENDS(AccountStoreTest);

}  // namespace
}  // namespace authlens::store::testing
