// Micro-benchmarks of the passkey relying-party checks (issue 18): one registration's
// verification (attestation none, ES256) and one sign-in assertion's per algorithm, on ceremonies
// from the tests' software authenticator. What a sign-in with a passkey costs the service's CPU.
#include <benchmark/benchmark.h>

#include "account/strategies/passkey/relying_party.hpp"
#include "account/strategies/passkey_software_authenticator.hpp"

namespace {

using authlens::account::passkey::CoseAlgorithm;
using authlens::account::passkey::RelyingParty;
using authlens::account::passkey::testing::Bytes;
using authlens::account::passkey::testing::SoftwareAuthenticator;

const RelyingParty kRp{"id.example.com", {"https://id.example.com"}, true};
const Bytes kChallenge(32, 0x17);

void BM_PasskeyRegistrationVerify(benchmark::State& state) {
  SoftwareAuthenticator authenticator(static_cast<CoseAlgorithm>(state.range(0)));
  const auto made = authenticator.create(kChallenge, "none");
  for (auto _ : state) {
    auto result = authlens::account::passkey::verify_registration(
        kRp, kChallenge, made.client_data_json, made.attestation_object);
    if (!result.credential) state.SkipWithError("registration refused");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_PasskeyRegistrationVerify)->Arg(-7)->Arg(-8)->Arg(-257);

void BM_PasskeyAssertionVerify(benchmark::State& state) {
  SoftwareAuthenticator authenticator(static_cast<CoseAlgorithm>(state.range(0)));
  const auto used = authenticator.get(kChallenge);
  const auto key = authenticator.public_key_cose();
  for (auto _ : state) {
    auto result = authlens::account::passkey::verify_assertion(
        kRp, kChallenge, used.client_data_json, used.authenticator_data, used.signature, key, 0);
    if (!result.ok) state.SkipWithError("assertion refused");
    benchmark::DoNotOptimize(result);
  }
}
BENCHMARK(BM_PasskeyAssertionVerify)->Arg(-7)->Arg(-8)->Arg(-257);

}  // namespace

BENCHMARK_MAIN();
