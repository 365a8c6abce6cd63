#pragma once
// The three messages authlens sends. Codes stay out of subjects: subjects end up in logs,
// notification previews and mail-server logs, bodies don't.
#include <chrono>
#include <string_view>

#include "store/store.hpp"

namespace authlens::mail {

inline constexpr std::chrono::minutes kDefaultCodeLifetime{15};

// kind "verify": the code that confirms a new account's address.
store::OutgoingMail compose_verification(std::string_view recipient, std::string_view code,
                                         std::chrono::minutes valid_for = kDefaultCodeLifetime);

// kind "reset": the code that allows choosing a new password.
store::OutgoingMail compose_reset(std::string_view recipient, std::string_view code,
                                  std::chrono::minutes valid_for = kDefaultCodeLifetime);

// kind "notice": someone tried to register an address that already has an account. No code:
// the notice must not help whoever typed the address.
store::OutgoingMail compose_account_exists_notice(std::string_view recipient);

}  // namespace authlens::mail
