#include "breach/range_response.hpp"

#include <gtest/gtest.h>

#include <string>

namespace authlens::breach {
namespace {

constexpr std::string_view kSuffix = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

TEST(RangeResponse, FindsASuffixWithAPositiveCount) {
  const std::string body =
      "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n"
      "1E4C9B93F3F0682250B6CF8331B7EE68FD8:10434004\r\n"
      "FFFFF1E4C9B93F3F0682250B6CF8331B7EE:2";
  EXPECT_EQ(find_suffix(body, kSuffix), RangeVerdict::kFound);
}

TEST(RangeResponse, AnAbsentSuffixIsNotFound) {
  EXPECT_EQ(find_suffix("0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n", kSuffix),
            RangeVerdict::kNotFound);
}

TEST(RangeResponse, PaddingLinesWithCountZeroAreNotMatches) {
  const std::string body =
      "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n"
      "1E4C9B93F3F0682250B6CF8331B7EE68FD8:0\r\n"
      "2E4C9B93F3F0682250B6CF8331B7EE68FD8:000\r\n";
  EXPECT_EQ(find_suffix(body, kSuffix), RangeVerdict::kNotFound);
}

TEST(RangeResponse, AcceptsLowerCaseHashesAndBareLineFeeds) {
  EXPECT_EQ(find_suffix("0018a45c4d1def81644b54ab7f969b88d65:1\n"
                        "1e4c9b93f3f0682250b6cf8331b7ee68fd8:3\n",
                        kSuffix),
            RangeVerdict::kFound);
}

TEST(RangeResponse, AnythingElseIsMalformed) {
  for (std::string_view body : {
           "",
           "\r\n",
           "<html>Service Unavailable</html>",
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8\r\n",             // no count
           "1E4C9B93F3F0682250B6CF8331B7EE68FD:3\r\n",            // 34 digits
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8Z:3\r\n",          // 36
           "1E4C9B93F3F0682250B6CF8331B7EE68FDX:3\r\n",           // not hex
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8:\r\n",            // empty count
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8:-1\r\n",          // not a count
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8:12345678901234",  // absurd count
           "1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\n\r\n0018A45C4D1DEF81644B54AB7F969B88D65:1",
       }) {
    EXPECT_EQ(find_suffix(body, kSuffix), RangeVerdict::kMalformed) << body;
  }
  // One bad line spoils a body even when the suffix is present: it is not a range answer.
  EXPECT_EQ(find_suffix("1E4C9B93F3F0682250B6CF8331B7EE68FD8:3\r\nnot a line\r\n", kSuffix),
            RangeVerdict::kMalformed);
}

}  // namespace
}  // namespace authlens::breach
