#pragma once
// What the outbox worker needs from a transport: hand one queued message over, say how it went.
#include <string>

#include "mail/message.hpp"
#include "store/store.hpp"

namespace authlens::mail {

struct DeliveryResult {
  enum class Outcome {
    kSent,      // the server accepted the message: never deliver it again
    kRetry,     // transient (connection, timeout, 4xx, auth/config trouble): try again later
    kRejected,  // permanent 5xx for this recipient or message: retrying cannot help
  };
  Outcome outcome = Outcome::kRetry;
  std::string error;  // for the outbox row and logs; never contains the message body
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // Hands over `message`, rendered from the outbox row `mail` just now. Blocking; called from
  // the outbox worker's thread only.
  virtual DeliveryResult deliver(const store::QueuedMail& mail, const Message& message) = 0;
  // Asks an in-flight deliver() to give up soon (it then returns kRetry). Called from another
  // thread when shutdown's grace runs out; later deliver() calls give up at once.
  virtual void cancel() noexcept {}
  // "host" of the mail server, for span attributes; empty when there is none.
  virtual std::string server_address() const { return {}; }
  virtual int server_port() const { return 0; }
};

}  // namespace authlens::mail
