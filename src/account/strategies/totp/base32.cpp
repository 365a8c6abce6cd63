#include "account/strategies/totp/base32.hpp"

#include <oath.h>
#include <sodium.h>

#include <cstdlib>
#include <new>
#include <stdexcept>

#include "account/strategies/totp/liboath.hpp"

namespace authlens::account::totp {

std::string base32_unpadded(std::span<const std::uint8_t> bytes) {
  ensure_liboath();
  char* encoded = nullptr;
  std::size_t length = 0;
  const int result = oath_base32_encode(reinterpret_cast<const char*>(bytes.data()), bytes.size(),
                                        &encoded, &length);
  if (result == OATH_MALLOC_ERROR) throw std::bad_alloc();
  if (result != OATH_OK) throw std::length_error("base32: input too large");
  std::string text(encoded, length);
  // The text is a secret's whole value: leave no copy of it in freed heap memory.
  sodium_memzero(encoded, length);
  std::free(encoded);
  if (const auto pad = text.find('='); pad != std::string::npos) text.resize(pad);
  return text;
}

}  // namespace authlens::account::totp
