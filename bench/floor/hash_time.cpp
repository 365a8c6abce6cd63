// One Argon2id hash with authlens's parameters, timed: the login bound is cores ÷ this time.
// Usage: authlens_hash_time [COUNT [OPSLIMIT MEMLIMIT]]  → prints "median_ms min_ms max_ms".
#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (sodium_init() < 0) return 1;
  const int count = argc > 1 ? std::max(1, std::stoi(argv[1])) : 9;
  const unsigned long long opslimit =
      argc > 3 ? std::stoull(argv[2]) : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const std::size_t memlimit = argc > 3 ? std::stoull(argv[3]) : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  const std::string password = "correct horse battery staple";
  char out[crypto_pwhash_STRBYTES];
  std::vector<double> ms;
  for (int i = 0; i < count + 1; ++i) {  // the first run faults its memory in: not counted
    const auto start = std::chrono::steady_clock::now();
    if (crypto_pwhash_str(out, password.data(), password.size(), opslimit, memlimit) != 0) return 1;
    const auto elapsed = std::chrono::steady_clock::now() - start;
    if (i > 0) ms.push_back(std::chrono::duration<double, std::milli>(elapsed).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%.3f %.3f %.3f\n", ms[ms.size() / 2], ms.front(), ms.back());
  return 0;
}
