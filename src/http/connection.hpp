#pragma once
// One accepted TCP connection as the listener keeps it: the stream, who is at the other end, and
// the bookkeeping the connection registry needs (kept here so that it costs no allocation).
#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "http/client_identity.hpp"
#include "http/deadline.hpp"

namespace authlens::http {

struct ConnectionHolder;  // the registry's count and list for one client key

// Where a connection is in its request cycle. Idle and reading connections cost the service
// nothing but a descriptor, so near the listener's cap they may be closed to make room; a busy
// one is being answered and is left to finish.
enum class Phase : std::uint8_t {
  kIdle,     // waiting for the first byte of a request (a drain may close it)
  kReading,  // a request has begun and is not complete (one byte is enough)
  kBusy,     // the request is complete and being answered
};

struct Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(boost::asio::ip::tcp::socket socket) : stream(std::move(socket)) {}

  // Requests are read and responses written on the socket directly, under `deadline` (checked by
  // the server's sweep); the lingering close after an early answer uses the stream's timeouts.
  boost::beast::tcp_stream stream;
  Deadline deadline;
  std::string write_buffer;  // the response's bytes, reused by every response
  boost::asio::ip::address peer;
  ClientIdentity peer_client;  // the peer's address text, key (its connection cap) and network
  unsigned short peer_port = 0;
  bool trusted_peer = false;  // a trusted proxy: its forwarding header is read
  std::atomic<Phase> phase{Phase::kIdle};

  // Owned by ConnectionRegistry, under its mutex: the intrusive list of this client's idle or
  // reading connections, oldest first.
  ConnectionHolder* holder = nullptr;
  Connection* evictable_prev = nullptr;
  Connection* evictable_next = nullptr;
  std::uint64_t evictable_since = 0;  // the registry's sequence number when it joined the list
  bool in_evictable_list = false;
};

}  // namespace authlens::http
