#pragma once
// An HTTP/1.1 listener on Boost.Beast with C++20 coroutines: keep-alive, body and header limits,
// header and idle timeouts (a slow client cannot hold a connection), a connection cap, and a
// graceful drain for shutdown.
#include <utility>  // before asio's awaitable header (Boost 1.74 needs std::exchange)

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>

#include "http/instrumentation.hpp"
#include "http/router.hpp"
#include "http/work_pool.hpp"

namespace authlens::http {

struct ServerLimits {
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 8 * 1024;
  std::chrono::seconds header_timeout{10};  // from the first byte to the end of the body
  std::chrono::seconds idle_timeout{60};  // waiting for the next request on a kept-alive connection
  std::size_t max_connections = 1024;
};

class Server {
 public:
  Server(boost::asio::io_context& io, const Router& router, ServerLimits limits, WorkPool* pool,
         Instrumentation* instrumentation);
  ~Server();

  // Binds and listens (throws on failure), then accepts on the io_context.
  void listen(const boost::asio::ip::tcp::endpoint& endpoint);
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Stops accepting, closes idle connections; busy ones close after their current response.
  void drain();
  std::size_t open_connections() const;

  struct Connection;

 private:
  boost::asio::awaitable<void> accept_loop();
  boost::asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  void schedule_sweep();
  void sweep();

  // How often connections' read and write deadlines are checked (http/deadline.hpp).
  static constexpr std::chrono::milliseconds kSweepPeriod{250};

  boost::asio::io_context& io_;
  const Router& router_;
  ServerLimits limits_;
  WorkPool* pool_;
  Instrumentation* instrumentation_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer sweep_timer_;
  std::string server_address_;
  unsigned short server_port_ = 0;
  std::atomic<bool> draining_{false};
  mutable std::mutex connections_mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;
};

}  // namespace authlens::http
