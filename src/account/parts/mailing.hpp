#pragma once
// Mail queued by the flows, in the unit of work of the change it tells of.
#include <optional>
#include <string_view>

#include "account/client.hpp"
#include "account/kernel.hpp"

namespace authlens::account {

// Queues `mail` with the current trace context (so delivery continues the request's trace).
// `supersedes`: the other kind of the same purpose, whose unsent mail this one replaces (a newer
// code supersedes the mail carrying the older one); a notice supersedes nothing.
void queue_mail(const Kernel& kernel, ports::UnitOfWork& tx, ports::OutgoingMail mail,
                std::optional<std::string_view> supersedes, std::int64_t now);

// A security notice (mail/templates.hpp) to the owner of `address`, naming the client.
void notify_owner(const Kernel& kernel, ports::UnitOfWork& tx, std::string_view address,
                  std::string_view kind, const Client& client, std::int64_t now);

}  // namespace authlens::account
