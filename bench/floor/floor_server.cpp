// The transport's floor: Boost.Beast with C++20 coroutines, like authlens's listener, answering
// GET /me from a token table in memory. No database, no telemetry, no limits or timeouts: what
// is left is the cost of HTTP/1.1 keep-alive parsing and writing on this machine.
//
// Usage: authlens_floor ADDRESS PORT TOKEN_FILE [THREADS]
//   TOKEN_FILE: one "token email" pair per line (the harness writes the /me pool there).
#include <utility>  // before asio's awaitable header (Boost 1.74 needs std::exchange)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

using TokenTable = std::unordered_map<std::string, std::string>;  // token → /me body

http::response<http::string_body> answer(const TokenTable& tokens,
                                         const http::request<http::string_body>& request) {
  http::response<http::string_body> response;
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.set(http::field::content_type, "application/json");
  const auto field = request[http::field::authorization];
  const std::string_view authorization(field.data(), field.size());
  constexpr std::string_view kBearer = "Bearer ";
  const TokenTable::const_iterator found =
      request.method() == http::verb::get && request.target() == boost::string_view("/me") &&
              authorization.starts_with(kBearer)
          ? tokens.find(std::string(authorization.substr(kBearer.size())))
          : tokens.end();
  if (found != tokens.end()) {
    response.result(http::status::ok);
    response.body() = found->second;
  } else {
    response.result(http::status::unauthorized);
    response.body() = R"({"code":"unauthorized"})";
  }
  response.prepare_payload();
  return response;
}

asio::awaitable<void> serve(tcp::socket socket, const TokenTable& tokens) {
  beast::flat_buffer buffer;
  boost::system::error_code ec;
  for (;;) {
    http::request<http::string_body> request;
    co_await http::async_read(socket, buffer, request,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    auto response = answer(tokens, request);
    co_await http::async_write(socket, response, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive()) break;
  }
  socket.shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const TokenTable& tokens) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket =
        co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (!acceptor.is_open()) co_return;
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(acceptor.get_executor(), serve(std::move(socket), tokens), asio::detached);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: authlens_floor ADDRESS PORT TOKEN_FILE [THREADS]\n";
    return 2;
  }
  TokenTable tokens;
  std::ifstream in(argv[3]);
  std::string token, email;
  while (in >> token >> email)
    tokens.emplace(token,
                   R"({"email":")" + email + R"(","verified":true,"created_at":1700000000})");
  const int threads = argc > 4 ? std::max(1, std::stoi(argv[4])) : 2;

  asio::io_context io(threads);
  tcp::acceptor acceptor(
      io, {asio::ip::make_address(argv[1]), static_cast<unsigned short>(std::stoi(argv[2]))});
  asio::co_spawn(io, accept_loop(acceptor, tokens), asio::detached);
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  std::printf("floor listening on %s:%s with %zu tokens\n", argv[1], argv[2], tokens.size());
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : pool) thread.join();
  return 0;
}
