#include "account/strategies/passkey/relying_party.hpp"

#include <cbor.h>
#include <sodium.h>

#include <array>
#include <memory>

#include "account/strategies/passkey/authenticator_data.hpp"
#include "account/strategies/passkey/client_data.hpp"

namespace authlens::account::passkey {
namespace {

struct CborFree {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using CborItem = std::unique_ptr<cbor_item_t, CborFree>;

bool is_text(cbor_item_t* item, std::string_view text) {
  return cbor_isa_string(item) && cbor_string_is_definite(item) &&
         cbor_string_length(item) == text.size() &&
         std::string_view(reinterpret_cast<const char*>(cbor_string_handle(item)), text.size()) ==
             text;
}

struct Attestation {
  std::string_view fmt;
  std::span<const std::uint8_t> auth_data;
  cbor_item_t* statement = nullptr;
};

// §6.5.4: {"fmt": text, "attStmt": map, "authData": bytes}; `root` keeps the items alive.
std::optional<Attestation> read_attestation(cbor_item_t* root) {
  if (!cbor_isa_map(root) || !cbor_map_is_definite(root)) return std::nullopt;
  Attestation out;
  const auto* pairs = cbor_map_handle(root);
  for (std::size_t i = 0; i < cbor_map_size(root); ++i) {
    cbor_item_t* value = pairs[i].value;
    if (is_text(pairs[i].key, "fmt") && cbor_isa_string(value) && cbor_string_is_definite(value)) {
      out.fmt = {reinterpret_cast<const char*>(cbor_string_handle(value)),
                 cbor_string_length(value)};
    } else if (is_text(pairs[i].key, "attStmt") && cbor_isa_map(value) &&
               cbor_map_is_definite(value)) {
      out.statement = value;
    } else if (is_text(pairs[i].key, "authData") && cbor_isa_bytestring(value) &&
               cbor_bytestring_is_definite(value)) {
      out.auth_data = {cbor_bytestring_handle(value), cbor_bytestring_length(value)};
    }
  }
  if (out.fmt.empty() || out.statement == nullptr || out.auth_data.empty()) return std::nullopt;
  return out;
}

// Packed self attestation (§8.2): {"alg": the credential's algorithm, "sig": over authData ||
// clientDataHash with the credential's own key}; with "x5c" it is full attestation, which we do
// not ask for (attestation "none" in our options) and do not take.
bool packed_self_holds(cbor_item_t* statement, const PublicKey& key,
                       std::span<const std::uint8_t> signed_bytes) {
  std::optional<std::int64_t> alg;
  std::span<const std::uint8_t> sig;
  const auto* pairs = cbor_map_handle(statement);
  for (std::size_t i = 0; i < cbor_map_size(statement); ++i) {
    cbor_item_t* value = pairs[i].value;
    if (is_text(pairs[i].key, "alg") && cbor_isa_negint(value)) {
      alg = -1 - static_cast<std::int64_t>(cbor_get_int(value));
    } else if (is_text(pairs[i].key, "sig") && cbor_isa_bytestring(value) &&
               cbor_bytestring_is_definite(value)) {
      sig = {cbor_bytestring_handle(value), cbor_bytestring_length(value)};
    } else if (is_text(pairs[i].key, "x5c")) {
      return false;
    }
  }
  return alg == static_cast<int>(key.algorithm()) && key.verify(signed_bytes, sig);
}

std::array<std::uint8_t, 32> rp_id_hash(const RelyingParty& rp) {
  std::array<std::uint8_t, 32> out{};
  crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(rp.id.data()),
                     rp.id.size());
  return out;
}

std::optional<CeremonyError> check_flags(const RelyingParty& rp, const AuthenticatorData& data) {
  if (sodium_memcmp(data.rp_id_hash.data(), rp_id_hash(rp).data(), 32) != 0)
    return CeremonyError::wrong_relying_party;
  if (!data.user_present()) return CeremonyError::user_not_present;
  if (rp.require_user_verification && !data.user_verified())
    return CeremonyError::user_not_verified;
  return std::nullopt;
}

std::vector<std::uint8_t> signed_bytes(std::span<const std::uint8_t> auth_data,
                                       const std::array<std::uint8_t, 32>& hash) {
  std::vector<std::uint8_t> out(auth_data.begin(), auth_data.end());
  out.insert(out.end(), hash.begin(), hash.end());
  return out;
}

}  // namespace

Registration verify_registration(const RelyingParty& rp, std::span<const std::uint8_t> challenge,
                                 std::string_view client_data_json,
                                 std::span<const std::uint8_t> attestation_object) {
  const auto client = check_client_data(client_data_json, Ceremony::create, challenge, rp.origins);
  if (!client.ok) return {std::nullopt, CeremonyError::client_data};
  if (attestation_object.empty()) return {};
  cbor_load_result loaded{};
  CborItem root{cbor_load(attestation_object.data(), attestation_object.size(), &loaded)};
  if (!root || loaded.error.code != CBOR_ERR_NONE || loaded.read != attestation_object.size())
    return {};
  const auto attestation = read_attestation(root.get());
  if (!attestation) return {};
  const auto data = parse_authenticator_data(attestation->auth_data);
  if (!data || !data->attested) return {};
  if (const auto error = check_flags(rp, *data)) return {std::nullopt, *error};
  const auto key = PublicKey::from_cose(data->attested->public_key_cose);
  if (!key) return {std::nullopt, CeremonyError::unsupported_key};
  if (attestation->fmt == "none") {
    if (cbor_map_size(attestation->statement) != 0)
      return {std::nullopt, CeremonyError::unsupported_attestation};
  } else if (attestation->fmt == "packed") {
    if (!packed_self_holds(attestation->statement, *key,
                           signed_bytes(attestation->auth_data, client.hash)))
      return {std::nullopt, CeremonyError::bad_signature};
  } else {
    return {std::nullopt, CeremonyError::unsupported_attestation};
  }
  NewCredential credential{data->attested->credential_id,
                           data->attested->public_key_cose,
                           key->algorithm(),
                           data->sign_count,
                           data->backup_eligible(),
                           data->backed_up()};
  return {std::move(credential), CeremonyError::malformed};
}

Assertion verify_assertion(const RelyingParty& rp, std::span<const std::uint8_t> challenge,
                           std::string_view client_data_json,
                           std::span<const std::uint8_t> authenticator_data,
                           std::span<const std::uint8_t> signature,
                           std::span<const std::uint8_t> public_key_cose,
                           std::uint32_t stored_sign_count) {
  Assertion out;
  const auto client = check_client_data(client_data_json, Ceremony::get, challenge, rp.origins);
  if (!client.ok) return out.error = CeremonyError::client_data, out;
  const auto data = parse_authenticator_data(authenticator_data);
  if (!data || data->attested) return out;  // an assertion carries no new credential
  if (const auto error = check_flags(rp, *data)) return out.error = *error, out;
  const auto key = PublicKey::from_cose(public_key_cose);
  if (!key) return out.error = CeremonyError::unsupported_key, out;
  if (!key->verify(signed_bytes(authenticator_data, client.hash), signature))
    return out.error = CeremonyError::bad_signature, out;
  // §6.1.1: counters of 0 on both sides mean "no counter" (synced passkeys); otherwise it must
  // grow.
  if ((data->sign_count != 0 || stored_sign_count != 0) && data->sign_count <= stored_sign_count)
    return out.error = CeremonyError::counter_went_back, out;
  out.ok = true;
  out.sign_count = data->sign_count;
  out.user_verified = data->user_verified();
  out.backed_up = data->backed_up();
  return out;
}

}  // namespace authlens::account::passkey
