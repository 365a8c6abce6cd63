#include "account/strategies/totp/qr_matrix.hpp"

#include <qrencode.h>

#include <cerrno>
#include <climits>
#include <memory>
#include <new>

namespace authlens::account::totp {
namespace {

struct QrcodeFree {
  void operator()(QRcode* code) const noexcept { QRcode_free(code); }
};

}  // namespace

std::optional<QrMatrix> encode_qr(std::string_view text) {
  if (text.size() > static_cast<std::size_t>(INT_MAX)) return std::nullopt;
  // Debian's libqrencode is built with pthreads, which makes encoding thread-safe (qrencode.h's
  // warnings concern builds without them).
  errno = 0;
  const std::unique_ptr<QRcode, QrcodeFree> code(QRcode_encodeData(
      static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()),
      /*version=*/0, QR_ECLEVEL_M));
  if (!code) {
    if (errno == ENOMEM) throw std::bad_alloc();
    return std::nullopt;  // ERANGE: too long; EINVAL: empty
  }
  const int width = code->width;
  std::vector<bool> dark(static_cast<std::size_t>(width) * static_cast<std::size_t>(width));
  // Bit 0 of each byte is the module's colour; the other bits say which pattern it belongs to.
  for (std::size_t i = 0; i < dark.size(); ++i) dark[i] = (code->data[i] & 1) != 0;
  return QrMatrix(width, std::move(dark));
}

}  // namespace authlens::account::totp
