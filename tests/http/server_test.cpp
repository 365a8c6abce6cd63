// The listener over real loopback sockets: limits, timeouts, keep-alive and drain. The test waits
// for what it needs to have happened (a handler entered, a job queued, a request begun), never
// for a length of time.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/socket.h>
#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <future>
#include <thread>
#include <vector>

#include "http/problem.hpp"

namespace authlens::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/hello", [](const Request& r) {
      return Response::json(200, "{\"client\":\"" + std::string(r.client_address) +
                                     "\",\"key\":\"" + std::string(r.client_key) + "\"}");
    });
    router_.add(
        "POST", "/echo", [](const Request& r) { return Response::json(200, std::string(r.body)); },
        Execution::kPool);
    router_.add("GET", "/boom",
                [](const Request&) -> Response { throw std::runtime_error("bug"); });
  }
  void start(ServerLimits limits = {}, ClientIdentification clients = {}) {
    listen(limits, std::move(clients));
    run();
  }
  // Listening, but nothing served until run(): connections wait in the backlog.
  void listen(ServerLimits limits = {}, ClientIdentification clients = {}) {
    server_ = std::make_unique<Server>(io_, router_, limits, &pool_, nullptr, std::move(clients));
    server_->listen({asio::ip::make_address("127.0.0.1"), 0});
    port_ = server_->local_endpoint().port();
  }
  void run() {
    thread_ = std::thread([this] {
      io_.run();
      io_done_.set_value();
    });
  }
  // True when the server's work on the io_context ends by itself (a drain is over) within `wait`.
  bool finishes_within(std::chrono::milliseconds wait) {
    return io_done_future_.wait_for(wait) == std::future_status::ready;
  }
  void TearDown() override {
    io_.stop();
    if (thread_.joinable()) thread_.join();
    pool_.join();
  }
  // From another loopback address, another client is another client.
  tcp::socket connect(const char* from = "127.0.0.1") {
    tcp::socket socket(client_io_);
    socket.open(tcp::v4());
    socket.bind({asio::ip::make_address(from), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    return socket;
  }
  // read_some with a time limit, so a server that never answers fails the test instead of
  // hanging it (asio's blocking read ignores SO_RCVTIMEO: it polls again without a limit).
  static std::size_t read_within(tcp::socket& socket, asio::mutable_buffer into,
                                 std::chrono::milliseconds wait, boost::system::error_code& ec) {
    pollfd ready{socket.native_handle(), POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(wait.count())) <= 0) {
      ec = asio::error::timed_out;
      return 0;
    }
    return socket.read_some(into, ec);
  }
  // True when the server closes the socket (EOF or reset) within `wait`.
  static bool closed_by_server(tcp::socket& socket,
                               std::chrono::milliseconds wait = std::chrono::seconds(1)) {
    char byte;
    boost::system::error_code ec;
    read_within(socket, asio::buffer(&byte, 1), wait, ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }
  // Waits (up to 5 s) for a condition the server's threads bring about; false if it never holds.
  template <typename Predicate>
  static bool eventually(Predicate holds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!holds()) {
      if (std::chrono::steady_clock::now() > until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));  // polls the condition
    }
    return true;
  }
  static std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  }
  // Sends raw bytes and reads until the server closes, `until` appears or nothing comes for `wait`.
  std::string exchange(tcp::socket& socket, const std::string& request,
                       const std::string& until = "",
                       std::chrono::milliseconds wait = std::chrono::seconds(10)) {
    asio::write(socket, asio::buffer(request));
    std::string received;
    char chunk[4096];
    for (;;) {
      boost::system::error_code ec;
      const auto n = read_within(socket, asio::buffer(chunk), wait, ec);
      received.append(chunk, n);
      if (ec) break;
      if (!until.empty() && received.find(until) != std::string::npos) break;
    }
    return received;
  }

  Router router_;
  work::WorkPool pool_{1, 1};
  asio::io_context io_;
  asio::io_context client_io_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
  std::promise<void> io_done_;
  std::future<void> io_done_future_ = io_done_.get_future();
  unsigned short port_ = 0;
};

