#pragma once
// A temporary file a Logger can write to and a test can read back.
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

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

}  // namespace authlens::log::testing
