#include "mail/smtp_mailer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "loopback_smtp_server.hpp"
#include "mail/templates.hpp"

namespace authlens::mail {
namespace {

using testing::LoopbackSmtpServer;
using Outcome = DeliveryResult::Outcome;

store::QueuedMail queued(std::string recipient = "ada@example.com") {
  store::QueuedMail mail;
  mail.recipient = std::move(recipient);
  mail.kind = std::string(kind::kVerify);
  mail.id = 42;
  mail.created_at = 1700000000;
  return mail;
}

// Hands the row over as the outbox worker would: rendered with its code just now.
DeliveryResult deliver(Mailer& mailer, const store::QueuedMail& mail) {
  return mailer.deliver(mail,
                        *render(mail.kind, mail.recipient, "314159", std::chrono::seconds(600)));
}

SmtpSettings settings_for(const LoopbackSmtpServer& server) {
  SmtpSettings s;
  s.url = server.url();
  s.sender_email = "noreply@authlens.test";
  s.timeout = std::chrono::milliseconds{3000};
  return s;
}

TEST(SmtpMailer, DeliversToTheServer) {
  LoopbackSmtpServer server;
  SmtpMailer mailer(settings_for(server));
  const auto result = deliver(mailer, queued());
  ASSERT_EQ(result.outcome, Outcome::kSent) << result.error;

  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].ehlo, "EHLO authlens.test") << "greets with the sender's domain";
  EXPECT_EQ(messages[0].mail_from, "MAIL FROM:<noreply@authlens.test>");
  ASSERT_EQ(messages[0].rcpt_to.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_to[0], "RCPT TO:<ada@example.com>");
  EXPECT_NE(messages[0].data.find("Subject: Your authlens verification code\r\n"),
            std::string::npos);
  EXPECT_NE(messages[0].data.find("\r\n314159\r\n"), std::string::npos) << messages[0].data;
  EXPECT_NE(messages[0].data.find("Message-ID: <authlens.42.1700000000@authlens.test>"),
            std::string::npos);
  EXPECT_TRUE(messages[0].auth.empty()) << "no AUTH without a password";
  EXPECT_EQ(mailer.server_address(), "127.0.0.1");
  EXPECT_EQ(mailer.server_port(), server.port());
}

// A backlog costs a round trip per message, not a connection (and a TLS handshake, and AUTH).
TEST(SmtpMailer, KeepsItsSessionForTheNextMessages) {
  LoopbackSmtpServer server;
  SmtpMailer mailer(settings_for(server));
  for (int i = 0; i < 3; ++i) {
    const auto result = deliver(mailer, queued());
    ASSERT_EQ(result.outcome, Outcome::kSent) << result.error;
  }
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(server.connections(), 1) << "one session for the three";
  for (const auto& m : messages) {
    EXPECT_EQ(m.rcpt_to.size(), 1u) << "each message its own envelope";
    EXPECT_EQ(m.mail_from, "MAIL FROM:<noreply@authlens.test>");
  }
}

TEST(SmtpMailer, StartsANewSessionWhenTheRelayEndedTheLast) {
  testing::SmtpScript script;
  script.close_after_message = true;
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  for (int i = 0; i < 2; ++i) {
    const auto result = deliver(mailer, queued());
    ASSERT_EQ(result.outcome, Outcome::kSent) << result.error;
  }
  EXPECT_EQ(server.messages().size(), 2u);
  EXPECT_EQ(server.connections(), 2);
}

TEST(SmtpMailer, DoesNotReuseASessionThatFailed) {
  testing::SmtpScript script;
  script.rcpt_reply = "451 4.3.0 try again later";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  for (int i = 0; i < 2; ++i) EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry);
  EXPECT_EQ(server.connections(), 2);
}

TEST(SmtpMailer, AuthenticatesAsTheSenderWhenAPasswordIsSet) {
  LoopbackSmtpServer::Script script;
  script.advertise_auth = true;
  LoopbackSmtpServer server(script);
  SmtpSettings s = settings_for(server);
  s.password = "hunter22";
  SmtpMailer mailer(s);
  ASSERT_EQ(deliver(mailer, queued()).outcome, Outcome::kSent);
  const auto messages = server.messages();
  ASSERT_EQ(messages.size(), 1u);
  // base64 of "\0noreply@authlens.test\0hunter22"
  EXPECT_EQ(messages[0].auth, "AG5vcmVwbHlAYXV0aGxlbnMudGVzdABodW50ZXIyMg==");
}

