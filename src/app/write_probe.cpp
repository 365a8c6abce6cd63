#include "app/write_probe.hpp"

#include <algorithm>

namespace authlens::app {

namespace {
constexpr std::chrono::milliseconds kWhileFailing{1000};
}

WriteProbe::WriteProbe(boost::asio::io_context& io, work::WorkPool& pool, store::Store& store,
                       std::chrono::milliseconds interval, std::function<void()> then)
    : timer_(io), pool_(pool), store_(store), interval_(interval), then_(std::move(then)) {}

void WriteProbe::start() { schedule(); }

void WriteProbe::stop() { timer_.cancel(); }

void WriteProbe::schedule() {
  const auto wait = store_.health().writable() ? interval_ : std::min(interval_, kWhileFailing);
  timer_.expires_after(wait);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    // One probe at a time: a database that hangs must not fill the pool with probes.
    if (!running_->exchange(true)) {
      pool_.post([&store = store_, &then = then_, running = running_] {
        store.probe_write();
        if (then) then();
        *running = false;
      });
    }
    schedule();
  });
}

}  // namespace authlens::app
