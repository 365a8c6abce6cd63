#pragma once
// A QR code as a standalone SVG document, small enough for a JSON field and an <img> data: URI.
#include <optional>
#include <string>
#include <string_view>

#include "account/strategies/totp/qr_matrix.hpp"

namespace authlens::account::totp {

// Pixels per module in the document's width and height; the viewBox is in modules, so the image
// scales sharply to any size the page gives it.
inline constexpr int kSvgPixelsPerModule = 6;

// The symbol with its quiet zone on a white square, the dark modules as one black <path>, in
// crispEdges so no renderer blurs module edges into grey. Black on white whatever the page's
// colours: some scanners do not read an inverted code.
std::string svg_document(const QrMatrix& matrix);

// encode_qr then svg_document; nullopt when `text` does not fit in a QR code.
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace authlens::account::totp
