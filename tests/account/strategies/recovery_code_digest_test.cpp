// Recovery codes at rest: a keyed digest bound to one account, compared in constant time.
#include "account/strategies/recovery_code/digest.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

namespace authlens::account::recovery_code {
namespace {

ServerKey key_of(std::uint8_t first) {
  ServerKey key{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<std::uint8_t>(first + i);
  return key;
}

RecoveryCode code_of(std::string_view typed) { return *parse_recovery_code(typed); }

std::string hex(const CodeDigest& digest) {
  char out[2 * sizeof digest + 1];
  sodium_bin2hex(out, sizeof out, digest.data(), digest.size());
  return out;
}

// Computed apart from this code, with Python's hashlib:
//   blake2b(b"recovery-code/v1" + struct.pack(">q", id) + code, key=bytes(range(32)),
//           digest_size=32)
// so the layout of the hashed bytes is pinned: a change to it would void every stored code.
TEST(RecoveryCodeDigest, IsKeyedBlake2bOverTagAccountAndCanonicalCode) {
  EXPECT_EQ(hex(digest_code(key_of(0), 42, code_of("01234-56789"))),
            "460009ab6ae758325bc01d7a5d2bb56be7720c28ab4daaa7a94a1fd81f19117f");
  EXPECT_EQ(hex(digest_code(key_of(0), -1, code_of("zyxwv-tsrqp"))),
            "164245cdae502dbd4b5eccedd80940c03edbb082ccf52cffba2487eb6f15d42d");
}

TEST(RecoveryCodeDigest, DependsOnAccountKeyAndCodeButNotOnHowItWasTyped) {
  const auto base = digest_code(key_of(0), 7, code_of("abcde-fghjk"));
  EXPECT_TRUE(digests_equal(base, digest_code(key_of(0), 7, code_of(" ABCDEFGHJK "))));
  EXPECT_FALSE(digests_equal(base, digest_code(key_of(0), 8, code_of("abcde-fghjk"))));
  EXPECT_FALSE(digests_equal(base, digest_code(key_of(1), 7, code_of("abcde-fghjk"))));
  EXPECT_FALSE(digests_equal(base, digest_code(key_of(0), 7, code_of("abcde-fghjm"))));
  // The id is 8 bytes of its own: account 256 with a code is not account 1 with another.
  EXPECT_FALSE(digests_equal(digest_code(key_of(0), 256, code_of("00000-00000")),
                             digest_code(key_of(0), 1, code_of("00000-00000"))));
}

TEST(RecoveryCodeDigest, EqualityLooksAtEveryByte) {
  const auto digest = digest_code(key_of(0), 7, code_of("abcde-fghjk"));
  EXPECT_TRUE(digests_equal(digest, digest));
  for (const std::size_t at : {std::size_t{0}, std::size_t{15}, std::size_t{31}}) {
    auto other = digest;
    other[at] ^= 0x01;
    EXPECT_FALSE(digests_equal(digest, other)) << "byte " << at;
  }
}

}  // namespace
}  // namespace authlens::account::recovery_code
