#pragma once
// How a mailed code proves an address: a code is sent (register, resend, forgot), then checked
// and used up by the step that acts on it (confirm, reset). Each does the same work for an
// unknown, an unconfirmed and a confirmed address (same reads, same writes, one mail queued), so
// neither answers nor timing tell them apart; only the wording of the mail, which only the
// address's owner reads, differs.
#include <string_view>

#include "account/address.hpp"
#include "account/client.hpp"
#include "account/kernel.hpp"

namespace authlens::account {

// Refuses (429) when the client's budget of mail-sending requests is spent: checked before
// anything costs (the password's strength, the breach query), and again when sending.
Status check_mail_budget(const Kernel& kernel, const Address& address, const Client& client);

// Cooldown and budget, then a code (mailed or not) for the address. Inside the cooldown,
// `quiet_in_cooldown` answers as if it sent (the code already in the inbox works), else 429.
Status send_code(const Kernel& kernel, const Address& address, ports::CodePurpose purpose,
                 const Client& client, bool quiet_in_cooldown);

// A right code, as it was when checked.
struct CodeProof {
  ports::CodeRecord code;
  ports::CodePurpose purpose;
};

// Limits, then the code. A wrong code is counted; a right one is not used up here, so a
// failure before the acting step commits costs the user nothing.
Result<CodeProof> check_code(const Kernel& kernel, const Address& address,
                             ports::CodePurpose purpose, std::string_view code,
                             const Client& client);

// Inside the acting unit of work (holding the address's lock): the checked code is still the
// address's live code, so the caller may act on it (and then use it up with the others).
bool code_still_live(ports::UnitOfWork& tx, const Address& address, const CodeProof& proof,
                     std::int64_t now);

}  // namespace authlens::account
