#pragma once
// A TOTP shared secret: the key both the server and the user's authenticator app hold.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace authlens::account::totp {

class Secret {
 public:
  // 160 bits: RFC 4226 §4 requires at least 128 and recommends 160 (SHA-1's output size).
  static constexpr std::size_t kSize = 20;

  // Fresh from libsodium's CSPRNG.
  static Secret generate();
  // A secret kept earlier (e.g. unsealed from the store); nullopt unless exactly kSize bytes.
  static std::optional<Secret> from_bytes(std::span<const std::uint8_t> bytes);

  // Move-only, so a secret exists in as few places as the code that needs it; a moved-from secret
  // is zeroes, and every secret is zeroed when it dies.
  Secret(Secret&& other) noexcept;
  Secret& operator=(Secret&& other) noexcept;
  Secret(const Secret&) = delete;
  Secret& operator=(const Secret&) = delete;
  ~Secret();

  std::span<const std::uint8_t, kSize> bytes() const noexcept { return bytes_; }
  // RFC 4648 base32 without padding: what an authenticator app takes when typed in.
  std::string base32() const;

 private:
  Secret() = default;
  std::array<std::uint8_t, kSize> bytes_{};
};

}  // namespace authlens::account::totp
