// The watchdog ends a blocked read at its deadline, and never touches a socket it was told is
// gone.
#include "store/postgres/pg_watchdog.hpp"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

namespace authlens::store::postgres {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() { EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0); }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

TEST(WatchdogTest, ABlockedReadEndsAtTheDeadline) {
  Watchdog watchdog;
  SocketPair pair;  // nothing is ever written to fds[1]: the read would wait forever
  Watchdog::Entry entry;
  const auto started = Clock::now();
  watchdog.arm(entry, pair.fds[0], started + 100ms);
  char byte;
  EXPECT_EQ(::read(pair.fds[0], &byte, 1), 0) << "EOF once the socket is shut down";
  const auto waited = Clock::now() - started;
  EXPECT_GE(waited, 100ms);
  EXPECT_LT(waited, 400ms);
  EXPECT_TRUE(watchdog.disarm(entry));
}

TEST(WatchdogTest, ADisarmedOrForgottenSocketIsLeftAlone) {
  Watchdog watchdog;
  SocketPair pair;
  Watchdog::Entry entry;
  watchdog.arm(entry, pair.fds[0], Clock::now() + 20ms);
  watchdog.set_fd(entry, -1);  // the connection is being replaced
  Watchdog::Entry other;
  watchdog.arm(other, pair.fds[0], Clock::now() + 20ms);
  EXPECT_FALSE(watchdog.disarm(other));  // in time
  // Both deadlines pass; the socket still works both ways.
  Watchdog::Entry later;
  watchdog.arm(later, -1, Clock::now() + 60ms);
  while (!watchdog.fired(later)) std::this_thread::yield();
  EXPECT_EQ(::write(pair.fds[1], "x", 1), 1);
  char byte = 0;
  EXPECT_EQ(::read(pair.fds[0], &byte, 1), 1);
  EXPECT_TRUE(watchdog.disarm(entry));  // it fired, on no socket
  EXPECT_TRUE(watchdog.disarm(later));
}

}  // namespace
}  // namespace authlens::store::postgres
