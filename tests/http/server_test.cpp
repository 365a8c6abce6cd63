// The listener over real loopback sockets: limits, timeouts, keep-alive and drain.
#include "http/server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <thread>

#include "http/problem.hpp"

namespace authlens::http {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.add("GET", "/hello", [](const Request& r) {
      return Response::json(200, "{\"client\":\"" + std::string(r.client_address) + "\"}");
    });
    router_.add(
        "POST", "/echo", [](const Request& r) { return Response::json(200, std::string(r.body)); },
        Execution::kPool);
    router_.add("GET", "/boom",
                [](const Request&) -> Response { throw std::runtime_error("bug"); });
  }
  void start(ServerLimits limits = {}) {
    server_ = std::make_unique<Server>(io_, router_, limits, &pool_, nullptr);
    server_->listen({asio::ip::make_address("127.0.0.1"), 0});
    port_ = server_->local_endpoint().port();
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    io_.stop();
    if (thread_.joinable()) thread_.join();
    pool_.join();
  }
  tcp::socket connect() {
    tcp::socket socket(client_io_);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    return socket;
  }
  // Sends raw bytes and reads until the server closes or `until` appears.
  std::string exchange(tcp::socket& socket, const std::string& request,
                       const std::string& until = "") {
    asio::write(socket, asio::buffer(request));
    std::string received;
    char chunk[4096];
    for (;;) {
      boost::system::error_code ec;
      const auto n = socket.read_some(asio::buffer(chunk), ec);
      received.append(chunk, n);
      if (ec) break;
      if (!until.empty() && received.find(until) != std::string::npos) break;
    }
    return received;
  }

  Router router_;
  WorkPool pool_{1, 1};
  asio::io_context io_;
  asio::io_context client_io_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
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
  std::atomic<bool> release{false};
  router_.add(
      "POST", "/slow",
      [&release](const Request&) {
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(5));
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
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  asio::write(b, asio::buffer(slow));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_EQ(pool_.in_use(), 2u) << "a runs, b waits";
  const auto refused = exchange(c, slow, "}");
  EXPECT_NE(refused.find("HTTP/1.1 503"), std::string::npos);
  EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos);
  EXPECT_NE(refused.find("overloaded"), std::string::npos);
  release = true;
  EXPECT_NE(exchange(a, "", "\r\n\r\n").find("204"), std::string::npos);
  EXPECT_NE(exchange(b, "", "\r\n\r\n").find("204"), std::string::npos);
}

TEST_F(ServerTest, DrainClosesIdleConnectionsAndStopsAccepting) {
  start();
  auto idle = connect();
  EXPECT_NE(exchange(idle, "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n", "}").find("200"),
            std::string::npos);
  server_->drain();
  char byte;
  boost::system::error_code ec;
  idle.read_some(asio::buffer(&byte, 1), ec);  // the server closes it
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  for (int i = 0; i < 100 && server_->open_connections() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(server_->open_connections(), 0u);
}

}  // namespace
}  // namespace authlens::http
