#pragma once
// Reads one HTTP message into a Beast parser from the calling coroutine: what
// beast::http::async_read (and async_read_header) do, with the same limits, errors and end-of-
// stream handling, written as a plain loop. A request that is already buffered (the usual case:
// the server has just read it to see the connection is busy) is parsed without any I/O, where the
// composed operation still posted its completion through the executor; with the strand and type-
// erased executor in between, that round trip cost thousands of instructions a request.
#include <utility>  // before asio's awaitable header (Boost 1.74 needs std::exchange)

#include <boost/asio/awaitable.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/read_size.hpp>
#include <boost/beast/http/basic_parser.hpp>
#include <boost/beast/http/error.hpp>
#include <stdexcept>

namespace authlens::http {

enum class ReadUntil { kHeader, kMessage };

template <class Stream, bool isRequest>
boost::asio::awaitable<boost::system::error_code> read_message(
    Stream& stream, boost::beast::flat_buffer& buffer,
    boost::beast::http::basic_parser<isRequest>& parser, ReadUntil until) {
  namespace bhttp = boost::beast::http;
  const bool header_only = until == ReadUntil::kHeader;
  parser.eager(!header_only);  // as async_read_header and async_read set it
  boost::system::error_code ec;
  for (;;) {
    if (header_only ? parser.is_header_done() : parser.is_done()) co_return ec;
    if (buffer.size() != 0) {
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec != bhttp::error::need_more) {
        if (ec) co_return ec;
        continue;
      }
      ec = {};
    }
    const std::size_t size = boost::beast::read_size(buffer, 65536);
    if (size == 0) co_return bhttp::error::buffer_overflow;
    boost::beast::flat_buffer::mutable_buffers_type space;
    try {
      space = buffer.prepare(size);
    } catch (const std::length_error&) {
      co_return bhttp::error::buffer_overflow;
    }
    const std::size_t n = co_await stream.async_read_some(
        space, boost::asio::redirect_error(boost::asio::use_awaitable, ec));
    buffer.commit(n);
    if (ec == boost::asio::error::eof) {
      if (!parser.got_some()) co_return bhttp::error::end_of_stream;
      ec = {};
      parser.put_eof(ec);  // a message that ends with the stream (e.g. HTTP/1.0 bodies)
      co_return ec;
    }
    if (ec) co_return ec;
  }
}

}  // namespace authlens::http
