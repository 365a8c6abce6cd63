#include "mail/delivery_span.hpp"

#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/semconv.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/api/tracer.hpp"

namespace authlens::mail {

namespace semconv = trace::semconv;

DeliverySpan::DeliverySpan(trace::Tracer& tracer, const store::QueuedMail& mail, int attempt,
                           const Mailer& mailer) {
  trace::SpanStartOptions options;
  options.kind = trace::SpanKind::kClient;
  options.parent = trace::extract_trace_context(mail.traceparent, mail.tracestate);
  // Without a stored parent this is its own trace, not a child of whatever the thread holds.
  options.new_root = !options.parent.has_value();
  span_ = tracer.start_span("mail deliver", options);
  if (span_->is_recording()) {
    span_->set_attribute(semconv::kEmailKind, mail.kind);
    span_->set_attribute(semconv::kMailId, mail.id);
    span_->set_attribute(semconv::kMailAttempt, attempt);
    if (const std::string host = mailer.server_address(); !host.empty()) {
      span_->set_attribute(semconv::kServerAddress, host);
      if (mailer.server_port() != 0)
        span_->set_attribute(semconv::kServerPort, mailer.server_port());
    }
  }
  // Store calls and log lines made during delivery belong to this span.
  scope_ = std::make_unique<trace::ContextScope>(*span_);
}

DeliverySpan::~DeliverySpan() {
  scope_.reset();
  span_->end();
}

void DeliverySpan::record(const DeliveryResult& result) {
  switch (result.outcome) {
    case DeliveryResult::Outcome::kSent:
      span_->set_attribute(semconv::kMailOutcome, "sent");
      break;
    case DeliveryResult::Outcome::kRetry:
      span_->set_attribute(semconv::kMailOutcome, "retry");
      span_->set_status(trace::StatusCode::kError, result.error);
      break;
    case DeliveryResult::Outcome::kRejected:
      span_->set_attribute(semconv::kMailOutcome, "rejected");
      span_->set_status(trace::StatusCode::kError, result.error);
      break;
  }
}

}  // namespace authlens::mail
