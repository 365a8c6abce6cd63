#include "account/parts/mailing.hpp"

#include "telemetry/trace/api/context.hpp"
#include "telemetry/trace/api/traceparent.hpp"
#include "telemetry/trace/api/tracer.hpp"

namespace authlens::account {

void queue_mail(const Kernel& kernel, ports::UnitOfWork& tx, ports::OutgoingMail mail,
                std::optional<std::string_view> supersedes, std::int64_t now) {
  trace::ScopedSpan span(kernel.tracer(), "mail.enqueue", trace::SpanKind::kProducer);
  span->set_attribute("authlens.mail.kind", mail.kind);
  const auto& context = trace::current_span_context();
  if (context.is_valid()) {
    mail.traceparent = trace::format_traceparent(context);
    mail.tracestate = context.trace_state;
  }
  if (supersedes) tx.outbox().delete_pending_mail(mail.recipient, mail.kind, *supersedes);
  tx.outbox().enqueue_mail(mail, now);
}

void notify_owner(const Kernel& kernel, ports::UnitOfWork& tx, std::string_view address,
                  std::string_view kind, const Client& client, std::int64_t now) {
  ports::OutgoingMail mail;
  mail.recipient = std::string(address);
  mail.kind = std::string(kind);
  mail.client_address = std::string(client.address);
  mail.client_key = std::string(client.key);
  mail.priority = ports::MailPriority::kAccount;  // the owner's own action: ahead of a backlog
  queue_mail(kernel, tx, std::move(mail), std::nullopt, now);
}

}  // namespace authlens::account
