#pragma once
// Tries of a secret the caller must know (a password, a second factor's code), counted toward one
// lockout per address string (known or not) and one per client. A try is reserved before it is
// checked, under the client's and the address's locks, so concurrent tries cannot overshoot a
// limit; a right answer takes the reservation back.
#include <exception>
#include <optional>

#include "account/address.hpp"
#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/security_event.hpp"

namespace authlens::account {

struct Attempt {
  std::int64_t client_event = 0;
  std::int64_t address_event = 0;
  bool locks_client = false;   // this failure reaches the client's limit
  bool locks_address = false;  // this failure reaches the address's limit
};

// Refuses (429) when a limit is reached; else reserves the try inside `tx` (which must hold the
// client's and the address's locks, taken in that order) and does not commit.
Result<Attempt> reserve_attempt(const Kernel& kernel, ports::UnitOfWork& tx, const Address& address,
                                const Client& client);

// The same in a short unit of work of its own (committed), for tries checked outside any lock
// (Argon2); `account` (when given) gets the address's account read under the locks.
Result<Attempt> reserve_attempt(const Kernel& kernel, const Address& address, const Client& client,
                                std::optional<ports::AccountRecord>* account);

// Takes a right answer's reservation back (and forgives the address's earlier failures), or
// reports a wrong one (and a lockout it engaged). Only an answer that completes the proof may
// forgive: a right password on an account with a second factor is released instead.
void settle_attempt(const Kernel& kernel, ports::UnitOfWork& tx, const Attempt& attempt, bool good,
                    SecurityEventKind failure, const Address& address, const Client& client,
                    std::optional<std::int64_t> account_id);

// Takes back this try's own reservation and forgives nothing: a right password that still owes
// the second factor (else each right password would wipe the failures of the codes guessed after
// it, and a password holder could guess codes without end).
void release_attempt(ports::UnitOfWork& tx, const Attempt& attempt);

// A right answer's reservation, given back when the unit of work that was to settle it fails
// (the store became unavailable: the flow answers 503), so a user who did everything right is not
// counted for an outage. Best effort: while the store is still down the try stays counted, until
// its window passes.
class GiveBackIfInterrupted {
 public:
  GiveBackIfInterrupted(const Kernel& kernel, const Attempt& attempt, bool right) noexcept
      : kernel_(kernel), attempt_(attempt), armed_(right) {}
  GiveBackIfInterrupted(const GiveBackIfInterrupted&) = delete;
  GiveBackIfInterrupted& operator=(const GiveBackIfInterrupted&) = delete;
  ~GiveBackIfInterrupted();
  // The acting unit of work committed: nothing to give back.
  void settled() noexcept { armed_ = false; }

 private:
  const Kernel& kernel_;
  Attempt attempt_;
  bool armed_;
  int unwinding_before_ = std::uncaught_exceptions();
};

}  // namespace authlens::account
