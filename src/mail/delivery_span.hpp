#pragma once
// The one place mail delivery touches tracing: a CLIENT span "mail deliver" that continues the
// trace of the request that queued the message, active on this thread while it lives.
#include <memory>
#include <optional>

#include "mail/mailer.hpp"
#include "store/store.hpp"

namespace authlens::trace {
class Tracer;
class Span;
class ContextScope;
}  // namespace authlens::trace

namespace authlens::mail {

class DeliverySpan {
 public:
  // No recipient address on the span: personal data has no business in traces.
  DeliverySpan(trace::Tracer& tracer, const store::QueuedMail& mail, int attempt,
               const Mailer& mailer);
  ~DeliverySpan();  // ends the span
  DeliverySpan(const DeliverySpan&) = delete;
  DeliverySpan& operator=(const DeliverySpan&) = delete;

  void record(const DeliveryResult& result);

 private:
  std::shared_ptr<trace::Span> span_;
  std::unique_ptr<trace::ContextScope> scope_;
};

}  // namespace authlens::mail
