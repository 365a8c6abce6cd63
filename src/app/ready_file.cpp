#include "app/ready_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace authlens::app {

std::string endpoint_text(const boost::asio::ip::tcp::endpoint& endpoint) {
  const auto address = endpoint.address().to_string();
  const auto port = std::to_string(endpoint.port());
  return endpoint.address().is_v6() ? "[" + address + "]:" + port : address + ":" + port;
}

void write_ready_file(const std::string& path, const boost::asio::ip::tcp::endpoint& http,
                      const boost::asio::ip::tcp::endpoint& admin) {
  const nlohmann::json body = {
      {"http", endpoint_text(http)}, {"admin", endpoint_text(admin)}, {"pid", ::getpid()}};
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << body.dump() << "\n";
    if (!out.flush()) throw std::runtime_error("AUTHLENS_READY_FILE: cannot write " + temporary);
  }
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec)
    throw std::runtime_error("AUTHLENS_READY_FILE: cannot write " + path + ": " + ec.message());
}

void remove_ready_file(const std::string& path) noexcept {
  std::error_code ec;
  std::filesystem::remove(path, ec);
}

}  // namespace authlens::app
