#include "http/server.hpp"

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/range/iterator_range.hpp>
#include <exception>
#include <string>

#include "http/deadline.hpp"
#include "http/framing.hpp"
#include "http/header_text.hpp"
#include "http/host_header.hpp"
#include "http/http_date.hpp"
#include "http/pool_call.hpp"
#include "http/problem.hpp"
#include "http/read_message.hpp"
#include "http/response_bytes.hpp"
#include "telemetry/trace/api/context.hpp"

namespace authlens::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::use_awaitable;
using tcp = asio::ip::tcp;

namespace {

Response call_handler(const Route& route, const Request& request) {
  try {
    return route.handler(request);
  } catch (const std::exception&) {
    // Handlers turn expected failures into values; what reaches here is a bug or an outage.
    return problem(500, "internal", "The server failed to handle the request.");
  }
}

Response overloaded() {
  return problem(503, "overloaded", "The server is busy; try again shortly.", 1);
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }
beast::string_view to_beast(std::string_view s) { return {s.data(), s.size()}; }

// Every line of a header, in order, as one list: a proxy may add its hop as a line of its own,
// below one the client wrote, and reading only the first line would believe the client.
template <class Message>
std::string all_values(const Message& message, beast::string_view name) {
  std::string joined;
  for (const auto& line : boost::make_iterator_range(message.equal_range(name))) {
    if (!joined.empty()) joined += ',';
    joined.append(line.value().data(), line.value().size());
  }
  return joined;
}

// Only HTTP/1.1 has the expectation; its one defined value is compared without case.
template <class Message>
bool expects_continue(const Message& message) {
  const auto value = trim_ows(view(message[bhttp::field::expect]));
  return message.version() == 11 && beast::iequals({value.data(), value.size()}, "100-continue");
}

// What the instrumentation may read of a request: the parsed parts, and any header on demand.
template <class Message>
class MessageView final : public RequestView {
 public:
  explicit MessageView(const Message& message) : message_(message) {}
  std::string_view header(std::string_view name) const override {
    return view(message_[beast::string_view(name.data(), name.size())]);
  }

 private:
  const Message& message_;
};

bool client_left(const boost::system::error_code& ec) {
  return ec == beast::error::timeout || ec == bhttp::error::end_of_stream ||
         ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::operation_aborted;
}

}  // namespace

AfterAcceptError after_accept_error(const boost::system::error_code& ec, bool draining) {
  if (ec == asio::error::operation_aborted || draining) return AfterAcceptError::kStop;
  // The client gave up between the handshake and our accept: nothing wrong with us.
  if (ec == asio::error::connection_aborted || ec == asio::error::connection_reset ||
      ec == asio::error::try_again || ec == asio::error::interrupted)
    return AfterAcceptError::kRetry;
  return AfterAcceptError::kPause;
}

Server::Server(asio::io_context& io, const Router& router, ServerLimits limits,
               work::WorkPool* pool, Instrumentation* instrumentation, ClientIdentification clients)
    : io_(io),
      router_(router),
      limits_(limits),
      pool_(pool),
      instrumentation_(instrumentation),
      clients_(std::move(clients)),
      control_(asio::make_strand(io)),
      acceptor_(control_),
      sweep_timer_(control_),
      accept_pause_(control_),
      connections_(limits.max_connections, limits.max_connections_per_client) {}

Server::~Server() = default;

void Server::listen(const tcp::endpoint& endpoint) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  const auto bound = acceptor_.local_endpoint();
  server_address_ = bound.address().to_string();
  server_port_ = bound.port();
  asio::co_spawn(control_, accept_loop(), asio::detached);
  asio::post(control_, [this] { schedule_sweep(); });
}

// Runs on control_. Deadlines hold while draining too (a slow client must not hold the shutdown);
// the sweep ends with the last connection of a drain.
void Server::schedule_sweep() {
  sweep_timer_.expires_after(kSweepPeriod);
  sweep_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    sweep();
    if (draining_ && connections_.size() == 0) return;
    schedule_sweep();
  });
}

