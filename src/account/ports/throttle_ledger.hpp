#pragma once
// Throttle events: rows of (key, time); limits count them inside a window.
#include <cstdint>
#include <string_view>

#include "account/ports/records.hpp"

namespace authlens::account::ports {

class ThrottleLedger {
 public:
  virtual ~ThrottleLedger() = default;
  virtual EventWindow count_events(std::string_view key, std::int64_t since) = 0;
  virtual std::int64_t add_event(std::string_view key, std::int64_t now) = 0;  // its id
  virtual void remove_event(std::int64_t id) = 0;
  virtual void clear_events(std::string_view key) = 0;
};

}  // namespace authlens::account::ports
