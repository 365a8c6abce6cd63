#include "mail/smtp_mailer.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "mail/mime.hpp"

namespace authlens::mail {
namespace {

constexpr std::string_view kDefaultSender = "authlens@localhost";

struct CurlDeleter {
  void operator()(CURL* c) const noexcept { curl_easy_cleanup(c); }
  void operator()(CURLU* u) const noexcept { curl_url_cleanup(u); }
  void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};
template <typename T>
using CurlPtr = std::unique_ptr<T, CurlDeleter>;

void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string url_part(CURLU* u, CURLUPart part) {
  char* value = nullptr;
  if (curl_url_get(u, part, &value, CURLU_DEFAULT_PORT) != CURLUE_OK || value == nullptr) return {};
  std::string out(value);
  curl_free(value);
  return out;
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::atomic<bool>*>(user)->load() ? 1 : 0;  // non-zero aborts
}

// Only a permanent answer about this message or recipient makes retrying pointless. A 5xx to
// MAIL FROM or AUTH is our configuration's fault and would dead-letter every message, so those
// stay retryable until an operator fixes the settings.
DeliveryResult::Outcome classify(CURLcode result, long smtp_code, std::string_view detail) {
  const bool permanent = smtp_code >= 500 && smtp_code < 600;
  const bool message_stage = result == CURLE_SEND_ERROR || result == CURLE_WEIRD_SERVER_REPLY;
  if (permanent && message_stage && !detail.starts_with("MAIL"))
    return DeliveryResult::Outcome::kRejected;
  return DeliveryResult::Outcome::kRetry;
}

}  // namespace

// One libcurl handle: it keeps its connection to the relay open between transfers.
struct SmtpMailer::Session {
  CurlPtr<CURL> curl{curl_easy_init()};
  int messages = 0;

  Session() = default;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  // Closing says QUIT on a connection still open: bounded, so that a relay that does not answer
  // cannot hold the shutdown.
  ~Session() {
    if (!curl) return;
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(curl.get(), CURLOPT_SERVER_RESPONSE_TIMEOUT, 2L);
  }
};

SmtpMailer::~SmtpMailer() = default;  // each handle's cleanup says QUIT on its connection

std::unique_ptr<SmtpMailer::Session> SmtpMailer::take_session() {
  {
    std::lock_guard lock(sessions_mu_);
    if (!idle_sessions_.empty()) {
      auto session = std::move(idle_sessions_.back());
      idle_sessions_.pop_back();
      return session;
    }
  }
  return std::make_unique<Session>();
}

void SmtpMailer::give_back(std::unique_ptr<Session> session) {
  if (session->messages >= kMessagesPerSession) return;  // closed: a fresh one next time
  std::lock_guard lock(sessions_mu_);
  idle_sessions_.push_back(std::move(session));
}

SmtpMailer::SmtpMailer(SmtpSettings settings) : settings_(std::move(settings)) {
  global_init_once();
  if (settings_.sender_email.empty()) settings_.sender_email = kDefaultSender;
  if (settings_.username.empty()) settings_.username = settings_.sender_email;

  CurlPtr<CURLU> u(curl_url());
  if (!u || curl_url_set(u.get(), CURLUPART_URL, settings_.url.c_str(), 0) != CURLUE_OK)
    throw std::invalid_argument("SMTP_URL is not a valid URL");
  const std::string scheme = url_part(u.get(), CURLUPART_SCHEME);
  if (scheme != "smtp" && scheme != "smtps")
    throw std::invalid_argument("SMTP_URL must start with smtp:// or smtps://");
  host_ = url_part(u.get(), CURLUPART_HOST);
  if (host_.empty()) throw std::invalid_argument("SMTP_URL has no host");
  const std::string port = url_part(u.get(), CURLUPART_PORT);
  port_ = port.empty() ? 0 : std::stoi(port);
  implicit_tls_ = scheme == "smtps";
  require_tls_ = !settings_.password.empty() && !is_loopback(host_);
}

void SmtpMailer::cancel() noexcept { cancelled_.store(true); }

// One transfer of `document` on `session`'s handle.
SmtpMailer::Attempt SmtpMailer::attempt(Session& session, const store::QueuedMail& mail,
                                        const std::string& document) {
  Attempt outcome;
  CurlPtr<CURLU> u(curl_url());
  if (!session.curl || !u) {
    outcome.result = CURLE_OUT_OF_MEMORY;
    outcome.detail = "out of memory";
    return outcome;
  }
  // Every option is set again for this message; the reset keeps the handle's open connection
  // and zeroes what the last transfer reported (its response code).
  curl_easy_reset(session.curl.get());
  curl_url_set(u.get(), CURLUPART_URL, settings_.url.c_str(), 0);
  // libcurl greets with the URL's path as the EHLO name; the sender's domain is a fair one.
  if (const std::string path = url_part(u.get(), CURLUPART_PATH); path.empty() || path == "/") {
    const auto at = settings_.sender_email.rfind('@');
    const std::string ehlo =
        "/" + (at == std::string::npos ? "localhost" : settings_.sender_email.substr(at + 1));
    curl_url_set(u.get(), CURLUPART_PATH, ehlo.c_str(), 0);
  }

  const std::string from = "<" + settings_.sender_email + ">";
  CurlPtr<curl_slist> rcpt(curl_slist_append(nullptr, ("<" + mail.recipient + ">").c_str()));
  Upload upload{document};
  char errbuf[CURL_ERROR_SIZE] = {};

  CURL* c = session.curl.get();
  curl_easy_setopt(c, CURLOPT_CURLU, u.get());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // we run on a worker thread
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(settings_.timeout.count()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_USE_SSL,
                   implicit_tls_ || require_tls_ ? static_cast<long>(CURLUSESSL_ALL)
                                                 : static_cast<long>(CURLUSESSL_TRY));
  if (!settings_.password.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled_);

  outcome.result = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &outcome.smtp_code);
  if (outcome.result != CURLE_OK)
    outcome.detail =
        errbuf[0] != '\0' ? errbuf : curl_easy_strerror(static_cast<CURLcode>(outcome.result));
  outcome.body_started = upload.offset > 0;  // read only after the relay's 354 to DATA
  // The options point at this call's URL, recipients and buffers: forget them before those go
  // (the connection stays).
  curl_easy_reset(c);
  return outcome;
}

