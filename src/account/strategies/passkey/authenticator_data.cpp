#include "account/strategies/passkey/authenticator_data.hpp"

#include <cbor.h>

#include <algorithm>

namespace authlens::account::passkey {
namespace {

// The size of the one CBOR item at the front of `bytes`, or 0 when it is not well formed.
std::size_t cbor_item_size(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return 0;
  cbor_load_result result{};
  cbor_item_t* item = cbor_load(bytes.data(), bytes.size(), &result);
  if (item == nullptr || result.error.code != CBOR_ERR_NONE) {
    if (item != nullptr) cbor_decref(&item);
    return 0;
  }
  cbor_decref(&item);
  return result.read;
}

std::uint32_t big_endian_u32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

}  // namespace

std::optional<AuthenticatorData> parse_authenticator_data(std::span<const std::uint8_t> bytes) {
  constexpr std::size_t kFixed = 32 + 1 + 4;
  if (bytes.size() < kFixed) return std::nullopt;
  AuthenticatorData data;
  std::copy_n(bytes.begin(), 32, data.rp_id_hash.begin());
  data.flags = bytes[32];
  data.sign_count = big_endian_u32(bytes.data() + 33);
  if (data.backed_up() && !data.backup_eligible()) return std::nullopt;
  auto rest = bytes.subspan(kFixed);

  if ((data.flags & AuthenticatorData::kAttestedCredential) != 0) {
    if (rest.size() < 16 + 2) return std::nullopt;
    AttestedCredential credential;
    std::copy_n(rest.begin(), 16, credential.aaguid.begin());
    const std::size_t id_size = (std::size_t{rest[16]} << 8) | rest[17];
    rest = rest.subspan(18);
    if (id_size == 0 || id_size > kMaxCredentialIdSize || rest.size() < id_size)
      return std::nullopt;
    credential.credential_id.assign(rest.begin(),
                                    rest.begin() + static_cast<std::ptrdiff_t>(id_size));
    rest = rest.subspan(id_size);
    const std::size_t key_size = cbor_item_size(rest);
    if (key_size == 0) return std::nullopt;
    credential.public_key_cose.assign(rest.begin(),
                                      rest.begin() + static_cast<std::ptrdiff_t>(key_size));
    rest = rest.subspan(key_size);
    data.attested = std::move(credential);
  }
  if ((data.flags & AuthenticatorData::kExtensions) != 0) {
    const std::size_t extensions_size = cbor_item_size(rest);
    if (extensions_size == 0) return std::nullopt;
    rest = rest.subspan(extensions_size);
  }
  if (!rest.empty()) return std::nullopt;
  return data;
}

}  // namespace authlens::account::passkey
