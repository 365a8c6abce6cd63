// The QR code in half blocks: the same modules as the SVG, two rows to a line.
#include "account/strategies/totp/qr_text.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace authlens::account::totp {
namespace {

// Each line's characters, split into UTF-8 sequences.
std::vector<std::vector<std::string>> cells(const std::string& text) {
  std::vector<std::vector<std::string>> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    auto& row = lines.emplace_back();
    for (std::size_t i = 0; i < line.size();) {
      const std::size_t n = (static_cast<unsigned char>(line[i]) < 0x80) ? 1 : 3;  // " " or U+25xx
      row.push_back(line.substr(i, n));
      i += n;
    }
  }
  return lines;
}

// (top, bottom) inked, read back from a cell.
std::pair<bool, bool> halves(const std::string& cell) {
  if (cell == " ") return {false, false};
  if (cell == "\u2580") return {true, false};
  if (cell == "\u2584") return {false, true};
  if (cell == "\u2588") return {true, true};
  ADD_FAILURE() << "unexpected character '" << cell << "'";
  return {false, false};
}

void expect_drawing_of(const QrMatrix& matrix, const std::string& text, Ink ink) {
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  const int side = matrix.width() + 8;
  const auto lines = cells(text);
  ASSERT_EQ(static_cast<int>(lines.size()), (side + 1) / 2);
  for (int row = 0; row < static_cast<int>(lines.size()); ++row) {
    ASSERT_EQ(static_cast<int>(lines[row].size()), side) << "line " << row;
    for (int x = 0; x < side; ++x) {
      const auto [top, bottom] = halves(lines[row][x]);
      const auto inked = [&](int y) {
        const bool light = !matrix.dark(x - 4, y - 4);  // the quiet zone and the padding row too
        return ink == Ink::kLightModules ? light : !light;
      };
      ASSERT_EQ(top, inked(2 * row)) << x << "," << 2 * row;
      ASSERT_EQ(bottom, inked(2 * row + 1)) << x << "," << 2 * row + 1;
    }
  }
}

TEST(TotpQrText, DrawsEveryModuleAndTheQuietZoneInHalfBlocks) {
  const std::string uri = "otpauth://totp/authlens:erin%40example.com?secret=JBSWY3DPEHPK3PXP";
  const auto matrix = encode_qr(uri);
  ASSERT_TRUE(matrix);
  ASSERT_EQ(matrix->width() % 2, 1);  // so the last line pairs a row with the padding row
  const auto text = qr_text(uri);
  ASSERT_TRUE(text);
  EXPECT_EQ(*text, text_drawing(*matrix, Ink::kLightModules));
  expect_drawing_of(*matrix, *text, Ink::kLightModules);
  expect_drawing_of(*matrix, text_drawing(*matrix, Ink::kDarkModules), Ink::kDarkModules);
}

TEST(TotpQrText, TextThatFitsInNoQrCodeHasNone) {
  EXPECT_EQ(qr_text(std::string(3000, 'x')), std::nullopt);
}

}  // namespace
}  // namespace authlens::account::totp
