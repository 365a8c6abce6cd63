#pragma once
// The one place a flow's outcome is reported (included by the service's .cpp files only).
#include "account/service.hpp"

namespace authlens::account {

template <typename T, typename Body>
Result<T> AccountService::flow(std::string_view name, Body&& body) {
  auto report = [&](std::string_view result) {
    if (deps_.observer != nullptr) deps_.observer->on_event(name, result);
  };
  try {
    Result<T> result = body();
    report(result.ok() ? "ok" : to_string(result.error().code));
    return result;
  } catch (const store::StoreError&) {
    report(to_string(ErrorCode::kUnavailable));
    throw;  // the HTTP layer answers 503
  }
}

}  // namespace authlens::account