DeliveryResult SmtpMailer::deliver(const store::QueuedMail& mail, const Message& message) {
  if (cancelled_.load()) return {DeliveryResult::Outcome::kRetry, "smtp: shutting down"};

  std::string document;
  try {
    document = render_mime(mail, message, settings_.sender_email, std::chrono::system_clock::now());
  } catch (const MimeError& e) {
    return {DeliveryResult::Outcome::kRejected, std::string("message not renderable: ") + e.what()};
  }

  auto session = take_session();
  const bool reused = session->messages > 0;
  auto outcome = attempt(*session, mail, document);
  // A kept session the relay has closed meanwhile (idle, or its message limit) fails before any
  // reply and before a byte of the message: nothing of it arrived, so a fresh session may send
  // it now instead of after a retry's backoff.
  if (outcome.result != CURLE_OK && reused && outcome.smtp_code == 0 && !outcome.body_started &&
      outcome.result != CURLE_ABORTED_BY_CALLBACK && !cancelled_.load()) {
    session = std::make_unique<Session>();
    outcome = attempt(*session, mail, document);
  }
  if (outcome.result == CURLE_OK) {
    ++session->messages;
    give_back(std::move(session));
    return {DeliveryResult::Outcome::kSent, {}};
  }
  // A session that failed is not reused (its connection may be in any state): the handle, and
  // with it the connection, goes when `session` does.
  std::string error = "smtp: " + outcome.detail;
  if (outcome.smtp_code != 0) error += " (server said " + std::to_string(outcome.smtp_code) + ")";
  if (outcome.result == CURLE_ABORTED_BY_CALLBACK) return {DeliveryResult::Outcome::kRetry, error};
  return {classify(static_cast<CURLcode>(outcome.result), outcome.smtp_code, outcome.detail),
          error};
}

}  // namespace authlens::mail
