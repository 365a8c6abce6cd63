#pragma once
// Pending steps of flows that span requests (records.hpp, ChallengeRecord).
#include <optional>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class Challenges {
 public:
  virtual ~Challenges() = default;
  virtual void put_challenge(const ChallengeRecord& challenge) = 0;
  virtual std::optional<ChallengeRecord> find_challenge(const Digest& handle_hash,
                                                        std::int64_t now) = 0;
  virtual void count_challenge_failure(const Digest& handle_hash) = 0;
  virtual void delete_challenge(const Digest& handle_hash) = 0;
  virtual void delete_challenges_of(std::int64_t account_id) = 0;
};

}  // namespace authlens::account::ports
