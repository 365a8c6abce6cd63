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
#include <string_view>

namespace authlens::http {

enum class ReadUntil { kHeader, kMessage };

// True when the header bytes at the start of `buffered` hold a line folded onto the one before
// it (obs-fold: CRLF then a space or tab). RFC 9112 §5.2 lets a server reject it, and we do:
// Beast joins the lines, so a Transfer-Encoding folded onto a continuation line would be
// honoured by us and maybe not by a proxy in front. Beast keeps a field's line in the buffer
// until it has seen the byte after its CRLF, so a fold is always whole in one scan.
inline bool has_obs_fold(std::string_view buffered) {
  const auto end = buffered.find("\r\n\r\n");
  const auto header = buffered.substr(0, end == std::string_view::npos ? end : end + 2);
  for (auto at = header.find('\n'); at != std::string_view::npos && at + 1 < header.size();
       at = header.find('\n', at + 1)) {
    if (header[at + 1] == ' ' || header[at + 1] == '\t') return true;
  }
  return false;
}

// Reading the header (ReadUntil::kHeader) also refuses obs-fold (error::bad_obs_fold) and counts
// the whole header block, request line included, against `header_limit` (error::header_limit):
// Beast's own limit applies to what it has not consumed yet, and it consumes a header field by
// field, so many small fields passed it.
template <class Stream, bool isRequest>
boost::asio::awaitable<boost::system::error_code> read_message(
    Stream& stream, boost::beast::flat_buffer& buffer,
    boost::beast::http::basic_parser<isRequest>& parser, ReadUntil until,
    std::size_t header_limit = 8 * 1024) {
  namespace bhttp = boost::beast::http;
  const bool header_only = until == ReadUntil::kHeader;
  parser.eager(!header_only);  // as async_read_header and async_read set it
  boost::system::error_code ec;
  std::size_t header_bytes = 0;  // of the header block, consumed by the parser so far
  for (;;) {
    if (header_only ? parser.is_header_done() : parser.is_done()) co_return ec;
    if (buffer.size() != 0) {
      const auto* data = static_cast<const char*>(buffer.data().data());
      if (header_only && has_obs_fold({data, buffer.size()})) co_return bhttp::error::bad_obs_fold;
      const std::size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (header_only) {
        header_bytes += used;
        // Unfinished, everything still buffered belongs to the header; finished, `used` ended it.
        const std::size_t pending = parser.is_header_done() ? 0 : buffer.size();
        if (header_bytes + pending > header_limit) co_return bhttp::error::header_limit;
      }
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
