#pragma once
// Whether the database takes writes, as real statements and the write probe find it. A failure
// that says the database is at fault (disk full, read-only, I/O error, connection lost) marks it
// unwritable until a write succeeds again; each distinct cause is reported once per outage, so
// the log says why without repeating itself on every request.
#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <string_view>

namespace authlens::store {

class StoreHealth {
 public:
  // Called outside the lock: (cause, false) for a new cause, ("", true) once writes work again.
  using Reporter = std::function<void(const std::string& cause, bool recovered)>;

  void set_reporter(Reporter reporter);
  // A statement failed because of the database, not the request.
  void failed(std::string_view cause);
  // A write committed.
  void wrote();
  // Lock-free: /readyz reads it on an I/O thread.
  bool writable() const noexcept { return writable_.load(std::memory_order_acquire); }

 private:
  std::atomic<bool> writable_{true};
  mutable std::mutex mutex_;
  std::set<std::string, std::less<>> causes_;  // of the current outage; empty: writable
  Reporter reporter_;
};

}  // namespace authlens::store
