#include "account/strategies/passkey/public_key.hpp"

#include <cbor.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <map>
#include <memory>
#include <utility>
#include <variant>
#include <vector>

namespace authlens::account::passkey {
namespace {

// COSE labels and values (RFC 9052 §7.1, RFC 9053 §7, RFC 8230 §4).
constexpr std::int64_t kLabelKty = 1, kLabelAlg = 3;
constexpr std::int64_t kLabelCurveOrN = -1, kLabelXOrE = -2, kLabelY = -3;
constexpr std::int64_t kKtyOkp = 1, kKtyEc2 = 2, kKtyRsa = 3;
constexpr std::int64_t kCurveP256 = 1, kCurveEd25519 = 6;
constexpr int kMinRsaBits = 2048;

using Value = std::variant<std::int64_t, std::vector<std::uint8_t>>;

struct CborFree {
  void operator()(cbor_item_t* item) const { cbor_decref(&item); }
};
using CborItem = std::unique_ptr<cbor_item_t, CborFree>;
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::optional<std::int64_t> integer_of(cbor_item_t* item) {
  if (cbor_isa_uint(item)) {
    const auto value = cbor_get_int(item);
    if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return static_cast<std::int64_t>(value);
  }
  if (cbor_isa_negint(item)) {
    const auto value = cbor_get_int(item);
    if (value > static_cast<std::uint64_t>(INT64_MAX)) return std::nullopt;
    return -1 - static_cast<std::int64_t>(value);
  }
  return std::nullopt;
}

// The COSE_Key as label → integer or byte string; nullopt for anything else, a repeated label,
// or bytes after the map.
std::optional<std::map<std::int64_t, Value>> read_map(std::span<const std::uint8_t> cose) {
  if (cose.empty()) return std::nullopt;
  cbor_load_result result{};
  CborItem root{cbor_load(cose.data(), cose.size(), &result)};
  if (!root || result.error.code != CBOR_ERR_NONE || result.read != cose.size())
    return std::nullopt;
  if (!cbor_isa_map(root.get()) || !cbor_map_is_definite(root.get())) return std::nullopt;
  std::map<std::int64_t, Value> out;
  const auto* pairs = cbor_map_handle(root.get());
  for (std::size_t i = 0; i < cbor_map_size(root.get()); ++i) {
    const auto label = integer_of(pairs[i].key);
    if (!label) return std::nullopt;
    Value value;
    if (const auto number = integer_of(pairs[i].value)) {
      value = *number;
    } else if (cbor_isa_bytestring(pairs[i].value) && cbor_bytestring_is_definite(pairs[i].value)) {
      const auto* data = cbor_bytestring_handle(pairs[i].value);
      value = std::vector<std::uint8_t>(data, data + cbor_bytestring_length(pairs[i].value));
    } else {
      continue;  // labels we do not use (e.g. kid, key_ops) may carry other types
    }
    if (!out.emplace(*label, std::move(value)).second) return std::nullopt;
  }
  return out;
}

std::optional<std::int64_t> integer_at(const std::map<std::int64_t, Value>& map,
                                       std::int64_t label) {
  const auto found = map.find(label);
  if (found == map.end() || !std::holds_alternative<std::int64_t>(found->second))
    return std::nullopt;
  return std::get<std::int64_t>(found->second);
}

const std::vector<std::uint8_t>* bytes_at(const std::map<std::int64_t, Value>& map,
                                          std::int64_t label) {
  const auto found = map.find(label);
  if (found == map.end()) return nullptr;
  return std::get_if<std::vector<std::uint8_t>>(&found->second);
}

Pkey from_params(const char* type, OSSL_PARAM_BLD* builder) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* key = nullptr;
  if (params != nullptr && context != nullptr && EVP_PKEY_fromdata_init(context) == 1) {
    if (EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) != 1) key = nullptr;
  }
  EVP_PKEY_CTX_free(context);
  OSSL_PARAM_free(params);
  return Pkey{key};
}

// OpenSSL's fromdata does not check that the point lies on the curve; the public check does.
bool passes_public_check(EVP_PKEY* key) {
  EVP_PKEY_CTX* context = EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr);
  const bool ok = context != nullptr && EVP_PKEY_public_check(context) == 1;
  EVP_PKEY_CTX_free(context);
  return ok;
}

