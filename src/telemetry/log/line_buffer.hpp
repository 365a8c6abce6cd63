#pragma once
// The buffer a log line is formatted into: reused per thread, written through a raw pointer once
// room is reserved, so a line costs no allocation and no per-piece std::string bookkeeping.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>

namespace authlens::log {

class LineBuffer {
 public:
  void clear() noexcept { size_ = 0; }
  // Room for `n` more bytes; write them at the returned pointer, then commit the end.
  char* reserve(std::size_t n) {
    if (size_ + n > storage_.size()) grow(n);
    return storage_.data() + size_;
  }
  void commit(const char* end) noexcept { size_ = static_cast<std::size_t>(end - storage_.data()); }

  void append(std::string_view text) {
    std::memcpy(reserve(text.size()), text.data(), text.size());
    size_ += text.size();
  }
  template <std::size_t N>
  void append_literal(const char (&text)[N]) {
    std::memcpy(reserve(N - 1), text, N - 1);
    size_ += N - 1;
  }
  void push_back(char c) {
    *reserve(1) = c;
    ++size_;
  }

  std::string_view view() const noexcept { return {storage_.data(), size_}; }

 private:
  void grow(std::size_t n) { storage_.resize(std::max(storage_.size() * 2, size_ + n + 512)); }

  std::string storage_;  // its size is the capacity in use; size_ what holds the line
  std::size_t size_ = 0;
};

}  // namespace authlens::log
