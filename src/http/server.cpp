#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <optional>

#include "http/deadline.hpp"
#include "http/problem.hpp"
#include "http/read_message.hpp"
#include "http/response_bytes.hpp"
#include "telemetry/trace/runtime_context.hpp"

namespace authlens::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

struct Server::Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;  // its socket is read and written directly, under `deadline`
  Deadline deadline;         // of the read or write in progress; checked by sweep()
  std::atomic<bool> idle{true};
  std::string client_address;
  unsigned short client_port = 0;
};

namespace {

Response call_handler(const Route& route, const Request& request) {
  try {
    return route.handler(request);
  } catch (const std::exception&) {
    // Handlers turn expected failures into values; what reaches here is a bug or an outage.
    return problem(500, "internal", "The server failed to handle the request.");
  }
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

}  // namespace

Server::Server(asio::io_context& io, const Router& router, ServerLimits limits, WorkPool* pool,
               Instrumentation* instrumentation)
    : io_(io),
      router_(router),
      limits_(limits),
      pool_(pool),
      instrumentation_(instrumentation),
      acceptor_(io),
      sweep_timer_(io) {}

Server::~Server() = default;

void Server::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  const auto bound = acceptor_.local_endpoint();
  server_address_ = bound.address().to_string();
  server_port_ = bound.port();
  asio::co_spawn(io_, accept_loop(), asio::detached);
  schedule_sweep();
}

void Server::schedule_sweep() {
  sweep_timer_.expires_after(kSweepPeriod);
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || draining_) return;
    sweep();
    schedule_sweep();
  });
}

// Cancels the pending read or write of every connection whose deadline has passed; the
// connection's coroutine then sees operation_aborted and closes it. The check is repeated on the
// connection's strand, where a read or write that has started since sets a new deadline first.
void Server::sweep() {
  const auto now = Deadline::Clock::now();
  std::lock_guard lock(connections_mutex_);
  for (const auto& connection : connections_) {
    if (!connection->deadline.passed(now)) continue;
    asio::post(connection->stream.get_executor(), [connection] {
      if (!connection->deadline.passed(Deadline::Clock::now())) return;
      boost::system::error_code ignored;
      connection->stream.socket().cancel(ignored);
    });
  }
}

tcp::endpoint Server::local_endpoint() const { return acceptor_.local_endpoint(); }

std::size_t Server::open_connections() const {
  std::lock_guard lock(connections_mutex_);
  return connections_.size();
}

void Server::drain() {
  draining_ = true;
  asio::post(acceptor_.get_executor(), [this] { sweep_timer_.cancel(); });
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
  std::lock_guard lock(connections_mutex_);
  for (const auto& connection : connections_) {
    asio::post(connection->stream.get_executor(), [connection] {
      if (connection->idle) connection->stream.cancel();
    });
  }
}

asio::awaitable<void> Server::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(asio::make_strand(io_));
    co_await acceptor_.async_accept(socket, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || draining_) co_return;
      continue;  // e.g. EMFILE: the next accept may succeed once connections close
    }
    if (draining_) co_return;
    auto connection = std::make_shared<Connection>(std::move(socket));
    {
      std::lock_guard lock(connections_mutex_);
      if (connections_.size() >= limits_.max_connections) {
        // Over the cap: refuse at the TCP level rather than queue work we cannot serve.
        boost::system::error_code ignored;
        connection->stream.socket().close(ignored);
        continue;
      }
      connections_.insert(connection);
    }
    boost::system::error_code remote_ec;
    const auto remote = connection->stream.socket().remote_endpoint(remote_ec);
    if (!remote_ec) {
      connection->client_address = remote.address().to_string();
      connection->client_port = remote.port();
    }
    auto executor = connection->stream.get_executor();
    asio::co_spawn(executor, serve(connection), asio::detached);
  }
}

