#pragma once
// How many guesses a password would take, estimated by zxcvbn (Debian's zxcvbn-c, dictionaries
// built in: passwords, English words, names, keyboard patterns, sequences, dates, repeats).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace authlens::account {

// zxcvbn scores 0–2 mean fewer than 10^8 guesses; zxcvbn-c reports log2(guesses) in bits, so
// anything under log2(10^8) ≈ 26.58 bits is guessable.
inline constexpr double kGuessableBelowBits = 26.575424759098897;

// zxcvbn-c's cost grows about as n^4 on repetitive input within its 100-byte analysis window
// (callgrind, "1212…": 4.3 M instructions at 16 bytes, 57.5 M at 32, 430 M at 64; "0101…" at
// 100 bytes took 0.7 s), so only this prefix is scored: at most ~58 M instructions, against
// 0.3–0.8 M for ordinary passwords. Sound because guessing a password is at least as hard as
// guessing its first 32 bytes (any guessing strategy for the whole yields one for the prefix
// with no more guesses); the cost is only that a long password with a weak start is refused.
inline constexpr std::size_t kGuessabilityPrefixBytes = 32;

struct Guessability {
  double bits = 0.0;          // log2 of zxcvbn's guess estimate for the scored prefix
  bool uses_context = false;  // the cheapest parse zxcvbn found uses a context word
  bool guessable() const noexcept { return bits < kGuessableBelowBits; }
};

// Scores the first kGuessabilityPrefixBytes bytes (cut at a code point boundary), with the
// context words as zxcvbn's user dictionary. zxcvbn-c keeps no mutable global state (its
// dictionary is compiled in, read-only; .data/.bss hold only the C runtime's 8 bytes each), so
// calls may run on several threads at once.
Guessability estimate_guessability(std::string_view normalized_password,
                                   const std::vector<std::string>& context_words);

}  // namespace authlens::account