Pkey ec2_key(const std::map<std::int64_t, Value>& map) {
  const auto* x = bytes_at(map, kLabelXOrE);
  const auto* y = bytes_at(map, kLabelY);
  if (integer_at(map, kLabelCurveOrN) != kCurveP256 || x == nullptr || y == nullptr ||
      x->size() != 32 || y->size() != 32)
    return nullptr;
  std::vector<std::uint8_t> point{0x04};  // SEC 1 uncompressed
  point.insert(point.end(), x->begin(), x->end());
  point.insert(point.end(), y->begin(), y->end());
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  Pkey key;
  if (builder != nullptr &&
      OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
      OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) == 1)
    key = from_params("EC", builder);
  OSSL_PARAM_BLD_free(builder);
  if (key && !passes_public_check(key.get())) return nullptr;
  return key;
}

Pkey okp_key(const std::map<std::int64_t, Value>& map) {
  const auto* x = bytes_at(map, kLabelXOrE);
  if (integer_at(map, kLabelCurveOrN) != kCurveEd25519 || x == nullptr || x->size() != 32)
    return nullptr;
  return Pkey{EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x->data(), x->size())};
}

Pkey rsa_key(const std::map<std::int64_t, Value>& map) {
  const auto* n = bytes_at(map, kLabelCurveOrN);
  const auto* e = bytes_at(map, kLabelXOrE);
  if (n == nullptr || e == nullptr || n->empty() || e->empty() || e->size() > 8) return nullptr;
  BIGNUM* modulus = BN_bin2bn(n->data(), static_cast<int>(n->size()), nullptr);
  BIGNUM* exponent = BN_bin2bn(e->data(), static_cast<int>(e->size()), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  Pkey key;
  if (modulus != nullptr && exponent != nullptr && builder != nullptr &&
      BN_num_bits(modulus) >= kMinRsaBits && BN_is_odd(exponent) && !BN_is_one(exponent) &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, modulus) == 1 &&
      OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, exponent) == 1)
    key = from_params("RSA", builder);
  OSSL_PARAM_BLD_free(builder);
  BN_free(modulus);
  BN_free(exponent);
  return key;
}

}  // namespace

std::optional<PublicKey> PublicKey::from_cose(std::span<const std::uint8_t> cose) {
  const auto map = read_map(cose);
  if (!map) return std::nullopt;
  const auto kty = integer_at(*map, kLabelKty);
  const auto alg = integer_at(*map, kLabelAlg);
  if (!kty || !alg) return std::nullopt;
  Pkey key;
  CoseAlgorithm algorithm{};
  if (*kty == kKtyEc2 && *alg == static_cast<int>(CoseAlgorithm::es256)) {
    key = ec2_key(*map);
    algorithm = CoseAlgorithm::es256;
  } else if (*kty == kKtyOkp && *alg == static_cast<int>(CoseAlgorithm::eddsa)) {
    key = okp_key(*map);
    algorithm = CoseAlgorithm::eddsa;
  } else if (*kty == kKtyRsa && *alg == static_cast<int>(CoseAlgorithm::rs256)) {
    key = rsa_key(*map);
    algorithm = CoseAlgorithm::rs256;
  }
  if (!key) return std::nullopt;
  return PublicKey{key.release(), algorithm};
}

PublicKey::PublicKey(PublicKey&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)), algorithm_(other.algorithm_) {}

PublicKey& PublicKey::operator=(PublicKey&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(key_);
    key_ = std::exchange(other.key_, nullptr);
    algorithm_ = other.algorithm_;
  }
  return *this;
}

PublicKey::~PublicKey() { EVP_PKEY_free(key_); }

bool PublicKey::verify(std::span<const std::uint8_t> message,
                       std::span<const std::uint8_t> signature) const {
  if (key_ == nullptr || signature.empty()) return false;
  EVP_MD_CTX* context = EVP_MD_CTX_new();
  if (context == nullptr) return false;
  // Ed25519 is "pure": it hashes internally, so no digest is named.
  const EVP_MD* digest = algorithm_ == CoseAlgorithm::eddsa ? nullptr : EVP_sha256();
  const bool ok = EVP_DigestVerifyInit(context, nullptr, digest, nullptr, key_) == 1 &&
                  EVP_DigestVerify(context, signature.data(), signature.size(), message.data(),
                                   message.size()) == 1;
  EVP_MD_CTX_free(context);
  return ok;
}

}  // namespace authlens::account::passkey
