#pragma once
// One flow step: what it reads and writes commits together or not at all. The flows reach the
// narrow ports through it; each store implements them all on one transaction.
//
// Owned and used by one thread at a time (it holds a pooled connection); never shared between
// threads. Destroying it without commit() rolls back.
#include <string_view>

#include "account/ports/accounts.hpp"
#include "account/ports/challenges.hpp"
#include "account/ports/codes.hpp"
#include "account/ports/credentials.hpp"
#include "account/ports/outbox.hpp"
#include "account/ports/sessions.hpp"
#include "account/ports/throttle_ledger.hpp"

namespace authlens::account::ports {

class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Serialises flows that read and then write the state of one key (a client or an address),
  // across threads and replicas, until commit or rollback. Callers take keys in one fixed order
  // (client before address), so two flows never wait for each other in a cycle.
  virtual void lock(std::string_view key) = 0;

  virtual Accounts& accounts() = 0;
  virtual Codes& codes() = 0;
  virtual ThrottleLedger& throttles() = 0;
  virtual Sessions& sessions() = 0;
  virtual Credentials& credentials() = 0;
  virtual Challenges& challenges() = 0;
  virtual Outbox& outbox() = 0;

  virtual void commit() = 0;
};

}  // namespace authlens::account::ports
