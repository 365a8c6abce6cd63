#pragma once
// A QR code's modules, as libqrencode lays them out, for the renderers (SVG, terminal text).
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace authlens::account::totp {

// ISO/IEC 18004 asks for a light border four modules wide; scanners find the symbol by it.
inline constexpr int kQuietZoneModules = 4;

class QrMatrix {
 public:
  // `dark` holds width * width modules, row by row.
  QrMatrix(int width, std::vector<bool> dark) : width_(width), dark_(std::move(dark)) {}

  // Modules per side, without the quiet zone.
  int width() const noexcept { return width_; }
  // Outside [0, width) is the quiet zone: light.
  bool dark(int x, int y) const noexcept {
    if (x < 0 || y < 0 || x >= width_ || y >= width_) return false;
    return dark_[static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) +
                 static_cast<std::size_t>(x)];
  }

 private:
  int width_;
  std::vector<bool> dark_;
};

// `text` as bytes in 8-bit mode (a URI is not all alphanumeric-mode characters), error correction
// level M (15% of the symbol may be unreadable: a phone camera's glare), the smallest version it
// fits. nullopt when it does not fit in any version (more than 2,331 bytes at level M).
// Throws std::bad_alloc when libqrencode runs out of memory.
std::optional<QrMatrix> encode_qr(std::string_view text);

}  // namespace authlens::account::totp
