#pragma once
// One accepted TCP connection as the listener keeps it: the stream, who is at the other end, and
// the bookkeeping the connection registry needs (kept here so that it costs no allocation).
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <memory>
#include <string>

#include "http/deadline.hpp"

namespace authlens::http {

struct Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(boost::asio::ip::tcp::socket socket) : stream(std::move(socket)) {}

  // Requests are read and responses written on the socket directly, under `deadline` (checked by
  // the server's sweep); the lingering close after an early answer uses the stream's timeouts.
  boost::beast::tcp_stream stream;
  Deadline deadline;
  std::string write_buffer;  // the response's bytes, reused by every response
  boost::asio::ip::address peer;
  std::string peer_text;  // canonical text of `peer`: the per-client key
  unsigned short peer_port = 0;
  bool trusted_peer = false;  // a trusted proxy: its Forwarded headers are read
  // Waiting for a request to begin: the only state in which a drain or an eviction may close it.
  std::atomic<bool> idle{true};

  // Owned by ConnectionRegistry, under its mutex: the intrusive list of idle connections.
  Connection* idle_prev = nullptr;
  Connection* idle_next = nullptr;
  bool in_idle_list = false;
};

}  // namespace authlens::http
