// The GET /me body is byte for byte what nlohmann::json wrote for the same profile.
#include "app/profile_json.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

namespace authlens::app {
namespace {

std::string with_nlohmann(const std::string& email, std::int64_t created_at, bool totp, int codes) {
  const std::time_t t = created_at;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return nlohmann::json{{"email", email},
                        {"verified", true},
                        {"created_at", stamp},
                        {"totp_enabled", totp},
                        {"recovery_codes_left", codes}}
      .dump();
}

TEST(ProfileJson, SameBytesAsTheJsonLibrary) {
  const std::string emails[] = {"ada@example.com", "o'brien+tag@example.co.uk",
                                "quote\"back\\slash@example.com", "caf\xC3\xA9@example.com"};
  const std::int64_t times[] = {0,          951782400 /* 2000-02-29 */,           1700000000,
                                4102444799, 1709251199 /* 2024-02-29T23:59:59 */, 253402300799};
  for (const auto& email : emails)
    for (const auto created_at : times)
      for (const bool totp : {true, false})
        for (const int codes : {0, 7, 10})
          EXPECT_EQ(profile_json(email, created_at, totp, codes),
                    with_nlohmann(email, created_at, totp, codes))
              << email << " " << created_at;
}

TEST(ProfileJson, Rfc3339) {
  EXPECT_EQ(rfc3339_utc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(rfc3339_utc(1700000000), "2023-11-14T22:13:20Z");
  EXPECT_EQ(rfc3339_utc(-1), "1969-12-31T23:59:59Z");
}

}  // namespace
}  // namespace authlens::app
