#include "account/strategies/totp/qr_svg.hpp"

namespace authlens::account::totp {

std::string svg_document(const QrMatrix& matrix) {
  const int side = matrix.width() + 2 * kQuietZoneModules;
  const std::string modules = std::to_string(side);
  const std::string pixels = std::to_string(side * kSvgPixelsPerModule);
  std::string svg;
  svg.reserve(64 + static_cast<std::size_t>(matrix.width() * matrix.width()) * 4);
  svg += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + pixels +
         "\" height=\"" + pixels + "\" viewBox=\"0 0 " + modules + " " + modules +
         "\" shape-rendering=\"crispEdges\">";
  svg += "<rect width=\"" + modules + "\" height=\"" + modules + "\" fill=\"#fff\"/>";
  svg += "<path fill=\"#000\" d=\"";
  // One rectangle per horizontal run of dark modules: a third of the size of a square per module.
  for (int y = 0; y < matrix.width(); ++y) {
    for (int x = 0; x < matrix.width();) {
      if (!matrix.dark(x, y)) {
        ++x;
        continue;
      }
      const int start = x;
      while (x < matrix.width() && matrix.dark(x, y)) ++x;
      const std::string run = std::to_string(x - start);
      svg += 'M' + std::to_string(start + kQuietZoneModules) + ' ' +
             std::to_string(y + kQuietZoneModules) + 'h' + run + "v1h-" + run + 'z';
    }
  }
  svg += "\"/></svg>\n";
  return svg;
}

std::optional<std::string> qr_svg(std::string_view text) {
  const auto matrix = encode_qr(text);
  if (!matrix) return std::nullopt;
  return svg_document(*matrix);
}

}  // namespace authlens::account::totp
