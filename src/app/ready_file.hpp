#pragma once
// AUTHLENS_READY_FILE: once both listeners are bound, their addresses are written to this file
// (atomically: a reader sees no file or the whole of it). A supervisor or test that starts the
// service on port 0 reads the ports from here instead of guessing a free one and racing for it.
#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace authlens::app {

// {"http":"127.0.0.1:40123","admin":"127.0.0.1:40124","pid":1234}; throws std::runtime_error.
void write_ready_file(const std::string& path, const boost::asio::ip::tcp::endpoint& http,
                      const boost::asio::ip::tcp::endpoint& admin);
void remove_ready_file(const std::string& path) noexcept;

std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace authlens::app
