#pragma once
// Mail waiting to leave, written in the same unit of work as the change it tells of.
#include <cstdint>
#include <string>
#include <string_view>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

// Which mail leaves first when the outbox has a backlog; lower first. Within one level, the
// outbox takes one message of each client in turn (see OutgoingMail::client_key).
enum class MailPriority : int {
  kAccount = 0,   // about an existing account's own action (its notices, its reset code)
  kNormal = 1,    // an address asked for again (a resend), or the caller does not say
  kStranger = 2,  // the first mail to an address without an account that nobody asked for before
};

// A message to queue. The text is rendered only when it is sent, from `kind`; a code it carries is
// kept sealed (mail/code_seal), and the seal is dropped once the message has left.
struct OutgoingMail {
  std::string recipient;
  std::string kind;             // which message (mail/templates.hpp)
  Bytes sealed_code;            // empty when the message carries no code
  std::int64_t code_ttl_s = 0;  // the code's lifetime, for the wording
  std::string traceparent;      // the queuing request's context, so delivery continues its trace
  std::string tracestate;       // and its W3C tracestate, passed on unchanged
  std::string client_address;   // who asked for it (a notice names it to the owner)
  // Whose request queued it: the client key per-client limits count (an address, an IPv6
  // prefix). The outbox serves clients in turn, so one client's backlog delays nobody else's.
  // Empty: all such mail is one client's.
  std::string client_key;
  MailPriority priority = MailPriority::kNormal;
};

class Outbox {
 public:
  virtual ~Outbox() = default;
  virtual std::int64_t enqueue_mail(const OutgoingMail& mail, std::int64_t now) = 0;
  // Drops unsent mail of these kinds to this address (a newer code supersedes it). Mail being
  // handed to the server right now (leased) stays.
  virtual void delete_pending_mail(std::string_view recipient, std::string_view kind,
                                   std::string_view other_kind) = 0;
  // Drops all mail to this address that is not being handed to the server right now.
  virtual void delete_mail_to(std::string_view recipient) = 0;
};

}  // namespace authlens::account::ports
