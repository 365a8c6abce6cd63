#include "breach/range_query.hpp"

#include <gtest/gtest.h>

namespace authlens::breach {
namespace {

// Known SHA-1 values (FIPS 180 examples and the well-known hash of "password").
TEST(RangeQuery, SplitsTheUpperCaseSha1IntoFiveAndThirtyFive) {
  const RangeQuery password = range_query_for("password");
  EXPECT_EQ(password.prefix, "5BAA6");
  EXPECT_EQ(password.suffix, "1E4C9B93F3F0682250B6CF8331B7EE68FD8");
  const RangeQuery abc = range_query_for("abc");
  EXPECT_EQ(abc.prefix + abc.suffix, "A9993E364706816ABA3E25717850C26C9CD0D89D");
  const RangeQuery empty = range_query_for("");
  EXPECT_EQ(empty.prefix + empty.suffix, "DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
}

TEST(RangeQuery, HashesTheBytesGiven) {
  // "café" in NFC and NFD differ as bytes; normalising is the caller's job (PasswordPolicy).
  EXPECT_NE(range_query_for("caf\xC3\xA9").prefix + range_query_for("caf\xC3\xA9").suffix,
            range_query_for("cafe\xCC\x81").prefix + range_query_for("cafe\xCC\x81").suffix);
}

}  // namespace
}  // namespace authlens::breach