asio::awaitable<void> Server::serve(std::shared_ptr<Connection> connection) {
  auto& stream = connection->stream;
  auto& socket = stream.socket();
  beast::flat_buffer buffer;
  std::string out;  // response bytes, reused by every response on this connection
  bool first_request = true;
  for (;;) {
    boost::system::error_code ec;
    if (buffer.size() == 0) {
      // Waiting for a request to begin: the only state in which a drain may close us.
      connection->idle = true;
      if (draining_) break;
      connection->deadline.expires_after(first_request ? limits_.header_timeout
                                                       : limits_.idle_timeout);
      const auto n = co_await socket.async_read_some(buffer.prepare(4096),
                                                     asio::redirect_error(use_awaitable, ec));
      if (ec) break;
      buffer.commit(n);
    }
    connection->idle = false;
    first_request = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits_.header_limit));
    parser.body_limit(limits_.body_limit);
    connection->deadline.expires_after(limits_.header_timeout);
    ec = co_await read_message(socket, buffer, parser, ReadUntil::kMessage);

    std::optional<Response> early;  // an answer decided by the transport, before any route
    if (ec == bhttp::error::body_limit) {
      early = problem(413, "payload_too_large", "The request body is over the limit of 64 KiB.");
    } else if (ec == bhttp::error::header_limit) {
      early = problem(431, "headers_too_large", "The request headers are too large.");
    } else if (ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
               ec == asio::error::eof || ec == asio::error::connection_reset ||
               ec == asio::error::operation_aborted) {
      break;
    } else if (ec) {
      early = problem(400, "bad_request", "The request is not valid HTTP/1.1.");
    }
    if (early) {
      // The stream is out of step after a transport error: answer and close. (A timed-out
      // stream is already closed by Beast, so a slow client just loses the connection.)
      out.clear();
      append_response_bytes(out, *early, 11, false);
      connection->deadline.expires_after(limits_.header_timeout);
      co_await asio::async_write(socket, asio::buffer(out),
                                 asio::redirect_error(use_awaitable, ec));
      break;
    }

    auto& message = parser.get();
    const auto target = view(message.target());
    const auto question = target.find('?');
    Request request;
    request.method = view(message.method_string());
    request.path = target.substr(0, question);
    request.query =
        question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    request.content_type = view(message[bhttp::field::content_type]);
    request.authorization = view(message[bhttp::field::authorization]);
    request.if_none_match = view(message[bhttp::field::if_none_match]);
    request.body = message.body();
    request.client_address = connection->client_address;

    const auto match = router_.match(request.method, request.path);
    std::unique_ptr<RequestScope> scope;
    if (instrumentation_ != nullptr) {
      RequestInfo info;
      info.method = request.method;
      info.path = request.path;
      info.traceparent = view(message["traceparent"]);
      info.tracestate = view(message["tracestate"]);
      info.user_agent = view(message[bhttp::field::user_agent]);
      info.client_address = connection->client_address;
      info.client_port = connection->client_port;
      info.server_address = server_address_;
      info.server_port = server_port_;
      info.version = message.version();
      scope = instrumentation_->start(info);
      scope->routed(match.route);
    }
    static const trace::SpanContext kNoContext{};
    const trace::SpanContext& context = scope ? scope->context() : kNoContext;

    Response response;
    if (match.route == nullptr) {
      if (match.allow.empty()) {
        response = problem(404, "not_found", "No such resource.");
      } else {
        response = problem(405, "method_not_allowed", "The method is not allowed here.");
        response.headers.emplace_back("Allow", match.allow);
      }
    } else if (match.route->execution == Execution::kInline || pool_ == nullptr) {
      trace::ContextScope active(context);
      response = call_handler(*match.route, request);
    } else if (!pool_->try_reserve()) {
      response = problem(503, "overloaded", "The server is busy; try again shortly.", 1);
    } else {
      // co_spawn, not `co_await post(pool)`: a posted awaitable resumes on the coroutine's own
      // executor, which would run the handler on this I/O thread after all.
      response = co_await asio::co_spawn(
          pool_->executor(),
          [&]() -> asio::awaitable<Response> {
            trace::ContextScope active(context);
            co_return call_handler(*match.route, request);
          },
          use_awaitable);
      pool_->release();
    }
    if (scope) scope->finish(response);

    const bool keep_alive = message.keep_alive() && !draining_;
    out.clear();
    append_response_bytes(out, response, message.version(), keep_alive);
    connection->deadline.expires_after(limits_.idle_timeout);
    co_await asio::async_write(socket, asio::buffer(out), asio::redirect_error(use_awaitable, ec));
    if (ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
  std::lock_guard lock(connections_mutex_);
  connections_.erase(connection);
}

}  // namespace authlens::http
