#pragma once
// The PostgreSQL pool, and one use of one of its connections: taken within the call's deadline,
// checked, and watched until it goes back.
#include "store/connection_pool.hpp"
#include "store/deadline.hpp"
#include "store/postgres/pg_connection.hpp"

namespace authlens::store::postgres {

using Pool = ConnectionPool<Connection>;

class PooledUse {
 public:
  // Throws StoreTimeout when no connection is free before `deadline`, StoreError when the one
  // taken cannot be made to work.
  PooledUse(Pool& pool, DeadlineClock::time_point deadline)
      : lease_(pool.acquire_for(time_left(deadline))) {
    lease_->begin_use(deadline);
  }
  ~PooledUse() { lease_->end_use(); }
  PooledUse(const PooledUse&) = delete;
  PooledUse& operator=(const PooledUse&) = delete;

  Connection& operator*() const noexcept { return *lease_; }
  Connection* operator->() const noexcept { return &*lease_; }

 private:
  Pool::Lease lease_;
};

}  // namespace authlens::store::postgres
