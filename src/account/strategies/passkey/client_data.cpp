#include "account/strategies/passkey/client_data.hpp"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

namespace authlens::account::passkey {
namespace {

// Challenges are at most 64 bytes here (we issue 32); anything longer is not ours.
constexpr std::size_t kMaxChallengeSize = 64;

ClientDataCheck failed(ClientDataError error) { return ClientDataCheck{false, error, {}}; }

bool same_challenge(const std::string& sent, std::span<const std::uint8_t> expected) {
  std::array<std::uint8_t, kMaxChallengeSize> decoded{};
  std::size_t size = 0;
  const char* end = nullptr;
  if (sodium_base642bin(decoded.data(), decoded.size(), sent.data(), sent.size(), nullptr, &size,
                        &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != sent.data() + sent.size())
    return false;
  return size == expected.size() && sodium_memcmp(decoded.data(), expected.data(), size) == 0;
}

}  // namespace

ClientDataCheck check_client_data(std::string_view client_data_json, Ceremony ceremony,
                                  std::span<const std::uint8_t> expected_challenge,
                                  std::span<const std::string> allowed_origins) {
  const auto json = nlohmann::json::parse(client_data_json, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return failed(ClientDataError::malformed);
  const auto type = json.find("type");
  const auto challenge = json.find("challenge");
  const auto origin = json.find("origin");
  if (type == json.end() || !type->is_string() || challenge == json.end() ||
      !challenge->is_string() || origin == json.end() || !origin->is_string())
    return failed(ClientDataError::malformed);
  if (type->get_ref<const std::string&>() !=
      (ceremony == Ceremony::create ? "webauthn.create" : "webauthn.get"))
    return failed(ClientDataError::wrong_type);
  if (!same_challenge(challenge->get_ref<const std::string&>(), expected_challenge))
    return failed(ClientDataError::wrong_challenge);
  const auto& sent_origin = origin->get_ref<const std::string&>();
  if (std::find(allowed_origins.begin(), allowed_origins.end(), sent_origin) ==
      allowed_origins.end())
    return failed(ClientDataError::wrong_origin);
  // We are never embedded in another site's frame: crossOrigin true or a topOrigin is refused.
  const auto cross = json.find("crossOrigin");
  if (cross != json.end() && !(cross->is_boolean() && !cross->get<bool>()))
    return failed(ClientDataError::cross_origin);
  if (json.contains("topOrigin")) return failed(ClientDataError::cross_origin);

  ClientDataCheck ok{true, ClientDataError::malformed, {}};
  crypto_hash_sha256(ok.hash.data(),
                     reinterpret_cast<const unsigned char*>(client_data_json.data()),
                     client_data_json.size());
  return ok;
}

}  // namespace authlens::account::passkey
