#pragma once
// Mailed codes, per address (its keyed hash) and purpose.
#include <optional>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class Codes {
 public:
  virtual ~Codes() = default;
  virtual std::optional<CodeRecord> find_code(const Digest& address, CodePurpose purpose) = 0;
  // Replaces any code of the same address and purpose.
  virtual void put_code(const Digest& address, CodePurpose purpose, const CodeRecord& code) = 0;
  virtual void delete_code(const Digest& address, CodePurpose purpose) = 0;
  virtual void delete_codes(const Digest& address) = 0;  // every purpose
};

}  // namespace authlens::account::ports
