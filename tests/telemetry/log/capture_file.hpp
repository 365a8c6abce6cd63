#pragma once
// A temporary file a Logger can write to and a test can read back, and a Logger wired to one
// (the logger tests and the mail tests both use these).
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "telemetry/log/logger.hpp"

namespace authlens::log::testing {

class CaptureFile {
 public:
  CaptureFile() : file_(std::tmpfile()) {}
  ~CaptureFile() { std::fclose(file_); }
  CaptureFile(const CaptureFile&) = delete;
  CaptureFile& operator=(const CaptureFile&) = delete;

  int fd() const { return fileno(file_); }

  std::string contents() const {
    std::string out;
    char buf[4096];
    off_t offset = 0;
    for (ssize_t n; (n = pread(fd(), buf, sizeof buf, offset)) > 0; offset += n) out.append(buf, n);
    return out;
  }

  std::vector<std::string> lines() const {
    std::vector<std::string> out;
    std::istringstream in(contents());
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

 private:
  std::FILE* file_;
};

// A JSON logger at debug level whose output a test reads back with output() (which flushes).
class CapturedLogger {
 public:
  CapturedLogger() {
    Logger::Options options;
    options.fd = file_.fd();
    options.level = Level::kDebug;
    logger_ = std::make_unique<Logger>(options);
  }

  Logger& logger() { return *logger_; }
  std::string output() {
    logger_->flush();
    return file_.contents();
  }

 private:
  CaptureFile file_;  // outlives the logger, which flushes into it when destroyed
  std::unique_ptr<Logger> logger_;
};

}  // namespace authlens::log::testing