// Cancels the pending read or write of every connection whose deadline has passed; the
// connection's coroutine then sees operation_aborted and closes it. The check is repeated on the
// connection's strand, where a read or write that has started since sets a new deadline first.
void Server::sweep() {
  const auto now = Deadline::Clock::now();
  connections_.for_each([now](const std::shared_ptr<Connection>& connection) {
    if (!connection->deadline.passed(now)) return;
    asio::post(connection->stream.get_executor(), [connection] {
      if (!connection->deadline.passed(Deadline::Clock::now())) return;
      boost::system::error_code ignored;
      connection->stream.socket().cancel(ignored);
    });
  });
}

tcp::endpoint Server::local_endpoint() const { return acceptor_.local_endpoint(); }

std::size_t Server::open_connections() const { return connections_.size(); }

std::size_t Server::connections_in(Phase phase) const {
  std::size_t n = 0;
  connections_.for_each(
      [&n, phase](const std::shared_ptr<Connection>& c) { n += c->phase == phase; });
  return n;
}

// A drain closes a connection that waits for its next request, unless that request has already
// arrived (bytes in the socket): closing then would reset it away unanswered. Making room closes
// one that is not being answered, half-sent requests included.
void Server::close_soon(const std::shared_ptr<Connection>& connection, Closing when) {
  asio::post(connection->stream.get_executor(), [connection, when] {
    const Phase phase = connection->phase;
    boost::system::error_code ec;
    if (when == Closing::kIfIdle
            ? phase == Phase::kIdle && connection->stream.socket().available(ec) == 0
            : phase != Phase::kBusy)
      connection->stream.cancel();
  });
}

void Server::begin_drain() { closing_ = true; }

void Server::drain() {
  closing_ = true;
  draining_ = true;
  asio::post(control_, [this] {
    accept_pause_.cancel();
    boost::system::error_code ignored;
    acceptor_.cancel(ignored);  // the accept loop then takes the backlog and closes
  });
  connections_.for_each(
      [this](const std::shared_ptr<Connection>& c) { close_soon(c, Closing::kIfIdle); });
}

void Server::take_backlog() {
  boost::system::error_code ec;
  acceptor_.non_blocking(true, ec);
  while (!ec) {
    tcp::socket socket(asio::make_strand(io_));
    acceptor_.accept(socket, ec);
    if (!ec) admit(std::move(socket));
  }
  acceptor_.close(ec);
}

asio::awaitable<void> Server::accept_loop() {
  for (;;) {
    // A client whose connection reached the backlog before the drain gets its answer too.
    if (draining_) {
      take_backlog();
      co_return;
    }
    boost::system::error_code ec;
    tcp::socket socket(asio::make_strand(io_));
    co_await acceptor_.async_accept(socket, asio::redirect_error(use_awaitable, ec));
    if (ec) {
      if (draining_) continue;
      const auto next = after_accept_error(ec, draining_);
      if (next == AfterAcceptError::kStop) co_return;
      if (next == AfterAcceptError::kRetry) continue;
      accept_pause_.expires_after(limits_.accept_pause);
      co_await accept_pause_.async_wait(asio::redirect_error(use_awaitable, ec));
      continue;
    }
    admit(std::move(socket));
  }
}

void Server::admit(tcp::socket socket) {
  boost::system::error_code ec;
  auto connection = std::make_shared<Connection>(std::move(socket));
  const auto remote = connection->stream.socket().remote_endpoint(ec);
  if (ec) return;  // already gone
  connection->peer = remote.address();
  connection->peer_client = clients_.of_peer(remote.address());
  connection->peer_port = remote.port();
  connection->trusted_peer = clients_.trusts(remote.address());
  const auto admission = connections_.admit(connection);
  if (admission.evict) close_soon(admission.evict, Closing::kIfNotBusy);
  if (admission.verdict != ConnectionRegistry::Verdict::kAdmitted) {
    // Refused at the TCP level: an answer would cost the flooder nothing and us a write.
    boost::system::error_code ignored;
    connection->stream.socket().close(ignored);
    return;
  }
  asio::co_spawn(connection->stream.get_executor(), serve(connection), asio::detached);
}

