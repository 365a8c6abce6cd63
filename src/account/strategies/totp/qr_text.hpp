#pragma once
// A QR code drawn with Unicode half blocks, two module rows per line, for a terminal or a README.
#include <optional>
#include <string>
#include <string_view>

#include "account/strategies/totp/qr_matrix.hpp"

namespace authlens::account::totp {

// Which modules the block characters draw. A terminal draws its text colour on its background:
// light text on a dark terminal must draw the light modules (and the quiet zone) for the code to
// be dark on light; dark text on a light page draws the dark ones.
enum class Ink { kLightModules, kDarkModules };

// Lines of (width + 8) characters from " ▀▄█", each ending in '\n', quiet zone included; an odd
// last row is paired with a light one.
std::string text_drawing(const QrMatrix& matrix, Ink ink = Ink::kLightModules);

// encode_qr then text_drawing; nullopt when `text` does not fit in a QR code.
std::optional<std::string> qr_text(std::string_view text, Ink ink = Ink::kLightModules);

}  // namespace authlens::account::totp