TEST(SmtpMailer, DefaultsTheSender) {
  LoopbackSmtpServer server;
  SmtpSettings s = settings_for(server);
  s.sender_email.clear();
  SmtpMailer mailer(s);
  ASSERT_EQ(deliver(mailer, queued()).outcome, Outcome::kSent);
  EXPECT_EQ(server.messages().at(0).mail_from, "MAIL FROM:<authlens@localhost>");
}

TEST(SmtpMailer, TemporaryRecipientFailureIsRetried) {
  LoopbackSmtpServer::Script script;
  script.rcpt_reply = "451 4.3.0 Try again later";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  const auto result = deliver(mailer, queued());
  EXPECT_EQ(result.outcome, Outcome::kRetry);
  EXPECT_NE(result.error.find("451"), std::string::npos) << result.error;
}

TEST(SmtpMailer, TemporaryFailureAfterDataIsRetried) {
  LoopbackSmtpServer::Script script;
  script.data_end_reply = "451 4.3.0 Local error in processing";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry);
}

TEST(SmtpMailer, RejectedRecipientIsPermanent) {
  LoopbackSmtpServer::Script script;
  script.rcpt_reply = "550 5.1.1 No such user";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  const auto result = deliver(mailer, queued());
  EXPECT_EQ(result.outcome, Outcome::kRejected);
  EXPECT_NE(result.error.find("550"), std::string::npos) << result.error;
  EXPECT_EQ(result.error.find("ada@example.com"), std::string::npos) << result.error;
}

TEST(SmtpMailer, RejectedMessageIsPermanent) {
  LoopbackSmtpServer::Script script;
  script.data_end_reply = "554 5.7.1 Message refused";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRejected);
}

TEST(SmtpMailer, RejectedSenderIsOurConfigurationAndRetried) {
  LoopbackSmtpServer::Script script;
  script.mail_reply = "553 5.7.1 Sender address rejected";
  LoopbackSmtpServer server(script);
  SmtpMailer mailer(settings_for(server));
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry);
}

TEST(SmtpMailer, UnreachableServerIsRetried) {
  int port = 0;
  {
    LoopbackSmtpServer server;  // learn a free port, then close it
    port = server.port();
  }
  SmtpSettings s;
  s.url = "smtp://127.0.0.1:" + std::to_string(port);
  SmtpMailer mailer(s);
  const auto result = deliver(mailer, queued());
  EXPECT_EQ(result.outcome, Outcome::kRetry);
  EXPECT_FALSE(result.error.empty());
}

TEST(SmtpMailer, SilentServerTimesOutAndIsRetried) {
  LoopbackSmtpServer::Script script;
  script.silent = true;
  LoopbackSmtpServer server(script);
  SmtpSettings s = settings_for(server);
  s.timeout = std::chrono::milliseconds{300};
  SmtpMailer mailer(s);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{3});
}

TEST(SmtpMailer, CancelAbortsAnInFlightDelivery) {
  LoopbackSmtpServer::Script script;
  script.silent = true;
  LoopbackSmtpServer server(script);
  SmtpSettings s = settings_for(server);
  s.timeout = std::chrono::milliseconds{20000};
  SmtpMailer mailer(s);
  std::thread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    mailer.cancel();
  });
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds{3});
  canceller.join();
  EXPECT_EQ(deliver(mailer, queued()).outcome, Outcome::kRetry) << "stays cancelled";
}

TEST(SmtpMailer, UnsafeRecipientIsRejectedWithoutTalkingToTheServer) {
  LoopbackSmtpServer server;
  SmtpMailer mailer(settings_for(server));
  EXPECT_EQ(deliver(mailer, queued("ada@example.com\r\nBcc: eve@example.com")).outcome,
            Outcome::kRejected);
  EXPECT_TRUE(server.messages().empty());
}

TEST(SmtpMailer, RefusesOtherSchemes) {
  SmtpSettings s;
  s.url = "http://127.0.0.1:25";
  EXPECT_THROW(SmtpMailer{s}, std::invalid_argument);
  s.url = "not a url";
  EXPECT_THROW(SmtpMailer{s}, std::invalid_argument);
}

}  // namespace
}  // namespace authlens::mail
