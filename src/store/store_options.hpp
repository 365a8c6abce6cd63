#pragma once
// How long the store waits for its database, and how PostgreSQL connections are kept honest
// (the settings AUTHLENS_STORE_TIMEOUT_MS and AUTHLENS_PG_*; README "The store's timeouts").
#include <chrono>

namespace authlens::store {

struct PgTimeouts {
  // Opening a connection (TCP or socket, TLS, authentication); never longer than the call's
  // deadline either.
  std::chrono::milliseconds connect{2000};
  // Server side, below the store timeout: a slow statement or a lock held elsewhere is canceled
  // by the server itself (SQLSTATE 57014, 55P03), which keeps the connection.
  std::chrono::milliseconds statement{2500};
  std::chrono::milliseconds lock{2000};
  // A dead peer on an idle TCP connection (a partition, a host gone) is found by keepalives, and
  // unacknowledged data by tcp_user_timeout, instead of ~15 minutes of retransmissions.
  std::chrono::seconds keepalive_idle{5};
  std::chrono::seconds keepalive_interval{2};
  int keepalive_count = 3;
  std::chrono::milliseconds tcp_user_timeout{5000};
};

struct StoreOptions {
  // The longest a store call waits for the database when its caller set no deadline of its own
  // (store/deadline.hpp); also how long a call queues for a pooled connection.
  std::chrono::milliseconds timeout{3000};
  PgTimeouts pg;
};

}  // namespace authlens::store