asio::awaitable<void> Server::serve(std::shared_ptr<Connection> connection) {
  beast::flat_buffer buffer;
  for (bool first = true;; first = false) {
    if (!co_await await_request(*connection, buffer, first)) break;
    Parser parser;
    auto read = co_await read_request(*connection, buffer, parser);
    if (read.gone) break;
    connections_.set_phase(*connection, Phase::kBusy);
    if (read.refusal) {
      co_await refuse_and_linger(*connection, std::move(*read.refusal));
      break;
    }
    const auto& message = parser.get();
    // The scope lives until its header is written.
    Exchange exchange = co_await dispatch(*connection, message);
    const bool keep_alive = message.keep_alive() && !closing_;
    const bool with_body = message.method() != bhttp::verb::head;
    ResponseHeader added;
    if (exchange.scope) added = exchange.scope->response_header();
    const bool written = co_await write_response(*connection, std::move(exchange.response),
                                                 message.version(), keep_alive, added, with_body);
    exchange.scope.reset();
    if (!written || !keep_alive) break;
  }
  boost::system::error_code ignored;
  connection->stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  connection->stream.close();
  connections_.remove(connection);
}

asio::awaitable<bool> Server::await_request(Connection& connection, beast::flat_buffer& buffer,
                                            bool first) {
  if (buffer.size() == 0) {  // a pipelined request may already be buffered
    connections_.set_phase(connection, Phase::kIdle);
    // Draining: a kept-alive connection ends unless its next request has already arrived; a new
    // one (taken from the backlog) is waiting for its first.
    boost::system::error_code unread;
    if (draining_ && !first && connection.stream.socket().available(unread) == 0) co_return false;
    boost::system::error_code ec;
    connection.deadline.expires_after(first ? limits_.header_timeout : limits_.idle_timeout);
    const auto n = co_await connection.stream.socket().async_read_some(
        buffer.prepare(4096), asio::redirect_error(use_awaitable, ec));
    if (ec) co_return false;
    buffer.commit(n);
  }
  // Begun, not complete: still a connection that may be closed to make room (one byte sent and
  // then silence is what a connection-filling attack looks like).
  connections_.set_phase(connection, Phase::kReading);
  co_return true;
}

asio::awaitable<Server::ReadResult> Server::read_request(Connection& connection,
                                                         beast::flat_buffer& buffer,
                                                         Parser& parser) {
  parser.header_limit(static_cast<std::uint32_t>(limits_.header_limit));
  parser.body_limit(limits_.body_limit);
  connection.deadline.expires_after(limits_.header_timeout);
  auto& socket = connection.stream.socket();
  boost::system::error_code ec =
      co_await read_message(socket, buffer, parser, ReadUntil::kHeader, limits_.header_limit);
  if (!ec) {
    // The head decides whether the body may be read at all (smuggling, a too-large length).
    std::optional<std::uint64_t> length;
    if (const auto declared = parser.content_length(); declared && !parser.chunked())
      length = *declared;
    if (auto refusal = refuse_host(parser.get().base()))
      co_return ReadResult{false, std::move(refusal)};
    if (auto refusal = refuse_framing(parser.get().base(), length, limits_.body_limit))
      co_return ReadResult{false, std::move(refusal)};
    if (!parser.is_done() && buffer.size() == 0 && expects_continue(parser.get()))
      ec = co_await continue_body(connection);
    if (!ec && !parser.is_done())
      ec = co_await read_message(socket, buffer, parser, ReadUntil::kMessage);
  }
  if (!ec) co_return ReadResult{};
  if (ec == bhttp::error::body_limit)
    co_return ReadResult{false, payload_too_large(limits_.body_limit)};
  if (ec == bhttp::error::header_limit)
    co_return ReadResult{false,
                         problem(431, "headers_too_large", "The request headers are too large.")};
  if (client_left(ec)) co_return ReadResult{true, std::nullopt};
  // Any other parse error leaves the stream out of step: answer and close.
  co_return ReadResult{false, problem(400, "bad_request", "The request is not valid HTTP/1.1.")};
}

