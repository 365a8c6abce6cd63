#pragma once
// Tries of a secret the caller must know (a password, a second factor's code), counted toward one
// lockout per address string (known or not) and one per client. A try is reserved before it is
// checked, under the client's and the address's locks, so concurrent tries cannot overshoot a
// limit; a right answer takes the reservation back.
#include <optional>

#include "account/address.hpp"
#include "account/client.hpp"
#include "account/kernel.hpp"
#include "account/security_event.hpp"

namespace authlens::account {

struct Attempt {
  std::int64_t client_event = 0;
  bool locks_client = false;   // this failure reaches the client's limit
  bool locks_address = false;  // this failure reaches the address's limit
};

// Refuses (429) when a limit is reached; else reserves the try inside `tx` (which must hold the
// client's and the address's locks, taken in that order) and does not commit.
Result<Attempt> reserve_attempt(const Kernel& kernel, ports::UnitOfWork& tx,
                                const Address& address, const Client& client);

// The same in a short unit of work of its own (committed), for tries checked outside any lock
// (Argon2); `account` (when given) gets the address's account read under the locks.
Result<Attempt> reserve_attempt(const Kernel& kernel, const Address& address,
                                const Client& client,
                                std::optional<ports::AccountRecord>* account);

// Takes a right answer's reservation back (and forgives the address's earlier failures), or
// reports a wrong one (and a lockout it engaged).
void settle_attempt(const Kernel& kernel, ports::UnitOfWork& tx, const Attempt& attempt,
                    bool good, SecurityEventKind failure, const Address& address,
                    const Client& client, std::optional<std::int64_t> account_id);

}  // namespace authlens::account
