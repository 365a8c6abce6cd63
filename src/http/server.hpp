#pragma once
// An HTTP/1.1 listener on Boost.Beast with C++20 coroutines: keep-alive, body and header limits,
// header and idle timeouts (a slow client cannot hold a connection), per-client and total
// connection caps, refusal of ambiguous framing, a lingering close after an early answer, and a
// graceful drain for shutdown.
#include <utility>  // before asio's awaitable header (Boost 1.74 needs std::exchange)

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "http/client_identity.hpp"
#include "http/connection.hpp"
#include "http/connection_registry.hpp"
#include "http/instrumentation.hpp"
#include "http/router.hpp"
#include "work/work_pool.hpp"

namespace authlens::http {

struct ServerLimits {
  std::size_t body_limit = 64 * 1024;
  std::size_t header_limit = 8 * 1024;
  std::chrono::seconds header_timeout{10};  // from the first byte to the end of the body
  std::chrono::seconds idle_timeout{60};  // waiting for the next request on a kept-alive connection
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_client = 64;
  // After an early answer (413, framing error) the rest of the request is read and dropped for
  // at most this long and this much, so that closing does not reset the answer away.
  std::chrono::milliseconds linger_time{5000};
  std::chrono::milliseconds linger_gap{1000};  // no byte for this long: the client is done
  std::size_t linger_bytes = 64 * 1024 * 1024;
  // After an accept fails for want of descriptors or memory, accepting waits this long.
  std::chrono::milliseconds accept_pause{100};
};

// What the accept loop does after a failed accept. Out of descriptors (EMFILE, ENFILE) or
// memory, the connection stays in the backlog and the listener stays readable, so accepting
// again at once would spin a core until some connection closes: pause instead, as nginx does.
enum class AfterAcceptError { kStop, kRetry, kPause };
AfterAcceptError after_accept_error(const boost::system::error_code& ec, bool draining);

class Server {
 public:
  Server(boost::asio::io_context& io, const Router& router, ServerLimits limits,
         work::WorkPool* pool, Instrumentation* instrumentation, ClientIdentification clients = {});
  ~Server();

  // Binds and listens (throws on failure), then accepts on the io_context.
  void listen(const boost::asio::ip::tcp::endpoint& endpoint);
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // The drain's first phase (a grace period a load balancer can see): everything is still served
  // and accepted, but every answer says Connection: close.
  void begin_drain();
  // Stops accepting (connections already waiting in the backlog are still taken and served),
  // closes kept-alive connections that have nothing waiting to be read; busy ones close after
  // their current response.
  void drain();
  std::size_t open_connections() const;
  std::size_t connections_in(Phase phase) const;  // for tests and diagnostics

 private:
  using Parser = boost::beast::http::request_parser<boost::beast::http::string_body>;
  using Message = boost::beast::http::request<boost::beast::http::string_body>;

  // What reading one request came to.
  struct ReadResult {
    bool gone = false;                // the client left, timed out or was closed by a drain
    std::optional<Response> refusal;  // answer this, then close
  };

  boost::asio::awaitable<void> accept_loop();
  // Admits an accepted connection and starts serving it (or closes it when refused).
  void admit(boost::asio::ip::tcp::socket socket);
  // On control_, at a drain: accepts what already waits in the backlog, then closes the acceptor.
  void take_backlog();
  boost::asio::awaitable<void> serve(std::shared_ptr<Connection> connection);
  // Waits for the first byte of the next request; false when the connection should end.
  boost::asio::awaitable<bool> await_request(Connection& connection,
                                             boost::beast::flat_buffer& buffer, bool first);
  boost::asio::awaitable<ReadResult> read_request(Connection& connection,
                                                  boost::beast::flat_buffer& buffer,
                                                  Parser& parser);
  boost::asio::awaitable<boost::system::error_code> continue_body(Connection& connection);
  // The answer, and the instrumentation's scope of the request (when instrumented), which
  // holds the header it adds to the answer.
  struct Exchange {
    Response response;
    std::unique_ptr<RequestScope> scope;
  };
  boost::asio::awaitable<Exchange> dispatch(const Connection& connection, const Message& message);
  boost::asio::awaitable<bool> write_response(Connection& connection, Response response,
                                              unsigned version, bool keep_alive,
                                              ResponseHeader added = {}, bool with_body = true);
  boost::asio::awaitable<void> refuse_and_linger(Connection& connection, Response refusal);
  // Closes a connection on its own strand if it is still idle (a drain) or still not being
  // answered (an eviction to make room).
  enum class Closing { kIfIdle, kIfNotBusy };
  void close_soon(const std::shared_ptr<Connection>& connection, Closing when);
  void schedule_sweep();
  void sweep();

  // How often connections' read and write deadlines are checked (http/deadline.hpp).
  static constexpr std::chrono::milliseconds kSweepPeriod{250};

  boost::asio::io_context& io_;
  const Router& router_;
  ServerLimits limits_;
  work::WorkPool* pool_;
  Instrumentation* instrumentation_;
  ClientIdentification clients_;
  // The acceptor and the server's timers are used from whichever I/O thread runs a handler and
  // from drain(): one strand keeps them to one thread at a time (asio objects are not thread-safe).
  boost::asio::strand<boost::asio::io_context::executor_type> control_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer sweep_timer_;
  boost::asio::steady_timer accept_pause_;
  std::string server_address_;
  unsigned short server_port_ = 0;
  std::atomic<bool> closing_{false};   // answers say Connection: close (from begin_drain)
  std::atomic<bool> draining_{false};  // no more accepting; idle connections close
  ConnectionRegistry connections_;
};

}  // namespace authlens::http
