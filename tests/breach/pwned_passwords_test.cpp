#include "breach/pwned_passwords.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "breach/loopback_range_server.hpp"
#include "breach/range_query.hpp"

namespace authlens::breach {
namespace {

using testing::LoopbackRangeServer;
using testing::RangeReply;
using namespace std::chrono_literals;

constexpr std::string_view kBreached = "correct horse battery staple";
constexpr std::string_view kClean = "a passphrase nobody has leaked";

// A corpus of breached passwords, answered as the real service does: the matching suffixes with
// their counts, other hashes under the same prefix, and padding lines with count 0.
RangeReply corpus_reply(const std::string& target, const std::map<std::string, int>& corpus) {
  const std::string prefix = target.substr(target.rfind('/') + 1);
  std::string body;
  for (const auto& [password, count] : corpus) {
    const RangeQuery q = range_query_for(password);
    if (q.prefix == prefix) body += q.suffix + ":" + std::to_string(count) + "\r\n";
  }
  body += "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n";
  for (int i = 0; i < 20; ++i) {
    std::string pad = "F00D" + std::to_string(1000000 + i);
    pad.resize(35, 'E');
    body += pad + ":0\r\n";
  }
  body.resize(body.size() - 2);  // no line break after the last line, as the real API
  return RangeReply{200, body};
}

struct Failures {
  std::mutex mu;
  std::vector<std::string> reasons;
  PwnedPasswords::FailureSink sink() {
    return [this](std::string_view reason) {
      std::lock_guard lock(mu);
      reasons.emplace_back(reason);
    };
  }
};

TEST(PwnedPasswords, FindsABreachedPasswordAndNotAnotherOne) {
  const std::map<std::string, int> corpus{{std::string(kBreached), 42}};
  LoopbackRangeServer server([&](const std::string& t) { return corpus_reply(t, corpus); });
  const PwnedPasswords client(server.url());
  EXPECT_EQ(client.contains(kBreached), true);
  EXPECT_EQ(client.contains(kClean), false);
}

TEST(PwnedPasswords, PaddingLinesDoNotCount) {
  // The exact suffix of the password arrives, but only as a padding line (count 0).
  const std::map<std::string, int> corpus{{std::string(kBreached), 0}};
  LoopbackRangeServer server([&](const std::string& t) { return corpus_reply(t, corpus); });
  EXPECT_EQ(PwnedPasswords(server.url()).contains(kBreached), false);
}

TEST(PwnedPasswords, SendsOnlyTheFiveHexPrefixWithPaddingAsked) {
  LoopbackRangeServer server([](const std::string& t) { return corpus_reply(t, {}); });
  ASSERT_EQ(PwnedPasswords(server.url()).contains("password"), false);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& head = requests.front();
  EXPECT_TRUE(head.starts_with("GET /range/5BAA6 HTTP/1.1\r\n")) << head;
  EXPECT_NE(head.find("\r\nAdd-Padding: true"), std::string::npos) << head;
  // Nothing more of the hash (5BAA61E4C9…) nor the password, in any case.
  std::string lower = head;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(lower.find("5baa61"), std::string::npos) << head;
  EXPECT_EQ(lower.find("1e4c9b93"), std::string::npos) << head;
  EXPECT_EQ(lower.find("password"), std::string::npos) << head;
}

TEST(PwnedPasswords, KeepsThePathOfTheBaseUrl) {
  LoopbackRangeServer server([](const std::string& t) { return corpus_reply(t, {}); });
  EXPECT_EQ(PwnedPasswords(server.url() + "/mirror/").contains("password"), false);
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_TRUE(server.requests().front().starts_with("GET /mirror/range/5BAA6 "))
      << server.requests().front();
}

TEST(PwnedPasswords, CannotTellWhenTheServerIsDown) {
  // A bound socket that never listens: connections to it are refused, and the port stays ours.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  Failures failures;
  const PwnedPasswords client("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)), 2s,
                              failures.sink());
  EXPECT_EQ(client.contains(kBreached), std::nullopt);
  ::close(fd);
  ASSERT_EQ(failures.reasons.size(), 1u);
  EXPECT_NE(failures.reasons.front().find("connect"), std::string::npos)
      << failures.reasons.front();
}

TEST(PwnedPasswords, GivesUpOnASlowServerAtItsTimeout) {
  LoopbackRangeServer server([](const std::string& t) {
    RangeReply reply = corpus_reply(t, {{std::string(kBreached), 1}});
    reply.delay = 10s;
    return reply;
  });
  Failures failures;
  const PwnedPasswords client(server.url(), 200ms, failures.sink());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(client.contains(kBreached), std::nullopt);
  // Not a performance target: only that the lookup did not wait for the server's answer.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 8s);
  ASSERT_EQ(failures.reasons.size(), 1u);
  EXPECT_NE(failures.reasons.front().find("Timeout"), std::string::npos)
      << failures.reasons.front();
}

TEST(PwnedPasswords, CannotTellFromAnErrorStatusOrAnUnreadableBody) {
  std::atomic<int> mode{0};
  LoopbackRangeServer server([&](const std::string& t) {
    switch (mode.load()) {
      case 0:
        return RangeReply{503, "1E4C9B93F3F0682250B6CF8331B7EE68FD8:5"};
      case 1:
        return RangeReply{200, "<html>maintenance</html>"};
      case 2:
        return RangeReply{200, ""};
      case 3: {  // more than the client will read: a misdirected download, not an answer
        std::string huge;
        while (huge.size() <= PwnedPasswords::kMaxBodyBytes)
          huge += "0018A45C4D1DEF81644B54AB7F969B88D65:10\r\n";
        return RangeReply{200, huge};
      }
      default:
        return corpus_reply(t, {{std::string(kBreached), 3}});
    }
  });
  Failures failures;
  const PwnedPasswords client(server.url(), 2s, failures.sink());
  for (mode = 0; mode < 4; ++mode) EXPECT_EQ(client.contains("password"), std::nullopt) << mode;
  EXPECT_EQ(client.contains(kBreached), true) << "and answers again once the server does";
  ASSERT_EQ(failures.reasons.size(), 4u);
  EXPECT_NE(failures.reasons[0].find("503"), std::string::npos);
  EXPECT_NE(failures.reasons[3].find("limit"), std::string::npos);
}

TEST(PwnedPasswords, FailureReasonsCarryNoSecret) {
  LoopbackRangeServer server([](const std::string&) { return RangeReply{200, "garbage"}; });
  Failures failures;
  const PwnedPasswords client(server.url(), 2s, failures.sink());
  const std::string password = "tr0ub4dor&3 horse";
  const RangeQuery q = range_query_for(password);
  EXPECT_EQ(client.contains(password), std::nullopt);
  ASSERT_EQ(failures.reasons.size(), 1u);
  for (std::string_view secret : {std::string_view(password), std::string_view(q.prefix),
                                  std::string_view(q.suffix).substr(0, 8)})
    EXPECT_EQ(failures.reasons.front().find(secret), std::string::npos) << failures.reasons.front();
}

TEST(PwnedPasswords, AnswersManyThreadsAtOnce) {
  const std::map<std::string, int> corpus{{std::string(kBreached), 7}};
  LoopbackRangeServer server([&](const std::string& t) { return corpus_reply(t, corpus); });
  const PwnedPasswords client(server.url());
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 12; ++i) {
        const bool breached = (i + t) % 2 == 0;
        if (client.contains(breached ? kBreached : kClean) != breached) ++wrong;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(server.requests().size(), 96u);
}

TEST(PwnedPasswords, RefusesABaseUrlThatIsNotHttp) {
  for (std::string url : {"", "api.pwnedpasswords.com", "ftp://example.com", "file:///etc/passwd"})
    EXPECT_THROW(PwnedPasswords{url}, std::invalid_argument) << url;
  EXPECT_THROW(PwnedPasswords("http://127.0.0.1:1", 0ms), std::invalid_argument);
  EXPECT_NO_THROW(PwnedPasswords("https://api.pwnedpasswords.com/"));
}

}  // namespace
}  // namespace authlens::breach