TEST_F(ServerTest, ServesSeveralRequestsOnOneKeptAliveConnection) {
  start();
  auto socket = connect();
  const auto first = exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_NE(first.find("HTTP/1.1 200 OK"), std::string::npos);
  EXPECT_NE(first.find("\"client\":\"127.0.0.1\""), std::string::npos);
  const auto second = exchange(
      socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}", "{\"a\":1}");
  EXPECT_NE(second.find("HTTP/1.1 200 OK"), std::string::npos);
}

TEST_F(ServerTest, AnswersUnknownPaths404AndWrongMethods405WithAllow) {
  start();
  auto socket = connect();
  const auto missing = exchange(socket, "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_NE(missing.find("HTTP/1.1 404"), std::string::npos);
  EXPECT_NE(missing.find("\"code\":\"not_found\""), std::string::npos);
  const auto wrong = exchange(socket, "DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_NE(wrong.find("HTTP/1.1 405"), std::string::npos);
  EXPECT_NE(wrong.find("Allow: GET"), std::string::npos);
}

TEST_F(ServerTest, RefusesBodiesOver64KiBWith413) {
  start();
  auto socket = connect();
  const auto reply =
      exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" +
                           std::string(1000, 'a'));
  EXPECT_NE(reply.find("HTTP/1.1 413"), std::string::npos);
  EXPECT_NE(reply.find("payload_too_large"), std::string::npos);
}

// curl and many SDKs send `Expect: 100-continue` and hold the body back until the server says
// so (curl waits a second); an answer that does not depend on the body comes at once instead.
TEST_F(ServerTest, AnExpectationOf100ContinueIsAnsweredBeforeTheBodyIsSent) {
  start();
  auto socket = connect();
  const std::chrono::seconds short_wait(2);
  const auto go_ahead = exchange(socket,
                                 "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\n"
                                 "Content-Length: 7\r\n\r\n",
                                 "\r\n\r\n", short_wait);
  EXPECT_EQ(go_ahead, "HTTP/1.1 100 Continue\r\n\r\n");
  const auto answer = exchange(socket, "{\"a\":1}", "{\"a\":1}");
  EXPECT_NE(answer.find("HTTP/1.1 200 OK"), std::string::npos);

  auto too_big = connect();
  const auto refused = exchange(too_big,
                                "POST /echo HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                                "Content-Length: 70000\r\n\r\n",
                                "}", short_wait);
  EXPECT_EQ(refused.rfind("HTTP/1.1 413", 0), 0u) << refused;  // no 100 before it
}

TEST_F(ServerTest, RefusesOversizedHeadersWith431) {
  start();
  auto socket = connect();
  const auto reply = exchange(
      socket, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(10000, 'b') + "\r\n\r\n");
  EXPECT_NE(reply.find("HTTP/1.1 431"), std::string::npos);
}

TEST_F(ServerTest, AHandlerExceptionBecomes500NotACrash) {
  start();
  auto socket = connect();
  const auto reply = exchange(socket, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_NE(reply.find("HTTP/1.1 500"), std::string::npos);
  auto again = connect();
  EXPECT_NE(exchange(again, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
}

TEST_F(ServerTest, ClosesASlowClientAtTheHeaderDeadline) {
  ServerLimits limits;
  limits.header_timeout = std::chrono::seconds(1);
  start(limits);
  auto socket = connect();
  const auto started = std::chrono::steady_clock::now();
  const auto reply = exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n");  // never finishes
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(reply, "");  // closed without an answer
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_F(ServerTest, RefusesWorkWhenThePoolIsFull) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  router_.add(
      "POST", "/slow",
      [released, &entered, first = std::make_shared<std::atomic<bool>>(true)](const Request&) {
        if (first->exchange(false)) entered.set_value();
        released.wait();
        return Response::empty(204);
      },
      Execution::kPool);
  start();
  // Pool of 1 thread + 1 queued: the third concurrent request is refused at once.
  auto a = connect();
  auto b = connect();
  auto c = connect();
  const std::string slow = "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
  asio::write(a, asio::buffer(slow));
  entered.get_future().wait();  // a runs
  asio::write(b, asio::buffer(slow));
  ASSERT_TRUE(eventually([this] { return pool_.in_use() == 2; })) << "b waits";
  const auto refused = exchange(c, slow, "}");
  EXPECT_NE(refused.find("HTTP/1.1 503"), std::string::npos);
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  EXPECT_NE(refused.find("overloaded"), std::string::npos);
  release.set_value();
  EXPECT_NE(exchange(a, "", "\r\n\r\n").find("204"), std::string::npos);
  EXPECT_NE(exchange(b, "", "\r\n\r\n").find("204"), std::string::npos);
}

// A drain must not stop the clock: a client that is slow to send its request still loses the
// connection at the header deadline, or it would hold the shutdown until its timeout. (Whether
// the server has read the partial head yet or not, the drain leaves the connection to its
// deadline: there are bytes to read.)
TEST_F(ServerTest, DeadlinesHoldWhileDraining) {
  ServerLimits limits;
  limits.header_timeout = std::chrono::seconds(1);
  start(limits);
  auto slow = connect();
  asio::write(slow, asio::buffer(std::string("GET /hello HTTP/1.1\r\nHo")));
  ASSERT_TRUE(eventually([this] { return server_->connections_in(Phase::kReading) == 1; }))
      << "the request has begun";
  server_->drain();
  EXPECT_TRUE(closed_by_server(slow, std::chrono::seconds(4)));
}

TEST_F(ServerTest, DrainClosesIdleConnectionsAndStopsAccepting) {
  start();
  auto idle = connect();
  EXPECT_NE(exchange(idle, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200"),
            std::string::npos);
  server_->drain();
  EXPECT_TRUE(closed_by_server(idle, std::chrono::seconds(5)));
  // The listener, its timers and its connections are all done: the io_context runs dry.
  ASSERT_TRUE(finishes_within(std::chrono::seconds(5)));
  EXPECT_EQ(server_->open_connections(), 0u);
  tcp::socket late(client_io_);
  boost::system::error_code ec;
  late.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
  EXPECT_EQ(ec, asio::error::connection_refused);
}

// The grace period: a request on a kept-alive connection is still answered, and the answer
// says the connection ends.
TEST_F(ServerTest, DuringTheGracePeriodRequestsAreServedAndConnectionsClose) {
  start();
  auto kept = connect();
  const auto first = exchange(kept, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_EQ(first.find("Connection: close"), std::string::npos) << first;
  server_->begin_drain();
  const auto second = exchange(kept, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  EXPECT_EQ(second.rfind("HTTP/1.1 200", 0), 0u) << second;
  EXPECT_NE(second.find("Connection: close"), std::string::npos) << second;
  EXPECT_TRUE(closed_by_server(kept));
  auto fresh = connect();  // still accepting
  EXPECT_EQ(exchange(fresh, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").rfind("HTTP/1.1 200", 0),
            0u);
}

// Connections that reached the listener's backlog before the drain are accepted and answered,
// not reset when the listener closes.
TEST_F(ServerTest, ADrainAnswersWhatWaitsInTheBacklog) {
  listen();
  auto a = connect();
  auto b = connect();
  asio::write(a, asio::buffer(std::string("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")));
  asio::write(b, asio::buffer(std::string(
                     "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n{\"a\":1}")));
  server_->drain();
  run();
  const auto reply_a = exchange(a, "", "}");
  const auto reply_b = exchange(b, "", "}");
  EXPECT_EQ(reply_a.rfind("HTTP/1.1 200", 0), 0u) << reply_a;
  EXPECT_EQ(reply_b.rfind("HTTP/1.1 200", 0), 0u) << reply_b;
  EXPECT_NE(reply_b.find("Connection: close"), std::string::npos) << reply_b;
  EXPECT_TRUE(finishes_within(std::chrono::seconds(5)));
}

// RFC 9112 §3.2: which host a request is for must be unambiguous.
TEST_F(ServerTest, AMissingOrRepeatedHostIsRefusedAndCloses) {
  start();
  for (const std::string head :
       {"GET /hello HTTP/1.1\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET /hello HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: a b\r\n\r\n"}) {
    auto socket = connect();
    const auto reply = exchange(socket, head);
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << head << reply;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << head << reply;
    EXPECT_EQ(count(reply, "HTTP/1.1 400"), 1u) << head << reply;
  }
  for (const std::string head :
       {"GET /hello HTTP/1.0\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: [::1]:8001\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost:\r\n\r\n"}) {
    auto socket = connect();
    EXPECT_NE(exchange(socket, head, "}").find(" 200 OK\r\n"), std::string::npos) << head;
  }
}

// Running out of descriptors cannot be staged in this process: the sanitizers need descriptors
// of their own to check it. The loop's decision is tested here; scripts/out-of-descriptors.py
// stages it against the Release binary (figures in the README's edge table).
TEST(AcceptErrorTest, OutOfDescriptorsOrMemoryPausesAClientThatLeftRetriesADrainStops) {
  namespace err = boost::asio::error;
  for (const auto e : {err::no_descriptors, err::no_buffer_space, err::no_memory})
    EXPECT_EQ(after_accept_error(e, false), AfterAcceptError::kPause) << e;
  EXPECT_EQ(after_accept_error(boost::system::errc::make_error_code(
                                   boost::system::errc::too_many_files_open_in_system),
                               false),
            AfterAcceptError::kPause);
  EXPECT_EQ(after_accept_error(err::connection_aborted, false), AfterAcceptError::kRetry);
  EXPECT_EQ(after_accept_error(err::connection_reset, false), AfterAcceptError::kRetry);
  EXPECT_EQ(after_accept_error(err::operation_aborted, false), AfterAcceptError::kStop);
  EXPECT_EQ(after_accept_error(err::no_descriptors, true), AfterAcceptError::kStop);
}

// A request smuggled in the body of a badly framed one must never be answered: one response,
// then the connection closes.
TEST_F(ServerTest, FramingErrorsAreAnsweredOnceAndCloseTheConnection) {
  start();
  const std::string smuggled = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
  struct Variant {
    std::string head;
    std::string status;
  };
  const std::vector<Variant> variants = {
      {"Transfer-Encoding: xchunked\r\n", "501"},
      {"Transfer-Encoding: chunked, identity\r\n", "501"},
      {"Transfer-Encoding: identity\r\n", "501"},
      {"Transfer-Encoding: gzip, chunked\r\n", "501"},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", ""},
      {"Transfer-Encoding: chunked\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n",
       "400"},
      {"Content-Length: 0\r\nContent-Length: " + std::to_string(smuggled.size()) + "\r\n", "400"},
      {"Transfer-Encoding: chunked\r\n", "400"},  // body: a bad chunk size
  };
  for (const auto& variant : variants) {
    auto socket = connect();
    const bool bad_chunk = variant.head == "Transfer-Encoding: chunked\r\n";
    const std::string body = bad_chunk ? "zz\r\n" + smuggled : smuggled;
    const auto reply =
        exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\n" + variant.head + "\r\n" + body);
    EXPECT_EQ(count(reply, "HTTP/1.1 "), 1u) << variant.head << "\n" << reply;
    if (!variant.status.empty()) {
      EXPECT_EQ(reply.rfind("HTTP/1.1 " + variant.status, 0), 0u) << variant.head << reply;
    }
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << variant.head << reply;
  }
}

TEST_F(ServerTest, AcceptsExactlyChunkedAndKeepsTheConnection) {
  start();
  auto socket = connect();
  const auto reply = exchange(socket,
                              "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n"
                              "\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n",
                              "{\"a\":1}");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
  EXPECT_NE(exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
}

// A client that writes its whole body before reading must still read the 413, not a reset.
TEST_F(ServerTest, The413ArrivesWhenTheClientSendsEverythingFirst) {
  start();
  const std::string body(10 * 1024 * 1024, 'a');
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto socket = connect();
    const auto head =
        "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    boost::system::error_code ec;
    asio::write(socket, asio::buffer(head), ec);
    asio::write(socket, asio::buffer(body), ec);
    ASSERT_FALSE(ec) << "writing the body: " << ec.message();
    const auto reply = exchange(socket, "", "}");
    EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << attempt << ": " << reply.substr(0, 200);
  }
}

TEST_F(ServerTest, OneClientsConnectionsAreCappedOthersAreServed) {
  ServerLimits limits;
  limits.max_connections_per_client = 3;
  start(limits);
  std::vector<tcp::socket> held;
  for (int i = 0; i < 3; ++i) held.push_back(connect());
  auto fourth = connect();
  EXPECT_TRUE(closed_by_server(fourth)) << "the client's fourth connection";
  auto other = connect("127.0.0.2");
  EXPECT_NE(exchange(other, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
}

TEST_F(ServerTest, NearTheTotalCapTheOldestIdleConnectionIsClosedForANewcomer) {
  ServerLimits limits;
  limits.max_connections = 4;
  limits.max_connections_per_client = 100;
  start(limits);
  std::vector<tcp::socket> idle;
  for (int i = 0; i < 4; ++i) idle.push_back(connect());  // accepted in this order
  auto newcomer = connect("127.0.0.2");
  EXPECT_NE(exchange(newcomer, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
  EXPECT_TRUE(closed_by_server(idle.front())) << "the oldest idle connection made room";
}

ClientIdentification trusting(const char* proxies, ProxyHeader header,
                              unsigned ipv6_prefix = ClientKeys::kDefaultIpv6Prefix) {
  return {*TrustedProxies::parse(proxies, nullptr), header, ClientKeys(ipv6_prefix)};
}

TEST_F(ServerTest, ATrustedProxySaysWhoTheClientIsOthersCannot) {
  start({}, trusting("127.0.0.2/32", ProxyHeader::kXForwardedFor));
  const std::string request =
      "GET /hello HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6, 198.51.100.4\r\n\r\n";
  auto via_proxy = connect("127.0.0.2");
  EXPECT_NE(exchange(via_proxy, request, "}").find("\"client\":\"198.51.100.4\""),
            std::string::npos);
  auto direct = connect("127.0.0.1");
  EXPECT_NE(exchange(direct, request, "}").find("\"client\":\"127.0.0.1\""), std::string::npos);
  // The proxy's own line comes after the one the client wrote: both are read, in order.
  auto two_lines = connect("127.0.0.2");
  EXPECT_NE(exchange(two_lines,
                     "GET /hello HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 6.6.6.6\r\n"
                     "X-Forwarded-For: 198.51.100.5\r\n\r\n",
                     "}")
                .find("\"client\":\"198.51.100.5\""),
            std::string::npos);
}

// A proxy that writes only X-Forwarded-For passes the client's own Forwarded header through.
TEST_F(ServerTest, OnlyTheHeaderTheProxiesWriteIsRead) {
  start({}, trusting("127.0.0.2/32", ProxyHeader::kXForwardedFor));
  auto via_proxy = connect("127.0.0.2");
  const auto reply = exchange(via_proxy,
                              "GET /hello HTTP/1.1\r\nHost: x\r\nForwarded: for=203.0.113.9\r\n"
                              "X-Forwarded-For: 198.51.100.4\r\n\r\n",
                              "}");
  EXPECT_NE(reply.find("\"client\":\"198.51.100.4\""), std::string::npos) << reply;
}

TEST_F(ServerTest, AClientTheProxyCouldNotNameIsNotTheProxy) {
  start({}, trusting("127.0.0.2/32", ProxyHeader::kForwarded));
  auto hidden = connect("127.0.0.2");
  const auto reply =
      exchange(hidden, "GET /hello HTTP/1.1\r\nHost: x\r\nForwarded: for=unknown\r\n\r\n", "}");
  EXPECT_NE(reply.find("\"client\":\"127.0.0.2\",\"key\":\"hidden@127.0.0.2\""), std::string::npos)
      << reply;
  auto itself = connect("127.0.0.2");
  EXPECT_NE(
      exchange(itself, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("\"key\":\"127.0.0.2\""),
      std::string::npos);
}

TEST_F(ServerTest, AnIpv6ClientBehindAProxyIsKeyedOnItsPrefix) {
  start({}, trusting("127.0.0.2/32", ProxyHeader::kXForwardedFor, 64));
  auto via_proxy = connect("127.0.0.2");
  const auto reply = exchange(
      via_proxy, "GET /hello HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 2001:db8:1:2:3:4:5:6\r\n\r\n",
      "}");
  EXPECT_NE(reply.find("\"client\":\"2001:db8:1:2:3:4:5:6\",\"key\":\"2001:db8:1:2::/64\""),
            std::string::npos)
      << reply;
}

// RFC 9112 §5.2: a line folded onto the one before it is refused, not joined: a folded
// Transfer-Encoding would be honoured by us and maybe not by a proxy in front.
TEST_F(ServerTest, RefusesObsFoldWith400) {
  start();
  for (const std::string fold : {" ", "\t"}) {
    auto socket = connect();
    const auto reply = exchange(socket, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding:\r\n" +
                                            fold + "chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
    EXPECT_EQ(count(reply, "HTTP/1.1 "), 1u) << reply;
  }
  auto body_with_fold = connect();  // a body may hold anything
  EXPECT_NE(exchange(body_with_fold,
                     "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\n\r\n {}\r\n",
                     "HTTP/1.1 200")
                .find("HTTP/1.1 200"),
            std::string::npos);
}

TEST_F(ServerTest, CountsTheWholeHeaderBlockAgainstTheLimit) {
  start();
  std::string many;
  for (int i = 0; i < 1100; ++i) many += "X-" + std::to_string(i) + ": v\r\n";  // ~11 KB
  ASSERT_GT(many.size(), 10000u);
  auto socket = connect();
  const auto reply = exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n" + many + "\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 431", 0), 0u) << reply.substr(0, 200);
  auto under = connect();
  std::string some;
  for (int i = 0; i < 500; ++i) some += "X-" + std::to_string(i) + ": v\r\n";  // ~5 KB
  EXPECT_NE(exchange(under, "GET /hello HTTP/1.1\r\nHost: x\r\n" + some + "\r\n", "}")
                .find("HTTP/1.1 200"),
            std::string::npos);
}

TEST_F(ServerTest, AnswersHeadOnGetRoutesWithTheHeaderOnly) {
  start();
  auto socket = connect();
  const auto get = exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}");
  const auto head = exchange(socket, "HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n", "\r\n\r\n",
                             std::chrono::milliseconds(500));
  ASSERT_EQ(head.rfind("HTTP/1.1 200", 0), 0u) << head;
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n") << "no body: " << head;
  const auto length = [](const std::string& m) {
    const auto at = m.find("Content-Length: ");
    return m.substr(at, m.find("\r\n", at) - at);
  };
  EXPECT_EQ(length(head), length(get));
  // The connection is still in step: the next request is answered.
  EXPECT_NE(exchange(socket, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
}

// Sockets that send one byte and stop fill a listener as well as idle ones: near the cap the
// oldest of them, of the client holding the most, makes room for a newcomer.
TEST_F(ServerTest, NearTheCapAHalfSentRequestIsClosedForANewcomer) {
  ServerLimits limits;
  limits.max_connections = 4;  // evict from 3 on
  limits.max_connections_per_client = 100;
  start(limits);
  std::vector<tcp::socket> half;
  for (int i = 0; i < 3; ++i) {
    half.push_back(connect());
    asio::write(half.back(), asio::buffer(std::string("G")));
  }
  ASSERT_TRUE(eventually([this] { return server_->connections_in(Phase::kReading) == 3; }));
  auto newcomer = connect("127.0.0.2");
  EXPECT_NE(exchange(newcomer, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200 OK"),
            std::string::npos);
  EXPECT_TRUE(closed_by_server(half.front())) << "the oldest half-sent request made room";
}

}  // namespace
}  // namespace authlens::http