asio::awaitable<Server::Exchange> Server::dispatch(const Connection& connection,
                                                   const Message& message) {
  const auto target = view(message.target());
  const auto question = target.find('?');
  // The client a trusted proxy speaks for, from the one header it writes; anyone else's
  // forwarding headers are ignored.
  ClientIdentity forwarded;
  if (connection.trusted_peer)
    forwarded =
        clients_.of_request(connection.peer, all_values(message, to_beast(clients_.header())));
  const ClientIdentity& client = connection.trusted_peer ? forwarded : connection.peer_client;
  Request request;
  request.method = view(message.method_string());
  request.path = target.substr(0, question);
  request.query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  request.content_type = view(message[bhttp::field::content_type]);
  request.authorization = view(message[bhttp::field::authorization]);
  request.if_none_match = view(message[bhttp::field::if_none_match]);
  request.accept = view(message[bhttp::field::accept]);
  request.body = message.body();
  request.client_address = client.address;
  request.client_key = client.key;
  request.user_agent = view(message[bhttp::field::user_agent]);
  request.received_at = std::chrono::steady_clock::now();

  const auto match = router_.match(request.method, request.path);
  std::unique_ptr<RequestScope> scope;
  if (instrumentation_ != nullptr) {
    MessageView<Message> info(message);
    info.method = request.method;
    info.path = request.path;
    info.client_address = client.address;
    info.client_port = connection.trusted_peer ? 0 : connection.peer_port;
    info.server_address = server_address_;
    info.server_port = server_port_;
    info.version = message.version();
    scope = instrumentation_->start(info);
    scope->routed(match.route);
  }
  trace::Span& span = scope ? scope->span() : trace::NullSpan::instance();

  Response response;
  if (match.route == nullptr) {
    if (match.allow.empty()) {
      response = problem(404, "not_found", "No such resource.");
    } else {
      response = problem(405, "method_not_allowed", "The method is not allowed here.");
      response.headers.emplace_back("Allow", match.allow);
    }
  } else if (match.route->execution == Execution::kInline || pool_ == nullptr) {
    trace::ContextScope active(span);
    response = call_handler(*match.route, request);
  } else {
    // Runs on a worker; this coroutine resumes on its own strand with the answer (the pool
    // gives the slot back itself, whatever the handler does).
    response = co_await call_on_pool(
        *pool_, work::PoolClient(client.key, client.network),
        [&] {
          trace::ContextScope active(span);
          return call_handler(*match.route, request);
        },
        overloaded);
  }
  if (scope) scope->finish(response);
  co_return Exchange{std::move(response), std::move(scope)};
}

// RFC 9110 §10.1.1: a client that sent `Expect: 100-continue` may hold the body back until told
// to go ahead (curl waits a second, then sends anyway). The head has passed every check that
// does not need the body, so tell it now.
asio::awaitable<boost::system::error_code> Server::continue_body(Connection& connection) {
  static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
  boost::system::error_code ec;
  co_await asio::async_write(connection.stream.socket(),
                             asio::buffer(kContinue.data(), kContinue.size()),
                             asio::redirect_error(use_awaitable, ec));
  co_return ec;
}

asio::awaitable<bool> Server::write_response(Connection& connection, Response response,
                                             unsigned version, bool keep_alive,
                                             ResponseHeader added, bool with_body) {
  auto& out = connection.write_buffer;
  out.clear();
  append_response_bytes(out, response, version, keep_alive, http_date_now(), added, with_body);
  connection.deadline.expires_after(limits_.idle_timeout);
  boost::system::error_code ec;
  co_await asio::async_write(connection.stream.socket(), asio::buffer(out),
                             asio::redirect_error(use_awaitable, ec));
  co_return !ec;
}

// Answers, then reads and drops whatever the client is still sending before the caller closes:
// closing with unread bytes makes the kernel send a reset, which can destroy the answer before
// the client reads it (a client that writes its whole body first would see only ECONNRESET).
asio::awaitable<void> Server::refuse_and_linger(Connection& connection, Response refusal) {
  if (!co_await write_response(connection, std::move(refusal), 11, false)) co_return;
  auto& stream = connection.stream;
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);  // the client sees the end now
  const auto until = std::chrono::steady_clock::now() + limits_.linger_time;
  std::array<char, 16 * 1024> sink;
  for (std::size_t dropped = 0; dropped < limits_.linger_bytes;) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero()) break;
    stream.expires_after(std::min<std::chrono::steady_clock::duration>(left, limits_.linger_gap));
    dropped += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(use_awaitable, ec));
    if (ec) break;
  }
}

}  // namespace authlens::http
