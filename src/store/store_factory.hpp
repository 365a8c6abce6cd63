#pragma once
// open_store with an optional tracer: tests and tools open stores without a tracing SDK.
#include <memory>
#include <string>

#include "store/store.hpp"

namespace authlens::store {

// A null tracer records no spans.
std::unique_ptr<Store> make_store(const std::string& url, trace::Tracer* tracer,
                                  const StoreOptions& options = {});

}  // namespace authlens::store
