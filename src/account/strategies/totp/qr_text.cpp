#include "account/strategies/totp/qr_text.hpp"

namespace authlens::account::totp {

std::string text_drawing(const QrMatrix& matrix, Ink ink) {
  // Indexed by (top inked) * 2 + (bottom inked).
  static constexpr std::string_view kCells[] = {" ", "\u2584", "\u2580", "\u2588"};
  const int first = -kQuietZoneModules;
  const int end = matrix.width() + kQuietZoneModules;
  const auto inked = [&](int x, int y) {
    const bool light = !matrix.dark(x, y);  // so are the quiet zone and an odd padding row
    return ink == Ink::kLightModules ? light : !light;
  };
  std::string out;
  for (int y = first; y < end; y += 2) {
    for (int x = first; x < end; ++x) out += kCells[inked(x, y) * 2 + inked(x, y + 1)];
    out += '\n';
  }
  return out;
}

std::optional<std::string> qr_text(std::string_view text, Ink ink) {
  const auto matrix = encode_qr(text);
  if (!matrix) return std::nullopt;
  return text_drawing(*matrix, ink);
}

}  // namespace authlens::account::totp
